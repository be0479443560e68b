"""Word features shared by grouping and alignment: content words, entity-like names, quote keys."""

from __future__ import annotations

import functools
import re
import unicodedata

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from . import quotes

_WORD = re.compile(r"[^\W_]+(?:[’'][^\W_]+)*", re.UNICODE)
_NAME = re.compile(r"\b(?:[A-Z][\w’'-]+|[A-Z]{2,})(?:[^\S\n]+(?:of[^\S\n]+the[^\S\n]+|of[^\S\n]+)?(?:[A-Z][\w’'-]+|[A-Z]{2,}))*")


def words(text: str) -> list[str]:
    """Lower-cased word tokens, apostrophes folded to straight ones."""
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def content_words(text: str) -> list[str]:
    return list(_content_words(text))


@functools.lru_cache(maxsize=1 << 15)
def _content_words(text: str) -> tuple[str, ...]:
    """Checks ask for the words of one sentence many times, once per sentence they compare it with."""
    return tuple(_stem(w) for w in words(text) if w not in ENGLISH_STOP_WORDS and len(w) > 2)


def names(text: str) -> set[str]:
    """Capitalised word runs (a cheap stand-in for named entities), minus sentence-initial stopwords.
    A run stops at a line break: a title and the body's first name are two names."""
    found = set()
    for match in _NAME.finditer(text):
        name = match.group().replace("’", "'")
        if name.lower() in ENGLISH_STOP_WORDS or len(name) < 3:
            continue
        found.add(name)
    return found


def is_title(text: str) -> bool:
    """'The Fires of Pompeii', 'Do You Feel It?': every longer word capitalised, a title in quote
    marks, not speech."""
    words = [w for w in text.strip(" ,.;:?!").split() if len(w) > 3]
    return bool(words) and all(w[:1].isupper() for w in words)


def quote_key(text: str) -> str:
    """A quote reduced to its words, for matching across versions."""
    return " ".join(words(unicodedata.normalize("NFKC", text)))


def quoted_keys(text: str) -> list[str]:
    """The keys of the quotes of `text` that have two words or more."""
    keys = [quote_key(text[q.start : q.end]) for q in quotes.spans(text)]
    return [k for k in keys if len(k.split()) >= 2]


def _stem(word: str) -> str:
    word = word.removesuffix("'s")
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word
