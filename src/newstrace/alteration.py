"""Quotes that several versions carry in different words, or credit to different speakers.

Two quotes are the same quote when most words of the shorter appear, in order, in the longer. A
shortened quote (one unbroken part of the longer) is not an alteration. The rest is:
- words changed: words of one form that the other does not have;
- spliced: the shorter joins pieces that stand apart in the longer, with no ellipsis at the join;
- a different speaker: the same words credited to two people who are not one entity.

    alteration.find(versions, people) -> [Flag, ...]
"""

from __future__ import annotations

import difflib
import re

from . import entities, segment, text_features
from .types import Flag, Quote
from .versions import Versions

SAME_QUOTE = 0.6  # share of the shorter quote's words found in order in the longer
MIN_WORDS = 4
ELLIPSIS = ("...", "…", "[", "(")


def find(v: Versions, people: set[str]) -> list[Flag]:
    quotes = [(k, q) for aid in sorted(v.articles) for k in v.keys(aid) for q in v.label(k).quotes]
    found_in = {(art, start): len(ids) for art, start, ids in v.alignment.quote_found_in}
    flags, seen = [], set()
    for i, (ka, qa) in enumerate(quotes):
        for kb, qb in quotes[i + 1 :]:
            if qa.article == qb.article:
                continue
            why = _altered(qa, qb) or _other_speaker(v, (ka, qa), (kb, qb), people)
            if not why:
                continue
            (kw, qw), (ks, qs) = sorted([(ka, qa), (kb, qb)], key=lambda x: found_in.get((x[1].article, x[1].start), 1))
            if (qw.article, qw.start) in seen:
                continue
            seen.add((qw.article, qw.start))
            flags.append(Flag("quote_altered", v.span(kw, qw.start, qw.end), f"{why} ({v.name(qs.article)})",
                              v.span(ks, qs.start, qs.end)))
    return flags


def _altered(qa: Quote, qb: Quote) -> str | None:
    if text_features.is_title(qa.text) or text_features.is_title(qb.text):
        return None
    wa, wb = _words(qa.text), _words(qb.text)
    (short, short_q), (long, long_q) = sorted([(wa, qa), (wb, qb)], key=lambda x: len(x[0]))
    if len(short) < MIN_WORDS or short == long:
        return None
    matcher = difflib.SequenceMatcher(None, short, long, autojunk=False)
    blocks = [b for b in matcher.get_matching_blocks() if b.size]
    if not blocks or sum(b.size for b in blocks) / len(short) < SAME_QUOTE or max(b.size for b in blocks) < 3:
        return None
    changed, dropped = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "replace" and not (i2 - i1 == j2 - j1 and all(map(_variant, short[i1:i2], long[j1:j2]))):
            changed += short[i1:i2]
        elif op == "delete" and 0 < i1 and i2 < len(short):  # at an edge: the quote marks sit elsewhere
            changed += short[i1:i2]
        elif op == "insert" and 0 < i1 < len(short):
            dropped.append(" ".join(long[j1:j2]))
    if changed:
        return f"the same quote with words changed ('{' '.join(changed[:6])}' appears in one form only)"
    if dropped and not any(m in short_q.text for m in ELLIPSIS) and not _bracketed(long_q.text, dropped[0]):
        return f"the quote is spliced: '{dropped[0]}' is cut from its middle with no ellipsis"
    return None


ORDINALS = {w: str(k) + ("st" if k == 1 else "nd" if k == 2 else "rd" if k == 3 else "th") for k, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth "
    "fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split(), start=1)}
ENDINGS = {"n't": ["not"], "'re": ["are"], "'m": ["am"], "'ll": ["will"], "'ve": ["have"], "'d": ["would"]}
IRREGULAR = {"can't": ["can", "not"], "won't": ["will", "not"], "shan't": ["shall", "not"]}
IS_AFTER = {"it", "he", "she", "that", "there", "what", "here", "who", "where", "everything", "nothing"}


def _words(text: str) -> list[str]:
    """A quote's words with the forms a copy editor changes spelt out: "it's" = "it is", "I'd" = "I
    would", "don't" = "do not", "Twelfth" = "12th" (so a house style is no alteration)."""
    out: list[str] = []
    for w in text_features.quote_key(text).split():
        out += _spelt_out(w)
    return [ORDINALS.get(w, w) for w in out]


def _spelt_out(word: str) -> list[str]:
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word.endswith("'s") and word[:-2] in IS_AFTER:
        return [word[:-2], "is"]
    for ending, rest in ENDINGS.items():
        if word.endswith(ending) and len(word) > len(ending):
            return [word[: -len(ending)], *rest]
    return [word]


def _variant(a: str, b: str) -> bool:
    """Spelling variants, not different words: realised/realized, can't/cant, neighbourhood/neighborhood."""
    a, b = a.replace("'", ""), b.replace("'", "")
    return a == b or len(a) > 4 and a[:3] == b[:3] and difflib.SequenceMatcher(None, a, b).ratio() >= 0.8


def _bracketed(text: str, words: str) -> bool:
    """Words inside brackets are the editor's, not the speaker's: leaving them out is no splice."""
    inside = " ".join(re.findall(r"[\(\[]([^\)\]]*)[\)\]]", text))
    return bool(inside) and words in text_features.quote_key(inside)


def _other_speaker(v: Versions, a, b, people: set[str]) -> str | None:
    (ka, qa), (kb, qb) = a, b
    wa, wb = text_features.quote_key(qa.text), text_features.quote_key(qb.text)
    if min(len(wa.split()), len(wb.split())) < 3 or not (wa in wb or wb in wa):
        return None
    if not (_named_person(v, ka, qa, people) and _named_person(v, kb, qb, people)):
        return None
    if entities.same_entity(qa.speaker, qb.speaker):
        return None
    return f"the same words credited to {qa.speaker} in one version and to {qb.speaker} in the other"


def _named_person(v: Versions, key, q: Quote, people: set[str]) -> bool:
    """The quote is credited on record to a person of the story named in the quote's own paragraph."""
    if not q.speaker or q.speaker_kind != "on_record" or not any(entities.same_entity(q.speaker, p) for p in people):
        return False
    body = v.articles[key[0]].body
    sent = v.sentence(key)
    start, end = segment.paragraph_bounds(body, sent.start, sent.end)
    paragraph = entities.fold(body[start:end])
    return entities.fold(q.speaker).split()[-1] in paragraph
