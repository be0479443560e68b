"""Content similarity of articles, for rewrites that share few word sequences.

Two TF-IDF vectors per article, both over hashed terms so a batch needs no vocabulary:
  - distinctive words: lower-cased words of 3+ letters (and their 6-byte stems) minus the stop
    words of the article's language;
  - names: runs of capitalised words (people, places, bodies), the strongest sign of one event.
Terms in the headline and lead count twice, terms in the last words count less. The score of a pair
is the square root of a weighted mean of the two cosines (weights in `Settings`, tuned on the ECB+
train and dev splits), which `calibrate` maps onto a curve fitted to human ratings. Pairs are
never compared all against all: `blocked_pairs` keeps the pairs that share at least two of their
most distinctive terms.

Like `minhash`, every function is pure over a batch or over arrays, so a distributed driver reuses
them: `terms()` per batch, then `vectors()` over the collected terms (document frequencies add up
across batches), then `blocked_pairs()` and `scores()`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from scipy import sparse

from . import lexicon, minhash
from .settings import Settings

COLUMNS = 1 << 24  # hashed term space; collisions between distinctive terms are negligible


class Terms(NamedTuple):
    """Hashed term counts of a batch: row i of `words` / `names` is text i (CSR, int32 counts)."""

    words: sparse.csr_matrix
    names: sparse.csr_matrix


class Vectors(NamedTuple):
    """L2-normalised TF-IDF rows (sublinear term frequency) for every article of a corpus."""

    words: sparse.csr_matrix
    names: sparse.csr_matrix


_STOP: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
# Stop words per language (knowledge/stop_words.tsv: scikit-learn's English list with a few news
# verbs, and spaCy's lists of the languages news is most often grouped in). Each article's language
# is the one whose stop words it uses most, and only that language's are dropped from it: without
# them all articles of one non-English language share their function words ("der", "und", "nie"),
# and one union of the lists would drop English content words that are function words elsewhere
# ("man", "state", "war").


_SLOT_BITS = 20  # direct-address lookup of stop words by the top bits of a word's hash


def _stop_table() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sorted stop-word hashes; for each, a row saying which languages it is a stop word of; and a
    lookup from the top `_SLOT_BITS` bits of a hash to its index in the table (-1: none, -2: two
    stop words share the slot, so search the table)."""
    if not _STOP:
        by_language: dict[str, list[str]] = {}
        for code, word in lexicon.rows("stop_words"):
            by_language.setdefault(code, []).append(word)
        hashes = [np.unique(minhash.words([" ".join(ws)]).hashes) for ws in by_language.values()]
        table = np.unique(np.concatenate(hashes))
        member = np.zeros((len(table), len(hashes)), np.float32)
        for column, h in enumerate(hashes):
            member[np.searchsorted(table, h), column] = 1
        slot = (table >> np.uint64(64 - _SLOT_BITS)).astype(np.int64)
        lookup = np.full(1 << _SLOT_BITS, -1, np.int32)
        lookup[slot] = np.arange(len(table), dtype=np.int32)
        shared, count = np.unique(slot, return_counts=True)
        lookup[shared[count > 1]] = -2
        _STOP.append((table, member, lookup))
    return _STOP[0]


def _stops(hashes: np.ndarray, doc: np.ndarray, n: int) -> np.ndarray:
    """Which words are stop words of their article's language (the language with most of them)."""
    table, member, lookup = _stop_table()
    pos = lookup[(hashes >> np.uint64(64 - _SLOT_BITS)).astype(np.int64)]
    clash = np.flatnonzero(pos == -2)
    pos[clash] = np.minimum(np.searchsorted(table, hashes[clash]), len(table) - 1)
    hit = np.flatnonzero(pos >= 0)
    hit = hit[table[pos[hit]] == hashes[hit]]
    counts = sparse.csr_matrix((np.ones(len(hit), np.float32), (doc[hit], pos[hit])), shape=(n, len(table)))
    language = np.asarray(counts @ member).argmax(axis=1)
    stop = np.zeros(len(hashes), dtype=bool)
    stop[hit] = member[pos[hit], language[doc[hit]]] > 0
    return stop


def terms(w: minhash.Words, settings: Settings | None = None) -> Terms:
    """The word and name term counts of a batch of texts (from `minhash.words`), weighted by place
    as `settings` says (None: every word once). News is written as an inverted pyramid: the terms
    among the first `story_lead_words` words (headline and lead) count twice and those among the
    last `story_tail_words` (background, sign-offs, share prompts) `story_tail_weight` times."""
    n = len(w.offsets) - 1
    doc = np.repeat(np.arange(n, dtype=np.int64), np.diff(w.offsets))
    place = np.arange(len(doc)) - w.offsets[doc]
    weight = _position_weights(w.offsets, doc, place, settings)
    stop = _stops(w.hashes, doc, n)
    content = (w.length >= 3) & ~stop
    words = _counts(np.concatenate([doc[content], doc[content]]),
                    np.concatenate([w.hashes[content], w.stems[content]]), n, np.tile(weight[content], 2))
    name_doc, name_hash, first = _name_runs(w, doc, w.capital & ~stop & (w.length >= 2))
    return Terms(words, _counts(name_doc, name_hash, n, weight[first]))


def _position_weights(offsets: np.ndarray, doc: np.ndarray, place: np.ndarray, settings: Settings | None) -> np.ndarray:
    """Each word's weight by its place in its text: 2 in the lead, `story_tail_weight` in the tail
    (at least 0.4, so that the sublinear term frequency 1 + log(count) stays positive; the lead wins
    where a short text's lead and tail overlap), 1 elsewhere."""
    if settings is None:
        return np.ones(len(doc), np.float32)
    weight = np.where(place < settings.story_lead_words, 2.0, 1.0).astype(np.float32)
    if settings.story_tail_words > 0:
        tail = (offsets[doc + 1] - np.arange(len(doc)) <= settings.story_tail_words) & (weight == 1.0)
        weight[tail] = settings.story_tail_weight
    return weight


def _name_runs(w: minhash.Words, doc: np.ndarray, part: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One hash per run of capitalised words separated by single spaces ("Warren Jeffs"): the
    run's article, its hash, and the index of its first word."""
    idx = np.flatnonzero(part)
    if not len(idx):
        return np.zeros(0, np.int64), np.zeros(0, np.uint64), np.zeros(0, np.int64)
    follows = np.zeros(len(idx), dtype=bool)
    follows[1:] = (idx[1:] == idx[:-1] + 1) & w.joined[idx[:-1]]
    run = np.cumsum(~follows) - 1
    first = np.flatnonzero(~follows)
    pos = np.arange(len(idx)) - first[run]
    mixed = w.hashes[idx] * minhash._MIX[np.minimum(pos, 15)]
    hashes = minhash._fmix(np.add.reduceat(mixed, first) + np.uint64(0x5BD1E995))
    return doc[idx[first]], hashes, idx[first]


def _counts(doc: np.ndarray, hashes: np.ndarray, n: int, weight: np.ndarray | None = None) -> sparse.csr_matrix:
    cols = (hashes >> np.uint64(40)).astype(np.int64)
    data = np.ones(len(doc), np.float32) if weight is None else weight
    m = sparse.csr_matrix((data, (doc, cols)), shape=(n, COLUMNS))
    m.sum_duplicates()
    return m


def stack(batches: Sequence[Terms]) -> Terms:
    """The terms of several batches, rows in batch order."""
    return Terms(sparse.vstack([b.words for b in batches], format="csr"),
                 sparse.vstack([b.names for b in batches], format="csr"))


def vectors(t: Terms) -> Vectors:
    """TF-IDF vectors, with document frequencies counted over all rows of `t` (columns are
    renumbered to the terms in use)."""
    return Vectors(_tfidf(t.words), _tfidf(t.names))


def _tfidf(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    n = counts.shape[0]
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    used = np.flatnonzero(df)
    renumber = np.zeros(counts.shape[1], dtype=np.int32)
    renumber[used] = np.arange(len(used), dtype=np.int32)
    column = renumber[counts.indices]
    idf = (np.log((1 + n) / (1 + df[used])) + 1).astype(np.float32)
    return weigh(counts, idf[column], column, len(used))


def weigh(counts: sparse.csr_matrix, idf: np.ndarray, columns: np.ndarray, width: int) -> sparse.csr_matrix:
    """Unit-length rows of (1 + log count) × `idf` (one weight per stored entry of `counts`), with the
    entries placed in `columns` of a matrix `width` wide. Weighted in place to bound memory."""
    data = np.log(counts.data)
    data += 1
    data *= idf
    return normalize_rows(sparse.csr_matrix((data, columns, counts.indptr), shape=(counts.shape[0], width)))


def normalize_rows(m: sparse.csr_matrix, block: int = 1 << 16) -> sparse.csr_matrix:
    """`m` with each row scaled to unit length, in place. Each row's norm is summed over that row
    alone (in float64, `block` rows at a time), so it does not depend on which rows share `m`."""
    for lo in range(0, m.shape[0], block):
        hi = min(lo + block, m.shape[0])
        start, end = m.indptr[lo], m.indptr[hi]
        if start == end:
            continue
        lengths = np.diff(m.indptr[lo : hi + 1])
        full = np.flatnonzero(lengths)
        square = m.data[start:end].astype(np.float64) ** 2
        norms = np.ones(hi - lo)
        norms[full] = np.sqrt(np.add.reduceat(square, (m.indptr[lo:hi] - start)[full]))
        norms[norms == 0] = 1
        m.data[start:end] /= np.repeat(norms, lengths).astype(np.float32)
    return m


def scores(v: Vectors, pairs: np.ndarray, name_weight: float) -> tuple[np.ndarray, np.ndarray]:
    """(combined score, word cosine) of each pair (i, j). The combined score is the square root of
    `name_weight` × names cosine + the rest × word cosine (words alone for an article without
    names): cosines of news articles crowd near 0, and their square root follows human ratings of
    similarity linearly (SemEval-2022 Task 8 sample, training pairs: Pearson 0.632 raw, 0.678 with
    the root), while grouping only moves its threshold (see `Settings.story_similarity`)."""
    cw, cn = _rowdots(v.words, pairs), _rowdots(v.names, pairs)
    has_names = (np.diff(v.names.indptr)[pairs[:, 0]] > 0) & (np.diff(v.names.indptr)[pairs[:, 1]] > 0)
    combined = np.where(has_names, name_weight * cn + (1 - name_weight) * cw, cw)
    return np.sqrt(np.clip(combined, 0, 1)).astype(np.float32), cw


def calibrate(score: np.ndarray, center: float, width: float) -> np.ndarray:
    """`score` mapped through a logistic curve rescaled to run from 0 (score 0) to 1 (score 1): pairs
    well below `center` are alike only by topic, pairs well above it are one story, and the rating of
    similarity rises steeply in between (SemEval-2022 Task 8 sample, training pairs: human ratings
    are flat below 0.3 and above 0.6 of the root score). `width` 0: `score` unchanged."""
    if width <= 0:
        return score
    low, high = _logistic(-center / width), _logistic((1 - center) / width)
    return ((_logistic((score - center) / width) - low) / (high - low)).astype(np.float32)


def _logistic(x):
    return 1 / (1 + np.exp(-np.asarray(x, dtype=np.float64)))


def mix_dense(score: np.ndarray, dense: np.ndarray, pairs: np.ndarray, weight: float) -> np.ndarray:
    """`score` with the cosine of the pairs' dense (unit-length) article embeddings mixed in at
    `weight`; pairs where either article has no embedding (a zero row) keep their score. The cosine
    is taken relative to the corpus's mean cosine m (the squared length of the mean embedding),
    (cosine - m) / (1 - m) floored at 0, since any two news articles embed somewhat alike."""
    has = np.abs(dense).sum(axis=1) > 0
    if not has.any():
        return score
    m = float(np.square(dense[has].mean(axis=0)).sum())
    a, b = dense[pairs[:, 0]], dense[pairs[:, 1]]
    cosine = np.clip((np.einsum("ij,ij->i", a, b) - m) / (1 - m), 0, 1)
    both = has[pairs[:, 0]] & has[pairs[:, 1]]
    return np.where(both, (1 - weight) * score + weight * cosine, score).astype(np.float32)


def _rowdots(m: sparse.csr_matrix, pairs: np.ndarray, chunk: int = 50_000) -> np.ndarray:
    out = np.zeros(len(pairs), dtype=np.float32)
    for s in range(0, len(pairs), chunk):
        p = pairs[s : s + chunk]
        out[s : s + chunk] = np.asarray(m[p[:, 0]].multiply(m[p[:, 1]]).sum(axis=1)).ravel()
    return out


def all_pairs(v: Vectors) -> np.ndarray:
    """Every pair (i < j) that shares a term: exact, for corpora small enough to compare fully."""
    shared = ((v.words @ v.words.T) + (v.names @ v.names.T)).tocoo()
    keep = shared.row < shared.col
    return np.stack([shared.row[keep], shared.col[keep]], axis=1).astype(np.int64)


def blocked_pairs(v: Vectors, keys_per_article: int, max_posting: int, min_overlap: float = 0.0) -> np.ndarray:
    """Pairs (i < j) that share two or more of their `keys_per_article` highest-weighted terms
    (words and names together) and whose cosine over those key terms alone reaches `min_overlap`
    (a lower bound of the full cosine). Terms that are keys of more than `max_posting` articles are
    not distinctive and are ignored, so no bucket grows with the corpus."""
    keys = sparse.hstack([_top(v.words, keys_per_article), _top(v.names, keys_per_article)], format="csc")
    postings = np.diff(keys.indptr)
    keys = keys[:, np.flatnonzero((postings >= 2) & (postings <= max_posting))].tocsr()
    binary = keys.copy()
    binary.data[:] = 1
    shared = (binary @ binary.T).tocoo()
    keep = (shared.row < shared.col) & (shared.data >= 2)
    pairs = np.stack([shared.row[keep], shared.col[keep]], axis=1).astype(np.int64)
    if min_overlap > 0 and len(pairs):
        pairs = pairs[_rowdots(keys, pairs) >= min_overlap]
    return pairs


def _top(m: sparse.csr_matrix, k: int, block: int = 1 << 16) -> sparse.csr_matrix:
    """Each row's `k` largest entries of `m` (the rest dropped), `block` rows at a time."""
    if m.shape[0] <= block:
        return _top_rows(m, k)
    return sparse.vstack([_top_rows(m[lo : lo + block], k) for lo in range(0, m.shape[0], block)], format="csr")


def _top_rows(m: sparse.csr_matrix, k: int) -> sparse.csr_matrix:
    rows = np.repeat(np.arange(m.shape[0]), np.diff(m.indptr))
    order = np.lexsort((m.indices, -m.data, rows))  # by row, then weight, ties by term: batch-independent
    rank = np.arange(len(order)) - m.indptr[rows[order]]
    keep = order[rank < k]
    return sparse.csr_matrix((m.data[keep], (rows[keep], m.indices[keep])), shape=m.shape)
