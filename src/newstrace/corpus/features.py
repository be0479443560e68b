"""The map side of the job: what each chunk contributes, computed by the single-machine code.

Every function takes one chunk (or one chunk's kept features) and returns small arrays; the
signatures and term vectors stay on the worker that made them until the pairs are scored.
"""

from __future__ import annotations

import hashlib
import inspect
import pickle
import zlib
from typing import NamedTuple

import numpy as np
from scipy import sparse

from .. import minhash, similarity, stories
from ..settings import Settings
from ..types import Article
from . import shards, shuffle


class Census(NamedTuple):
    """What the first read of a chunk learns: its article ids, days and skipped records."""

    ids: np.ndarray  # bytes (S16)
    days: np.ndarray  # int64 day ordinal, -1 when unknown
    skipped: list


class Kept(NamedTuple):
    """A chunk's signatures and term counts (`similarity.Terms`), then its TF-IDF vectors
    (`similarity.Vectors`), kept on its worker."""

    sig: np.ndarray
    vec: similarity.Terms | similarity.Vectors


def texts(articles) -> list[str]:
    return [stories._text(a) for a in articles]


def pack(articles: list[Article]) -> bytes:
    """A chunk's normalised articles, compressed (about a third of the text) to keep between phases."""
    return zlib.compress(pickle.dumps([tuple(a.__dict__.values()) for a in articles], protocol=5), 1)


def unpack(blob: bytes) -> list[Article]:
    return [Article(*fields) for fields in pickle.loads(zlib.decompress(blob))]


def census(chunk: shards.Chunk) -> tuple[Census, bytes]:
    """Ids, days and skipped records of a chunk, and its articles, packed, so the shard is read once."""
    articles, skipped = shards.read(chunk)
    ids = np.array([a.id for a in articles], dtype="S16")
    days = np.array([d if d is not None else -1 for d in (stories._day(a.published) for a in articles)], np.int64)
    return Census(ids, days, skipped), pack(articles)


def paragraphs(packed: bytes, first: int, sampled, buckets: int) -> list:
    """The (key, outlet, corpus row) of every distinct paragraph of the articles with an outlet
    that `sampled` keeps, split by key for `shuffle.boilerplate_bucket`."""
    articles = unpack(packed)
    chosen = np.flatnonzero(sampled(np.arange(first, first + len(articles))))
    chosen = [i for i in chosen.tolist() if articles[i].outlet is not None]
    body = texts([articles[i] for i in chosen])
    keys, outlets, rows = [np.zeros(0, np.uint64)], [np.zeros(0, np.uint64)], [np.zeros(0, np.int64)]
    for s in range(0, len(body), stories.BATCH):
        for i, k in zip(chosen[s : s + stories.BATCH], minhash.paragraph_keys(body[s : s + stories.BATCH])):
            k = np.unique(k)
            keys.append(k)
            outlets.append(np.full(len(k), _outlet_code(articles[i].outlet), np.uint64))
            rows.append(np.full(len(k), first + i, np.int64))
    return shuffle.split(np.concatenate(keys), buckets, np.concatenate(outlets), np.concatenate(rows))


class BoilerplateSample:
    """Which corpus rows `stories._boilerplate` learns outlet boilerplate from: every `step`-th
    batch of `stories.BATCH` rows, so that about `sample` articles are used.
    TODO(grouping): call a public `stories` function for this rule once there is one."""

    def __init__(self, n: int):
        sample = inspect.signature(stories._boilerplate).parameters["sample"].default
        batches = -(-n // stories.BATCH)
        self.step = max(1, batches * stories.BATCH // sample)

    def __call__(self, rows: np.ndarray) -> np.ndarray:
        return (rows // stories.BATCH) % self.step == 0


def _outlet_code(outlet: str) -> int:
    return int.from_bytes(hashlib.blake2b(outlet.encode(), digest_size=8).digest(), "little")


def signatures(packed: bytes, first: int, boiler: np.ndarray, settings: Settings, buckets: int):
    """The chunk's kept features, its band keys split by key (with global rows), and the document
    frequencies of its terms (column, count) for words and for names."""
    body = texts(unpack(packed))
    parts = [stories.batch_signatures(body[s : s + stories.BATCH], boiler, settings)
             for s in range(0, len(body), stories.BATCH)]
    sig = np.concatenate([p[0] for p in parts]) if parts else np.zeros((0, settings.minhash_bins), np.uint32)
    terms = similarity.stack([p[1] for p in parts]) if parts else _no_terms()
    keys = minhash.band_keys(sig, settings.lsh_bands)
    rows = np.repeat(np.arange(first, first + len(sig), dtype=np.int64), keys.shape[1])
    df = tuple(np.unique(m.indices, return_counts=True) for m in terms)
    return Kept(sig, terms), shuffle.split(keys.ravel(), buckets, rows), df


def _no_terms() -> similarity.Terms:
    empty = sparse.csr_matrix((0, similarity.COLUMNS), dtype=np.float32)
    return similarity.Terms(empty, empty)


def add_frequencies(*dfs) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """Corpus document frequencies (column, count) of words and of names, summed over chunks."""
    out = []
    for which in range(2):
        cols = np.concatenate([d[which][0] for d in dfs])
        counts = np.concatenate([d[which][1] for d in dfs])
        unique, inverse = np.unique(cols, return_inverse=True)
        out.append((unique, np.bincount(inverse, weights=counts, minlength=len(unique)).astype(np.int64)))
    return tuple(out)


def vectors(kept: Kept, first: int, df, n: int, settings: Settings, buckets: int):
    """The chunk's TF-IDF vectors (with corpus frequencies) and its top terms split by term."""
    vec = similarity.Vectors(weigh(kept.vec.words, *df[0], n), weigh(kept.vec.names, *df[1], n))
    top = [similarity._top(m, settings.block_keys).tocoo() for m in vec]
    term = np.concatenate([top[0].col.astype(np.int64), top[1].col.astype(np.int64) + similarity.COLUMNS])
    row = np.concatenate([top[0].row, top[1].row]).astype(np.int64) + first
    weight = np.concatenate([top[0].data, top[1].data]).astype(np.float32)
    return Kept(kept.sig, vec), shuffle.split(term, buckets, row, weight)


def weigh(counts: sparse.csr_matrix, df_cols: np.ndarray, df_counts: np.ndarray, n: int) -> sparse.csr_matrix:
    """`similarity.vectors` for a slice of the corpus, with the corpus's document frequencies.
    TODO(grouping): replace by `similarity.vectors(terms, df=..., n=...)` once it takes them;
    tests/test_corpus.py checks that the two agree."""
    df = df_counts[np.searchsorted(df_cols, counts.indices)]
    idf = (np.log((1 + n) / (1 + df)) + 1).astype(np.float32)
    return similarity.weigh(counts, idf, counts.indices, counts.shape[1])


def all_pairs(*kept: Kept) -> np.ndarray:
    """`similarity.all_pairs` over every chunk's vectors, for corpora below `compare_all_below`."""
    vec = similarity.Vectors(*(sparse.vstack([k.vec[i] for k in kept], format="csr") for i in range(2)))
    return similarity.all_pairs(vec)


def score(starts: list[int], pairs: np.ndarray, settings: Settings, *kept: Kept) -> tuple[np.ndarray, np.ndarray]:
    """(score, estimated Jaccard) of `pairs` (global rows), as `stories.candidate_pairs` computes
    them, from the kept features of the chunks whose rows they join (chunk k starts at row starts[k])."""
    index = np.concatenate([np.arange(f, f + len(k.sig)) for f, k in zip(starts, kept)])
    order = np.argsort(index)
    local = order[np.searchsorted(index[order], pairs)]
    vec = similarity.Vectors(sparse.vstack([k.vec.words for k in kept], format="csr"),
                             sparse.vstack([k.vec.names for k in kept], format="csr"))
    return stories.score(vec, np.concatenate([k.sig for k in kept]), local, settings)
