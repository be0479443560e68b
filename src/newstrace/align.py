"""Line the versions of a story up sentence by sentence and reconstruct what they share (the core).

For every pair of versions, each sentence gets at most one counterpart in the other version, chosen
greedily by the strongest of three signals: shared quoted words (2+ words), TF-IDF cosine of content
words and names, and the cosine of MiniLM sentence embeddings (`embed`, when installed). A sentence
is `core` when another version carries it: it has a counterpart, or it carries the words of a quote
that two or more versions carry. The story's core list holds those quotes (shortest form, with the
speaker most versions credit and the agency credited, `via`), then the shared statements, most
supported first.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from . import embed, entities, lexicon, quotes, text_features
from .settings import Settings
from .types import Article, CoreItem, Label, Link, Quote, Sentence, Story, StoryAlignment

NOT_SPEAKERS = {"he", "she", "they", "him", "her", "it", "we", "i", "you", "this", "that", "who"}


def story(story: Story, articles: list[Article], sentences: dict[str, list[Sentence]],
          labels: dict[str, list[Label]], via: str | None, settings: Settings) -> StoryAlignment:
    """The alignment of one story's versions, with its core."""
    links = _links(articles, sentences, settings)
    shared_quotes = _shared_quotes(articles, labels)
    core_keys = [text_features.quote_key(q.text) for q, ids in shared_quotes if len(ids) > 1]
    core_sents = {(l.article, l.index) for l in links}
    core_sents |= {(q.article, q.sentence) for q, ids in shared_quotes if len(ids) > 1}
    core_sents |= _carrying(sentences, articles, [k for k in core_keys if len(k.split()) >= 2])
    core = _core_items(shared_quotes, links, sentences, labels, via)
    found_in = tuple((q.article, q.start, tuple(ids)) for q, ids in shared_quotes)
    return StoryAlignment(story.id, tuple(links), tuple(core), frozenset(core_sents), found_in)


def _carrying(sentences, articles, keys: list[str]) -> set[tuple[str, int]]:
    """Sentences that carry the words of a shared quote, quoted or not."""
    out = set()
    for a in articles:
        for s in sentences[a.id]:
            words = text_features.quote_key(s.text)
            if any(k in words for k in keys):
                out.add((s.article, s.index))
    return out


# ---- links ---------------------------------------------------------------------------------------

def _links(articles, sentences, settings: Settings) -> list[Link]:
    every = [s for a in articles for s in sentences[a.id]]
    if len(articles) < 2 or not every:
        return []
    docs = [_sentence_features(s) for s in every]
    vectors = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True).fit_transform(docs)
    embedded = embed.sentences([s.text for s in every]) if embed.available() else None
    where = {(s.article, s.index): k for k, s in enumerate(every)}
    quote_keys = {(s.article, s.index): (_quote_keys(s.text), text_features.quote_key(s.text)) for s in every}
    links: list[Link] = []
    for i, a in enumerate(articles):
        for b in articles[i + 1 :]:
            sims = _pair_similarity(sentences[a.id], sentences[b.id], vectors, embedded, where, quote_keys, settings)
            links += _match(sentences[a.id], sentences[b.id], sims, settings)
    return links


def _pair_similarity(left, right, vectors, embedded, where, quote_keys, settings: Settings) -> np.ndarray:
    rows = [where[(s.article, s.index)] for s in left]
    cols = [where[(s.article, s.index)] for s in right]
    sims = (vectors[rows] @ vectors[cols].T).toarray()
    if embedded is not None:
        semantic = embedded[rows] @ embedded[cols].T
        sims = np.maximum(sims, _rescale(semantic, settings.sentence_embedding_similarity, settings.sentence_similarity))
    for i, s in enumerate(left):
        for j, t in enumerate(right):
            if _shares_quote(quote_keys[(s.article, s.index)], quote_keys[(t.article, t.index)]):
                sims[i, j] = max(sims[i, j], 0.9)
    return sims


def _rescale(cosine: np.ndarray, threshold: float, target: float) -> np.ndarray:
    """Map embedding cosines so that `threshold` lands on the lexical threshold `target`."""
    return np.where(cosine >= threshold, target + (cosine - threshold) * (1 - target) / (1 - threshold),
                    cosine * target / threshold)


def _match(left, right, sims: np.ndarray, settings: Settings) -> list[Link]:
    """Greedy one-to-one matching, strongest pairs first: each sentence at most once per version."""
    used_l, used_r, links = set(), set(), []
    for flat in np.argsort(-sims, axis=None, kind="stable"):
        i, j = divmod(int(flat), sims.shape[1])
        if sims[i, j] < settings.sentence_similarity:
            break
        if i in used_l or j in used_r:
            continue
        used_l.add(i), used_r.add(j)
        s, t, sim = left[i], right[j], round(float(min(sims[i, j], 1.0)), 3)
        links += [Link(s.article, s.index, t.article, t.index, sim), Link(t.article, t.index, s.article, s.index, sim)]
    return links


def _sentence_features(sentence: Sentence) -> list[str]:
    """Content words and names, minus the words of sourcing phrases ("speaking on condition of
    anonymity", "analysts said"): two sentences that cite sources alike do not share content."""
    words = [w for w in text_features.content_words(sentence.text) if w not in _sourcing_words()]
    return words + [f"NAME:{n.lower()}" for n in text_features.names(sentence.text)]


@lru_cache(maxsize=1)
def _sourcing_words() -> frozenset[str]:
    phrases = [*lexicon.lines("anonymous"), *lexicon.lines("vague"), *lexicon.lines("reporting_verbs")]
    forms = {f"{w}{end}" for p in phrases for w in p.split() for end in ("", "s", "es", "ed", "d", "ing")}
    return frozenset(w for f in forms for w in text_features.content_words(f)) | {"said", "told", "source"}


def _quote_keys(text: str) -> list[str]:
    keys = [text_features.quote_key(text[q.start : q.end]) for q in quotes.spans(text)]
    return [k for k in keys if len(k.split()) >= 2]


def _shares_quote(mine: tuple[list[str], str], theirs: tuple[list[str], str]) -> bool:
    """Either sentence quotes 2+ words that the other one carries."""
    return any(k in theirs[1] for k in mine[0]) or any(k in mine[1] for k in theirs[0])


# ---- quotes --------------------------------------------------------------------------------------

def _shared_quotes(articles, labels) -> list[tuple[Quote, list[str]]]:
    """Every quote with the versions that carry its words (quoted there or not)."""
    texts = {a.id: text_features.quote_key(f"{a.title or ''} {a.body}") for a in articles}
    keys = {a.id: [text_features.quote_key(q.text) for lab in labels[a.id] for q in lab.quotes] for a in articles}
    found = []
    for a in articles:
        for lab in labels[a.id]:
            for q in lab.quotes:
                key = text_features.quote_key(q.text)
                ids = [a.id] + [b for b in texts if b != a.id and _carried(key, texts[b], keys[b])]
                found.append((q, ids))
    return found


def _carried(key: str, text: str, other_quotes: list[str]) -> bool:
    """The other version carries these words, or quotes a shortened part of them (2+ words)."""
    if key and key in text:
        return True
    return any(len(k.split()) >= 2 and k in key for k in other_quotes)


def _core_items(shared_quotes, links: list[Link], sentences, labels, via: str | None) -> list[CoreItem]:
    items: dict[str, CoreItem] = {}
    votes: dict[str, Counter] = {}
    for q, ids in shared_quotes:
        if len(ids) < 2:
            continue
        key = text_features.quote_key(q.text)
        votes.setdefault(key, Counter())[_person(q.speaker)] += 1
        if key not in items or len(q.text) < len(items[key].text):
            items[key] = CoreItem("quote", q.text.strip(" ,.;:"), None, via, tuple(sorted(ids)))
    kept = _drop_contained(items)
    speakers = _Speakers(shared_quotes, sentences, labels)
    quoted = [CoreItem(i.kind, i.text, speakers.resolve(k, _merged_votes(k, votes)), i.via, i.articles)
              for k, i in kept.items()]
    return sorted(quoted, key=lambda c: -len(c.articles)) + _statements(links, sentences, via, quoted)


def _merged_votes(key: str, votes: dict[str, Counter]) -> Counter:
    """Votes for a quote and for every longer or shorter form of it."""
    total = Counter()
    for k, v in votes.items():
        if key in k or k in key:
            total.update(v)
    return total


def _drop_contained(items: dict[str, CoreItem]) -> dict[str, CoreItem]:
    """Keep the shortest form of a quote that several versions carry at different lengths."""
    keys = sorted(items, key=len)
    kept: dict[str, CoreItem] = {}
    for k in keys:
        if not any(short in k for short in kept):
            kept[k] = items[k]
    return kept


def _person(name: str | None) -> str | None:
    """A speaker name that can stand for a person: not a pronoun, starts with a capital letter,
    not a possessive fragment ("New Year's"), not an agency."""
    if not name:
        return None
    name = name.strip().removeprefix("the ").removeprefix("The ")
    if name.lower() in NOT_SPEAKERS or not name[:1].isupper() or name.endswith(("'s", "’s")):
        return None
    canonical, kind = entities.canonical_name(name, "person")
    return None if kind in ("agency", "outlet", "organization", "org") else canonical


class _Speakers:
    """Who said a shared quote: the name most versions credit; else a person the quote's sentences
    name who speaks elsewhere in the story; else the story's most quoted person."""

    def __init__(self, shared_quotes, sentences, labels):
        self.quoted = Counter(p for q, _ in shared_quotes if (p := _person(q.speaker)))
        self.sentence = {(s.article, s.index): s.text for ss in sentences.values() for s in ss}
        self.carriers: dict[str, list[str]] = {}
        for q, ids in shared_quotes:
            self.carriers.setdefault(text_features.quote_key(q.text), []).append(self.sentence.get((q.article, q.sentence), ""))
        full = {n for n in self.quoted if " " in n}
        self.people = full

    def resolve(self, key: str, votes: Counter) -> str | None:
        named = [(n, c) for n, c in votes.most_common() if n]
        if named:
            return self._full(named[0][0])
        texts = [t for k, ts in self.carriers.items() if key in k or k in key for t in ts]
        mentioned = Counter(p for p in self.quoted for t in texts if p.split()[-1] in t)
        if mentioned:
            return self._full(mentioned.most_common(1)[0][0])
        return self._full(self.quoted.most_common(1)[0][0]) if self.quoted else None

    def _full(self, name: str) -> str:
        return entities.canonical_name(name, "person", None, self.people)[0]


def _statements(links: list[Link], sentences, via, quoted: list[CoreItem]) -> list[CoreItem]:
    groups: dict[tuple[str, int], set[tuple[str, int]]] = {}
    for l in links:
        groups.setdefault((l.article, l.index), {(l.article, l.index)}).add((l.other, l.other_index))
    text = {(s.article, s.index): s for ss in sentences.values() for s in ss}
    quote_keys = [text_features.quote_key(q.text) for q in quoted]
    items, seen = [], set()
    for key, members in groups.items():
        if key in seen or text[key].headline:
            continue
        seen |= members
        words = text_features.quote_key(text[key].text)
        if any(q in words for q in quote_keys):
            continue
        items.append(CoreItem("statement", text[key].text, None, via, tuple(sorted({m[0] for m in members}))))
    return sorted(items, key=lambda c: -len(c.articles))
