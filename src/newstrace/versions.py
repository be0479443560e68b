"""The versions of one story as the checks see them: articles, sentences, labels and their alignment.

    v = versions.Versions.of(articles, sentences, labels, alignment)
    v.linked_pairs()  -> [((article, index), (other, other_index)), ...] once per pair
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass

from . import details, lexicon
from .types import Article, Label, Sentence, Span, StoryAlignment

Key = tuple[str, int]


@dataclass(frozen=True)
class Versions:
    articles: dict[str, Article]
    sentences: dict[str, list[Sentence]]
    labels: dict[str, list[Label]]
    alignment: StoryAlignment

    @classmethod
    def of(cls, articles: list[Article], sentences, labels, alignment: StoryAlignment) -> Versions:
        ids = [a.id for a in articles]
        return cls({a.id: a for a in articles}, {i: sentences[i] for i in ids}, {i: labels[i] for i in ids}, alignment)

    def sentence(self, key: Key) -> Sentence:
        return self._by_key[key][0]

    def label(self, key: Key) -> Label:
        return self._by_key[key][1]

    @functools.cached_property
    def _by_key(self) -> dict[Key, tuple[Sentence, Label]]:
        out = {}
        for aid, sents in self.sentences.items():
            for s, lab in zip(sents, self.labels[aid]):
                out[(aid, s.index)] = (s, lab)
        return out

    def keys(self, article: str) -> list[Key]:
        return [(article, s.index) for s in self.sentences[article]]

    def linked_pairs(self) -> list[tuple[Key, Key]]:
        return sorted(self._linked)

    def linked(self, a: Key, b: Key) -> bool:
        """Did the alignment put these two sentences side by side?"""
        return (a, b) in self._linked or (b, a) in self._linked

    @functools.cached_property
    def _linked(self) -> set[tuple[Key, Key]]:
        return {((l.article, l.index), (l.other, l.other_index)) for l in self.alignment.links if l.article < l.other}

    def span(self, key: Key, start: int | None = None, end: int | None = None) -> Span:
        """The span of a sentence, or of part of it when `start`/`end` (article offsets) are given."""
        s = self.sentence(key)
        text = self.articles[key[0]].title if s.headline else self.articles[key[0]].body
        start = s.start if start is None else start
        end = s.end if end is None else end
        return Span(key[0], start, end, (text or "")[start:end])

    def name(self, article: str) -> str:
        """How a reader recognises a version: its outlet, or its file name."""
        a = self.articles[article]
        return a.outlet or a.source.rsplit("/", 1)[-1] or a.id

    @functools.lru_cache(maxsize=None)  # noqa: B019 - one Versions lives for one story
    def details(self, key: Key) -> tuple[details.Detail, ...]:
        return tuple(details.of(self.articles[key[0]], self.sentence(key)))

    def article_details(self, article: str) -> Iterator[details.Detail]:
        """The details of every sentence of `article`, in order (computed as they are asked for)."""
        for key in self.keys(article):
            yield from self.details(key)

    def __hash__(self) -> int:
        return id(self)

    def __eq__(self, other) -> bool:
        return self is other


SPEECH_ACTS = ("ask", "urge", "order", "appeal", "call", "advise", "instruct", "encourage", "tell", "beg")


@functools.lru_cache(maxsize=1)
def reporting_forms() -> frozenset[str]:
    """Reporting and speech-act verbs in their written forms: says, said, told, urged, asked."""
    forms = {"said", "told", "wrote", "spoke", "gave"}
    for verb in lexicon.words("reporting_verbs") | set(SPEECH_ACTS):
        stem = verb[:-1] if verb.endswith("e") else verb
        forms |= {verb, verb + "s", verb + "es", stem + "ed", verb + "d"}
    return frozenset(forms)


PRONOUNS = frozenset({"i", "we", "he", "she", "they", "it", "you", "him", "her", "them"})


def is_pronoun(name: str | None) -> bool:
    return bool(name) and name.lower() in PRONOUNS
