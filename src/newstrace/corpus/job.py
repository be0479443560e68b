"""The Dask job: the single-machine grouping of `stories.group`, spread over a cluster.

    1 census      per chunk: read once, ids, dates; outlet paragraphs      -> boilerplate (shuffle)
    2 signatures  per chunk: MinHash signatures, band keys, term counts    -> document frequencies
    3 vectors     per chunk: TF-IDF vectors, top terms
    4 candidates  shuffle on band keys -> LSH pairs; shuffle on top terms -> blocked pairs
    5 scoring     per chunk: pair scores, with the rows of other chunks sent to it
    6 stories     on the client: date window, components + average linkage (`stories.cluster`)
    7 output      per chunk: articles and merge evidence written as Parquet

Only small arrays reach the client: ids (16 bytes), days and story labels (8 bytes each) per
article, and the scored pairs. Signatures and vectors stay on the workers that made them.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field

import numpy as np

from .. import minhash, stories
from ..settings import Settings
from ..types import Skipped
from . import features, output, shards, shuffle
from .cluster import Tracker

MIN_REPEATS = inspect.signature(minhash.boilerplate).parameters["min_repeats"].default


@dataclass
class Result:
    """What the job found: the story label (smallest row of the story) of every row."""

    ids: np.ndarray
    labels: np.ndarray
    pairs: stories.Pairs
    skipped: list[Skipped] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def stories(self) -> int:
        return len(np.unique(self.labels))


def run(client, chunks: list[shards.Chunk], settings: Settings, out: str | None = None,
        buckets: int | None = None, tracker: Tracker | None = None) -> Result:
    """Group the articles of `chunks` into stories on `client`; write Parquet to `out` if given."""
    tracker = tracker or Tracker(False)
    buckets = buckets or max(16, 2 * sum(client.nthreads().values()))
    census, boiler, packed = _census(client, chunks, buckets, tracker)
    firsts = np.concatenate(([0], np.cumsum([len(c.ids) for c in census])))
    n = int(firsts[-1])
    skipped = [s for c in census for s in c.skipped]
    if n == 0:
        return Result(np.zeros(0, "S16"), np.zeros(0, np.int64), stories.Pairs(*_no_pairs()), skipped)
    kept, near, blocked = _candidates(client, packed, firsts, boiler, settings, buckets, tracker)
    ij = stories._union_pairs(near, blocked, max(n, 1))
    tracker.note(f"candidates: {len(near)} LSH pairs, {len(blocked)} blocked pairs, {len(ij)} in all")
    score, jaccard = _score(client, kept, firsts, ij, settings, tracker)
    pairs = stories.Pairs(ij, score, jaccard)
    days = np.concatenate([c.days for c in census])
    pairs = stories._in_window(pairs, days, settings)
    labels = stories.cluster(n, pairs, settings)
    result = Result(np.concatenate([c.ids for c in census]), labels, pairs, skipped)
    tracker.note(f"stories: {n} articles in {result.stories} stories")
    if out is not None:
        result.files = _write(client, packed, firsts, result, settings, out, tracker)
    return result


def _census(client, chunks, buckets, tracker):
    """Read every chunk once; then outlet boilerplate from the articles `stories.group` learns it from."""
    futures = tracker.wait(client.map(features.census, chunks, pure=False), "1/6 reading")
    census = client.gather([client.submit(_pick, f, 0) for f in futures])
    packed = [client.submit(_pick, f, 1) for f in futures]
    firsts = np.concatenate(([0], np.cumsum([len(c.ids) for c in census])))
    sampled = features.BoilerplateSample(int(firsts[-1]))
    parts = client.map(features.paragraphs, packed, firsts[:-1].tolist(), sampled=sampled, buckets=buckets, pure=False)
    keys = [client.submit(shuffle.boilerplate_bucket, MIN_REPEATS, *p, pure=False)
            for p in _exchange(client, parts, buckets)]
    boiler = np.unique(np.concatenate(client.gather(tracker.wait(keys, "   boilerplate")))) if keys else \
        np.zeros(0, np.uint64)
    return census, boiler, packed


def _exchange(client, futures, buckets: int, index: int | None = None) -> list[list]:
    """For each bucket r, the futures of part r of every map task's output (at `index` of it)."""
    path = () if index is None else (index,)
    return [[client.submit(_pick, f, *path, r) for f in futures] for r in range(buckets)]


def _pick(result, *path):
    """`result[path[0]][path[1]]...`, run where `result` lives so only the part travels."""
    for key in path:
        result = result[key]
    return result


def _candidates(client, packed, firsts, boiler, settings, buckets, tracker):
    n = int(firsts[-1])
    boiler_f = client.scatter(boiler, broadcast=True)
    sig = client.map(features.signatures, packed, firsts[:-1].tolist(), boiler=boiler_f, settings=settings,
                     buckets=buckets, pure=False)
    tracker.wait(sig, "2/6 signatures")
    near = [client.submit(shuffle.near_bucket, *p, pure=False) for p in _exchange(client, sig, buckets, 1)]
    df = client.submit(features.add_frequencies, *[client.submit(_pick, f, 2) for f in sig])
    kept0 = [client.submit(_pick, f, 0) for f in sig]
    vec = client.map(features.vectors, kept0, firsts[:-1].tolist(), df=df, n=n, settings=settings,
                     buckets=buckets, pure=False)
    tracker.wait(vec, "3/6 vectors")
    kept = [client.submit(_pick, f, 0) for f in vec]
    if n <= settings.compare_all_below:  # as `stories.score_pairs`: a small corpus is compared in full
        shared = [client.submit(features.all_pairs, *kept, pure=False)]
    else:
        postings = [client.submit(shuffle.posting_bucket, n, settings.block_max_posting, buckets, *p, pure=False)
                    for p in _exchange(client, vec, buckets, 1)]
        shared = [client.submit(shuffle.shared_bucket, n, settings.block_min_overlap, *p, pure=False) for p in _exchange(client, postings, buckets)]
        del postings  # the pairs of each term bucket are freed as soon as the shared buckets have them
    tracker.wait(near + shared, "4/6 candidate pairs")
    return kept, _stack(client.gather(near)), _stack(client.gather(shared))


def _no_pairs() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return np.zeros((0, 2), np.int64), np.zeros(0), np.zeros(0)


def _stack(arrays: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(arrays) if arrays else np.zeros((0, 2), np.int64)


def _score(client, kept, firsts, ij, settings, tracker):
    """Score the pairs between groups of chunks A <= B in one task per (A, B), which gets the kept
    features of both groups. Groups of about `SCORE_ROWS` articles keep the number of tasks (and the
    features each one stacks) from growing with the square of the number of chunks."""
    group_of = _score_groups(client, firsts)
    gi = group_of[np.searchsorted(firsts, ij[:, 0], side="right") - 1]
    gj = group_of[np.searchsorted(firsts, ij[:, 1], side="right") - 1]
    count = int(group_of.max(initial=0)) + 1
    jobs, order = [], []
    for block, mine in _groups(gi * count + gj):
        members = np.flatnonzero(np.isin(group_of, divmod(block, count))).tolist()
        pairs = client.scatter(ij[mine])
        starts = [int(firsts[c]) for c in members]
        jobs.append(client.submit(features.score, starts, pairs, settings, *[kept[c] for c in members], pure=False))
        order.append(mine)
    tracker.wait(jobs, "5/6 scoring pairs")
    score, jaccard = np.zeros(len(ij), np.float64), np.zeros(len(ij), np.float64)
    for mine, job in zip(order, jobs):
        score[mine], jaccard[mine] = job.result()
        job.release()
    return score, jaccard


SCORE_ROWS = 250_000  # articles per scoring group: a task stacks two groups' features (~1.4 GB)


def _score_groups(client, firsts: np.ndarray) -> np.ndarray:
    """The scoring group of each chunk: about `SCORE_ROWS` articles each."""
    return _consecutive_groups(client, len(firsts) - 1, -(-int(firsts[-1]) // SCORE_ROWS))


def _consecutive_groups(client, chunks: int, wanted: int) -> np.ndarray:
    """The group of each chunk when `chunks` consecutive chunks are cut into `wanted` groups, or more
    so that every worker thread gets one (never more groups than chunks)."""
    count = min(max(wanted, sum(client.nthreads().values())), max(chunks, 1))
    return np.arange(chunks) * count // max(chunks, 1)


def _groups(key: np.ndarray):
    """(value, positions of `key` holding it) for each distinct value of `key`."""
    order = np.argsort(key, kind="stable")
    values, starts = np.unique(key[order], return_index=True)
    return zip(values.tolist(), np.split(order, starts[1:]))


def _requests(group: np.ndarray, chunk: np.ndarray, rows: np.ndarray) -> dict[int, dict[int, np.ndarray]]:
    """For each chunk b (from `chunk`), the rows of b (from `rows`) that each write group asks for."""
    width = int(group.max(initial=0)) + 1
    wanted: dict[int, dict[int, np.ndarray]] = {}
    for key, where in _groups(chunk * width + group):
        b, g = divmod(key, width)
        wanted.setdefault(b, {})[g] = np.unique(rows[where])
    return wanted


WRITE_CHUNKS = 16  # chunks one write task writes: partner requests grow with chunks² / 16, not chunks²


def _write(client, packed, firsts, result: Result, settings: Settings, out: str, tracker: Tracker) -> list[str]:
    """Write Parquet per group of consecutive chunks: a task gets the articles of its chunks and, from
    every other chunk, only the merge partners its merges name (one request per chunk and group)."""
    edges = output.evidence_edges(result, settings)
    group_of = _write_groups(client, len(packed))
    ci = np.searchsorted(firsts, edges.a, side="right") - 1
    cj = np.searchsorted(firsts, edges.b, side="right") - 1
    apart = np.flatnonzero(group_of[ci] != group_of[cj])  # partners in the same group are at hand
    wanted = _requests(group_of[ci[apart]], cj[apart], edges.b[apart])
    partners = {b: client.submit(output.partner_articles, packed[b], int(firsts[b]), want, pure=False)
                for b, want in wanted.items()}
    story_ids, mine_of = output.story_ids(result), dict(_groups(ci))
    jobs = []
    for g in range(int(group_of.max(initial=-1)) + 1):
        ks = np.flatnonzero(group_of == g).tolist()
        parts = [output.Part(k, int(firsts[k]), story_ids[firsts[k]:firsts[k + 1]],
                             edges.take(mine_of.get(k, np.zeros(0, np.int64)))) for k in ks]
        got = [client.submit(_pick, partners[b], g) for b, want in wanted.items() if g in want]
        jobs.append(client.submit(output.write_parts, parts, [packed[k] for k in ks], got, out, pure=False))
    tracker.wait(jobs, "6/6 writing Parquet")
    return [f for paths in client.gather(jobs) for f in paths]


def _write_groups(client, chunks: int) -> np.ndarray:
    """The write group of each chunk: about `WRITE_CHUNKS` chunks each."""
    return _consecutive_groups(client, chunks, -(-chunks // WRITE_CHUNKS))
