"""Group articles into stories: the versions of one story told by several outlets.

    texts -> outlet boilerplate removed -> per batch: word hashes, 5-word shingles, MinHash
          signatures (`minhash`) and hashed word / name terms (`similarity`)
          -> candidate pairs: LSH band collisions + shared distinctive terms (never all pairs)
          -> pair score: near-duplicate (estimated Jaccard) or content (names + words TF-IDF),
             calibrated to human ratings of story similarity
          -> pairs outside the publication-date window dropped
          -> connected components of pairs above the threshold, split by weighted average linkage
          -> stories, each merge with its evidence (similarity, method, shared quotes and names)

Average linkage inside components keeps one strong pair from chaining two stories together; the
weighted form (WPGMA) weighs the two sides of a merge alike, however many versions each holds, so
the sub-clusters of a large event still join (ECB+ train/dev, bench/tune_grouping.py).
Every step before the clustering is a pure function of a batch (see `minhash` and `similarity`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from . import embed, minhash, similarity, text_features
from .settings import Settings
from .types import Article, Merge, Story

BATCH = 500


@dataclass(frozen=True)
class Pairs:
    """Scored candidate pairs of a corpus: `ij[k] = (i, j)` with i < j."""

    ij: np.ndarray
    score: np.ndarray
    jaccard: np.ndarray

    def near_duplicate(self, settings: Settings) -> np.ndarray:
        return self.jaccard >= settings.near_duplicate_jaccard


def group(articles: list[Article], settings: Settings, workers: int = 1) -> list[Story]:
    """Stories over `articles` (members in input order); an unmatched article is a story of one.
    Each merge names what the two articles share when the corpus is small enough
    (`settings.explain_all_below`); `explain` adds it later to the stories a report shows."""
    if not articles:
        return []
    pairs = score_pairs([_text(a) for a in articles], [a.outlet for a in articles], settings, workers)
    pairs = _in_window(pairs, [_day(a.published) for a in articles], settings)
    labels = cluster(len(articles), pairs, settings)
    found = _stories(articles, labels, pairs, settings)
    if len(articles) <= settings.explain_all_below and settings.explain_all_below > 0:
        by_id = {a.id: a for a in articles}
        found = [explain(s, [by_id[i] for i in s.articles]) for s in found]
    return found


def explain(story: Story, articles: list[Article]) -> Story:
    """`story` with each merge's shared quotes and names filled in (`articles`: its members)."""
    if not story.merges or all(m.shared for m in story.merges):
        return story
    by_id = {a.id: a for a in articles}
    keys = {a.id: set(text_features.quoted_keys(a.body)) for a in articles}
    merges = tuple(m if m.shared else _evidence(by_id[m.a], by_id[m.b], keys, m) for m in story.merges)
    return Story(story.id, story.articles, merges)


def update(articles: list[Article], current: list[Story], settings: Settings, workers: int = 1) -> list[Story]:
    """The stories that change when the articles of `articles` that are in no story of `current`
    join it: only the articles within the date window of a new one (with the whole stories they
    belong to) are grouped again; stories outside it are left as they are. Grouping everything
    again on demand (`group`) gives the same stories (up to term weights learned on the window)."""
    grouped = {i for s in current for i in s.articles}
    new = [a for a in articles if a.id not in grouped]
    if not new:
        return []
    scope = _window_scope(articles, new, current, settings)
    old = {frozenset(s.articles) for s in current}
    return [s for s in group(scope, settings, workers) if frozenset(s.articles) not in old]


def _window_scope(articles: list[Article], new: list[Article], current: list[Story], settings: Settings) -> list[Article]:
    """The articles that may share a story with a new one: every article whose date is unknown or
    within the window of a new article's date, plus the other members of their stories."""
    days = [_day(a.published) for a in new]
    if any(d is None for d in days):
        return articles
    lo, hi = min(days) - settings.story_window_days, max(days) + settings.story_window_days
    near = {a.id for a in articles if (d := _day(a.published)) is None or lo <= d <= hi}
    near |= {i for s in current if near.intersection(s.articles) for i in s.articles}
    return [a for a in articles if a.id in near]


def score_pairs(texts: Sequence[str], outlets: Sequence[str | None], settings: Settings,
                workers: int = 1) -> Pairs:
    """Every candidate pair of `texts` with its content score and estimated Jaccard similarity."""
    sig, vec = signatures(texts, outlets, settings, workers)
    return candidate_pairs(sig, vec, settings, dense_vectors(texts, settings))


def dense_vectors(texts: Sequence[str], settings: Settings) -> np.ndarray | None:
    """Article embeddings for the content score (`settings.story_embeddings`), or None when that
    is off or its model is not installed (the score is then lexical alone)."""
    if settings.story_embedding_weight <= 0 or settings.story_embeddings == "none":
        return None
    return embed.articles(list(texts), settings.story_embeddings)


def signatures(texts: Sequence[str], outlets: Sequence[str | None], settings: Settings,
               workers: int = 1) -> tuple[np.ndarray, similarity.Vectors]:
    """MinHash rows and TF-IDF vectors of `texts`, computed in batches (in `workers` processes)."""
    boiler = _boilerplate(texts, outlets)
    parts = map_batches(texts, batch_signatures, (boiler, settings), workers)
    sig = np.concatenate([p[0] for p in parts])
    terms = similarity.stack([p[1] for p in parts])
    del parts  # the batches' term counts, now copied into `terms`
    return sig, similarity.vectors(terms)


def candidate_pairs(sig: np.ndarray, vec: similarity.Vectors, settings: Settings,
                    dense: np.ndarray | None = None) -> Pairs:
    """Pairs that collide in an LSH band or share distinctive terms, scored: the content score
    (with the article embeddings `dense` mixed in when given), raised to the estimated Jaccard
    similarity for near-duplicates. Embeddings are compared on these pairs only."""
    near = minhash.candidates(minhash.band_keys(sig, settings.lsh_bands))
    if len(sig) <= settings.compare_all_below:
        blocked = similarity.all_pairs(vec)
    else:
        blocked = similarity.blocked_pairs(vec, settings.block_keys, settings.block_max_posting,
                                           settings.block_min_overlap)
    ij = _union_pairs(near, blocked, len(sig))
    return Pairs(ij, *score(vec, sig, ij, settings, dense))


def score(vec: similarity.Vectors, sig: np.ndarray, ij: np.ndarray, settings: Settings,
          dense: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(score, estimated Jaccard) of the pairs `ij`: the content score (embeddings `dense` mixed
    in when given), raised to the estimated Jaccard similarity for near-duplicates, calibrated
    (`similarity.calibrate`) so that it follows human ratings of story similarity."""
    content, _ = similarity.scores(vec, ij, settings.story_name_weight)
    if dense is not None:
        content = similarity.mix_dense(content, dense, ij, settings.story_embedding_weight)
    jaccard = minhash.estimate(sig, ij)
    raw = np.where(jaccard >= settings.near_duplicate_jaccard, np.maximum(content, jaccard), content)
    return similarity.calibrate(raw, settings.story_score_center, settings.story_score_width), jaccard


def pair_scores(texts: Sequence[str], ij: np.ndarray, settings: Settings) -> np.ndarray:
    """The grouping score of the given pairs of `texts` (term weights learned on `texts`; article
    embeddings as `settings` asks)."""
    parts = [batch_signatures(texts[s : s + BATCH], np.zeros(0, np.uint64), settings) for s in range(0, len(texts), BATCH)]
    sig = np.concatenate([p[0] for p in parts])
    vec = similarity.vectors(similarity.stack([p[1] for p in parts]))
    return score(vec, sig, ij, settings, dense_vectors(texts, settings))[0]


def batch_signatures(texts: Sequence[str], boiler: np.ndarray, settings: Settings) -> tuple[np.ndarray, similarity.Terms]:
    """The grouping signatures of one batch: MinHash rows and hashed word / name terms. Pure: a
    distributed driver maps it over shards and gets the same rows as the single-machine path."""
    w = minhash.strip(minhash.words(texts), boiler)
    hashes, offsets = minhash.shingles(w, settings.shingle_words)
    return minhash.signatures(hashes, offsets, settings.minhash_bins), similarity.terms(w, settings)


def _boilerplate(texts: Sequence[str], outlets: Sequence[str | None], sample: int = 5_000) -> np.ndarray:
    """Outlet boilerplate learned from up to `sample` articles, taken in batches spread evenly."""
    if not any(outlets):
        return np.zeros(0, np.uint64)
    starts = list(range(0, len(texts), BATCH))
    starts = starts[:: max(1, len(starts) * BATCH // sample)]
    keys = [k for s in starts for k in minhash.paragraph_keys(texts[s : s + BATCH])]
    return minhash.boilerplate([o for s in starts for o in outlets[s : s + BATCH]], keys)


_FORKED: list = []  # (texts, fn, args) for forked workers, set only while a pool runs


def map_batches(texts: Sequence[str], fn, args: tuple, workers: int = 1) -> list:
    """`fn(batch, *args)` for each batch of BATCH texts, in order; with `workers` > 1 in forked
    processes that read the texts from the parent's memory rather than receive copies."""
    starts = range(0, len(texts), BATCH)
    if workers <= 1 or len(starts) < 2:
        return [fn(texts[s : s + BATCH], *args) for s in starts]
    import multiprocessing

    _FORKED[:] = [texts, fn, args]
    try:
        with multiprocessing.get_context("fork").Pool(min(workers, os.cpu_count() or 1)) as pool:
            return pool.map(_forked_batch, starts, chunksize=4)
    finally:
        _FORKED.clear()


def _forked_batch(start: int):
    texts, fn, args = _FORKED
    return fn(texts[start : start + BATCH], *args)


def _union_pairs(a: np.ndarray, b: np.ndarray, n: int) -> np.ndarray:
    packed = np.unique(np.concatenate([a[:, 0] * n + a[:, 1], b[:, 0] * n + b[:, 1]]))
    return np.stack([packed // n, packed % n], axis=1).astype(np.int64)


def _text(a: Article) -> str:
    return f"{a.title}\n\n{a.body}" if a.title else a.body


def _day(published: str | None) -> int | None:
    try:
        return date.fromisoformat(published[:10]).toordinal() if published else None
    except ValueError:
        return None


def _in_window(pairs: Pairs, days: list[int | None], settings: Settings) -> Pairs:
    """Drop pairs whose publication dates are both known and further apart than the window."""
    d = np.array([-1 if x is None else x for x in days], dtype=np.int64)
    a, b = d[pairs.ij[:, 0]], d[pairs.ij[:, 1]]
    keep = (a < 0) | (b < 0) | (np.abs(a - b) <= settings.story_window_days)
    return Pairs(pairs.ij[keep], pairs.score[keep], pairs.jaccard[keep])


def cluster(n: int, pairs: Pairs, settings: Settings) -> np.ndarray:
    """A story label per article: components of pairs scoring at least the threshold, each split by
    weighted average linkage over its scored pairs (unscored pairs count as 0). Labels are the
    smallest article index of each story, so they do not depend on the order pairs were found in."""
    strong = pairs.score >= settings.story_similarity
    graph = coo_matrix((np.ones(strong.sum()), (pairs.ij[strong, 0], pairs.ij[strong, 1])), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    labels = np.arange(n)
    sizes = np.bincount(component)
    order = np.argsort(component, kind="stable")
    bounds = np.concatenate(([0], np.cumsum(sizes)))
    pair_comp = np.where(component[pairs.ij[:, 0]] == component[pairs.ij[:, 1]], component[pairs.ij[:, 0]], -1)
    by_comp = np.argsort(pair_comp, kind="stable")
    pair_bounds = np.searchsorted(pair_comp[by_comp], np.arange(len(sizes) + 1))
    for c in np.flatnonzero(sizes > 1):
        members = order[bounds[c] : bounds[c + 1]]
        mine = by_comp[pair_bounds[c] : pair_bounds[c + 1]]
        labels[members] = _average_linkage(members, pairs.ij[mine], pairs.score[mine], settings)
    return labels


def _average_linkage(members: np.ndarray, ij: np.ndarray, score: np.ndarray, settings: Settings) -> np.ndarray:
    if len(members) == 2 or len(members) > settings.max_linkage:
        return np.full(len(members), members.min())
    local = np.searchsorted(members, ij)
    sim = np.zeros((len(members), len(members)))
    sim[local[:, 0], local[:, 1]] = sim[local[:, 1], local[:, 0]] = np.clip(score, 0, 1)
    dist = 1 - sim[np.triu_indices(len(members), 1)]
    flat = fcluster(linkage(dist, "weighted"), t=1 - settings.story_similarity + 1e-9, criterion="distance")
    first = {}
    for m, f in zip(members, flat):
        first.setdefault(f, m)
    return np.array([first[f] for f in flat])


def _stories(articles: list[Article], labels: np.ndarray, pairs: Pairs, settings: Settings) -> list[Story]:
    same = labels[pairs.ij[:, 0]] == labels[pairs.ij[:, 1]]
    tree = _spanning(len(articles), pairs.ij[same], pairs.score[same])
    near = pairs.near_duplicate(settings)[same]
    merges: dict[int, list[Merge]] = {}
    for k in tree:
        i, j = pairs.ij[same][k]
        method = "near-duplicate" if near[k] else "content"
        merges.setdefault(labels[i], []).append(
            Merge(articles[i].id, articles[j].id, round(float(pairs.score[same][k]), 3), method))
    members: dict[int, list[int]] = {}
    for i, lab in enumerate(labels):
        members.setdefault(lab, []).append(i)
    return [Story("s" + articles[idx[0]].id[:12], tuple(articles[i].id for i in idx), tuple(merges.get(lab, ())))
            for lab, idx in members.items()]


def _spanning(n: int, ij: np.ndarray, score: np.ndarray) -> list[int]:
    """Indices of the pairs of a maximum spanning forest: the strongest reasons each story holds."""
    parent = list(range(n))
    chosen = []
    for k in np.argsort(-score, kind="stable"):
        a, b = _find(parent, int(ij[k, 0])), _find(parent, int(ij[k, 1]))
        if a != b:
            parent[max(a, b)] = min(a, b)
            chosen.append(int(k))
    return chosen


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _evidence(a: Article, b: Article, keys: dict[str, set[str]], merge: Merge) -> Merge:
    """What two articles share that a reader can check: quotes first, then names."""
    qa, qb = keys[a.id], keys[b.id]
    text_b = text_features.quote_key(_text(b))
    text_a = text_features.quote_key(_text(a))
    shared_quotes = sorted({q for q in qa if q in text_b} | {q for q in qb if q in text_a}, key=lambda q: (len(q), q))
    shared_names = sorted(text_features.names(_text(a)) & text_features.names(_text(b)), key=lambda n: (-len(n), n))
    shared = [f"quote: {q}" for q in shared_quotes[:8]] + [f"name: {n}" for n in shared_names[:8]]
    return Merge(a.id, b.id, merge.similarity, merge.method, tuple(shared))
