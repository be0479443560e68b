"""Group articles into stories: versions of one story told by several outlets.

First version: TF-IDF cosine over content words and names, blocked by a publication-date window,
joined by union-find. Every merge keeps its evidence (similarity, shared names and quotes).
"""

from __future__ import annotations

from datetime import date

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from . import quotes, text_features
from .settings import Settings
from .types import Article, Merge, Story


def group(articles: list[Article], settings: Settings) -> list[Story]:
    """Stories over `articles` (in input order); singletons are stories of one version."""
    if not articles:
        return []
    sims = _similarity(articles)
    parent = list(range(len(articles)))
    merges: list[tuple[int, int, float]] = []
    for i in range(len(articles)):
        for j in range(i + 1, len(articles)):
            if sims[i, j] >= settings.story_similarity and _in_window(articles[i], articles[j], settings):
                if _union(parent, i, j):
                    merges.append((i, j, float(sims[i, j])))
    return _stories(articles, parent, merges)


def _similarity(articles: list[Article]) -> np.ndarray:
    docs = [_features(a) for a in articles]
    vectors = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True).fit_transform(docs)
    return (vectors @ vectors.T).toarray()


def _features(article: Article) -> list[str]:
    text = f"{article.title or ''}\n{article.body}"
    names = [f"NAME:{n.lower()}" for n in text_features.names(text)]
    return text_features.content_words(text) + names


def _in_window(a: Article, b: Article, settings: Settings) -> bool:
    da, db = _day(a.published), _day(b.published)
    return da is None or db is None or abs((da - db).days) <= settings.story_window_days


def _day(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published[:10]) if published else None
    except ValueError:
        return None


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _union(parent: list[int], i: int, j: int) -> bool:
    ri, rj = _find(parent, i), _find(parent, j)
    if ri == rj:
        return False
    parent[max(ri, rj)] = min(ri, rj)
    return True


def _stories(articles: list[Article], parent: list[int], merges) -> list[Story]:
    members: dict[int, list[int]] = {}
    for i in range(len(articles)):
        members.setdefault(_find(parent, i), []).append(i)
    stories = []
    for root, idx in members.items():
        ids = tuple(articles[i].id for i in idx)
        evidence = tuple(_evidence(articles[i], articles[j], s) for i, j, s in merges if _find(parent, i) == root)
        stories.append(Story("s" + ids[0][:12], ids, evidence))
    return stories


def _evidence(a: Article, b: Article, similarity: float) -> Merge:
    """What two articles share that a reader can check: quotes first, then names."""
    qa, qb = _quote_keys(a), _quote_keys(b)
    text_b = text_features.quote_key(f"{b.title or ''} {b.body}")
    text_a = text_features.quote_key(f"{a.title or ''} {a.body}")
    shared_quotes = sorted({q for q in qa if q in text_b} | {q for q in qb if q in text_a}, key=len)
    shared_names = sorted(text_features.names(a.body) & text_features.names(b.body), key=len, reverse=True)
    shared = [f"quote: {q}" for q in shared_quotes[:8]] + [f"name: {n}" for n in shared_names[:8]]
    return Merge(a.id, b.id, round(similarity, 3), "tfidf", tuple(shared))


def _quote_keys(article: Article) -> set[str]:
    keys = {text_features.quote_key(article.body[q.start : q.end]) for q in quotes.spans(article.body)}
    return {k for k in keys if len(k.split()) >= 2}
