"""Line the versions of a story up sentence by sentence and reconstruct what they share (the core).

Each sentence is matched to at most one sentence of every other version: by shared quoted words first,
then by TF-IDF cosine of content words. Sentences with a counterpart are `core`. The story's core
list holds the quotes carried by two or more versions, then the shared statements.
"""

from __future__ import annotations

from collections import Counter

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from . import entities, text_features
from .settings import Settings
from .types import Article, CoreItem, Label, Link, Quote, Sentence, Story, StoryAlignment


def story(story: Story, articles: list[Article], sentences: dict[str, list[Sentence]],
          labels: dict[str, list[Label]], via: str | None, settings: Settings) -> StoryAlignment:
    """The alignment of one story's versions, with its core."""
    links = _links(articles, sentences, settings)
    shared_quotes = _shared_quotes(articles, labels, settings)
    core_sents = {(l.article, l.index) for l in links}
    core_sents |= {(q.article, q.sentence) for q, ids in shared_quotes if len(ids) > 1}
    core = _core_items(shared_quotes, links, sentences, via)
    found_in = tuple((q.article, q.start, tuple(ids)) for q, ids in shared_quotes)
    return StoryAlignment(story.id, tuple(links), tuple(core), frozenset(core_sents), found_in)


def _links(articles, sentences, settings: Settings) -> list[Link]:
    every = [s for a in articles for s in sentences[a.id]]
    if len(articles) < 2 or not every:
        return []
    docs = [_sentence_features(s) for s in every]
    vectors = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True).fit_transform(docs)
    where = {(s.article, s.index): k for k, s in enumerate(every)}
    links: list[Link] = []
    for i, a in enumerate(articles):
        for b in articles[i + 1 :]:
            links += _pair_links(sentences[a.id], sentences[b.id], vectors, where, settings)
    return links


def _pair_links(left, right, vectors, where, settings: Settings) -> list[Link]:
    rows = vectors[[where[(s.article, s.index)] for s in left]]
    cols = vectors[[where[(s.article, s.index)] for s in right]]
    sims = (rows @ cols.T).toarray()
    for i, s in enumerate(left):
        for j, t in enumerate(right):
            if s.headline != t.headline:
                sims[i, j] = 0.0
            elif _shares_quote(s.text, t.text):
                sims[i, j] = max(sims[i, j], 0.9)
    used_l, used_r, links = set(), set(), []
    for flat in np.argsort(-sims, axis=None):
        i, j = divmod(int(flat), sims.shape[1])
        if sims[i, j] < settings.sentence_similarity:
            break
        if i in used_l or j in used_r:
            continue
        used_l.add(i), used_r.add(j)
        s, t, sim = left[i], right[j], round(float(sims[i, j]), 3)
        links += [Link(s.article, s.index, t.article, t.index, sim), Link(t.article, t.index, s.article, s.index, sim)]
    return links


def _sentence_features(sentence: Sentence) -> list[str]:
    return text_features.content_words(sentence.text) + [f"NAME:{n.lower()}" for n in text_features.names(sentence.text)]


def _shares_quote(a: str, b: str) -> bool:
    from . import quotes

    keys = [text_features.quote_key(a[q.start : q.end]) for q in quotes.spans(a)]
    other = text_features.quote_key(b)
    return any(len(k.split()) >= 2 and k in other for k in keys)


def _shared_quotes(articles, labels, settings: Settings) -> list[tuple[Quote, list[str]]]:
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


def _core_items(shared_quotes, links: list[Link], sentences, via: str | None) -> list[CoreItem]:
    items: dict[str, CoreItem] = {}
    speakers: dict[str, Counter] = {}
    for q, ids in shared_quotes:
        if len(ids) < 2:
            continue
        key = text_features.quote_key(q.text)
        speakers.setdefault(key, Counter())[q.speaker] += 1
        if key not in items or len(q.text) < len(items[key].text):
            items[key] = CoreItem("quote", q.text.strip(" ,.;:"), None, via, tuple(sorted(ids)))
    quoted = [
        CoreItem(i.kind, i.text, _speaker(speakers[k]), i.via, i.articles) for k, i in _drop_contained(items).items()
    ]
    return sorted(quoted, key=lambda c: -len(c.articles)) + _statements(links, sentences, via, quoted)


def _drop_contained(items: dict[str, CoreItem]) -> dict[str, CoreItem]:
    """Keep the shortest form of a quote that several versions carry at different lengths."""
    keys = sorted(items, key=len)
    kept: dict[str, CoreItem] = {}
    for k in keys:
        if not any(short in k for short in kept):
            kept[k] = items[k]
    return kept


def _speaker(counts: Counter) -> str | None:
    named = [(n, c) for n, c in counts.most_common() if n]
    if not named:
        return None
    return entities.canonical_name(named[0][0], "person")[0]


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
