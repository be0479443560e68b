"""Hash-partitioned exchanges between tasks, and the per-bucket reductions of the job.

A map task splits its rows by `key % buckets`; the reduce task of bucket r receives part r of every
map task. Every function here is pure over NumPy arrays, so each runs as one Dask task.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from .. import minhash


def split(key: np.ndarray, buckets: int, *columns: np.ndarray) -> list[tuple[np.ndarray, ...]]:
    """`(key, *columns)` cut into `buckets` parts by `key % buckets`."""
    part = (key % np.uint64(buckets)).astype(np.int64) if key.dtype == np.uint64 else key % buckets
    order = np.argsort(part, kind="stable")
    bounds = np.searchsorted(part[order], np.arange(buckets + 1))
    return [tuple(c[order[bounds[r] : bounds[r + 1]]] for c in (key, *columns)) for r in range(buckets)]


def concat(parts: tuple[tuple[np.ndarray, ...], ...]) -> tuple[np.ndarray, ...]:
    return tuple(np.concatenate(cols) for cols in zip(*parts))


def boilerplate_bucket(min_repeats: int, *parts) -> np.ndarray:
    """Paragraph keys that one outlet repeats in `min_repeats`+ articles (parts: key, outlet, row)."""
    key, outlet, _ = concat(parts)
    if not len(key):
        return np.zeros(0, np.uint64)
    unique, count = np.unique(np.stack([key, outlet], axis=1), axis=0, return_counts=True)
    return np.unique(unique[count >= min_repeats, 0])


def near_bucket(*parts) -> np.ndarray:
    """Pairs (i < j) of rows sharing an LSH band key, by `minhash.candidates` over this bucket's
    entries (parts: band key, row). Entries are ordered by row first, so a bucket too large to pair
    in full is chained in row order, exactly as `candidates` does on the whole corpus."""
    key, row = concat(parts)
    if not len(key):
        return np.zeros((0, 2), np.int64)
    order = np.argsort(row, kind="stable")
    key, row = key[order], row[order]
    local = minhash.candidates(key.reshape(-1, 1))
    pairs = np.stack([row[local[:, 0]], row[local[:, 1]]], axis=1)
    return pairs[pairs[:, 0] != pairs[:, 1]]


def posting_bucket(n: int, max_posting: int, buckets: int, *parts) -> list[tuple[np.ndarray, ...]]:
    """For each pair of rows sharing some of this bucket's terms among their top terms (terms held
    by 2 to `max_posting` rows): how many they share and the dot product of their weights there;
    as (i * n + j, count, dot), split for `shared_bucket` (parts: term, row, weight)."""
    term, row, weight = concat(parts)
    terms, column, postings = np.unique(term, return_inverse=True, return_counts=True)
    keep = (postings[column] >= 2) & (postings[column] <= max_posting)
    rows, local = np.unique(row[keep], return_inverse=True)
    shape = (len(rows), len(terms))
    weighted = sparse.csr_matrix((weight[keep], (local, column[keep])), shape=shape)
    binary = sparse.csr_matrix((np.ones(int(keep.sum()), np.int32), (local, column[keep])), shape=shape)
    count = sparse.triu(binary @ binary.T, k=1).tocoo()
    dot = sparse.triu(weighted @ weighted.T, k=1).tocsr()
    packed = rows[count.row] * n + rows[count.col]
    return split(packed, buckets, count.data.astype(np.int32), np.asarray(dot[count.row, count.col]).ravel())


def shared_bucket(n: int, min_overlap: float, *parts) -> np.ndarray:
    """Pairs that share two or more top terms in all, whose cosine over those terms reaches
    `min_overlap` (parts: packed pair, count and dot per term bucket), as `blocked_pairs` keeps."""
    packed, count, dot = concat(parts)
    unique, inverse = np.unique(packed, return_inverse=True)
    total = np.bincount(inverse, weights=count, minlength=len(unique))
    overlap = np.bincount(inverse, weights=dot, minlength=len(unique))
    kept = unique[(total >= 2) & ((overlap >= min_overlap) if min_overlap > 0 else True)]
    return np.stack([kept // n, kept % n], axis=1).astype(np.int64)
