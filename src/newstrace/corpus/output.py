"""The job's Parquet output, and loading it into the store (`newstrace ingest OUT`).

    OUT/newstrace-corpus.json        what was grouped, and how many articles and stories
    OUT/articles/part-NNNNN.parquet  one row per article: row, article_id, story_id, source, the
                                     normalised title and body, url, outlet, published, language, fmt
    OUT/merges/part-NNNNN.parquet    the evidence of each story: the pairs of a maximum spanning
                                     forest (rank, story_id, a, b, similarity, method, jaccard, shared)

A story's id, members (in corpus order) and merges are those `stories.group` gives the same articles.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .. import stories
from ..settings import Settings
from ..types import Article, Merge, Story
from . import features

FORMAT = "newstrace.corpus/1"
MANIFEST = "newstrace-corpus.json"
ARTICLE_COLUMNS = ("title", "body", "url", "outlet", "published", "language", "fmt")


class Edges(NamedTuple):
    """The merges to record: rows a < b, their score and method, and their rank in `stories.group`."""

    a: np.ndarray
    b: np.ndarray
    score: np.ndarray
    jaccard: np.ndarray
    method: np.ndarray
    rank: np.ndarray

    def take(self, which: np.ndarray) -> Edges:
        return Edges(*(column[which] for column in self))


def evidence_edges(result, settings: Settings) -> Edges:
    """The pairs `stories.group` keeps as evidence: a maximum spanning forest of each story's pairs."""
    pairs, labels = result.pairs, result.labels
    same = labels[pairs.ij[:, 0]] == labels[pairs.ij[:, 1]]
    ij, score, jaccard = pairs.ij[same], pairs.score[same], pairs.jaccard[same]
    tree = np.array(stories._spanning(len(labels), ij, score), dtype=np.int64)
    near = pairs.near_duplicate(settings)[same][tree] if len(tree) else np.zeros(0, bool)
    method = np.where(near, "near-duplicate", "content")
    return Edges(ij[tree, 0], ij[tree, 1], score[tree], jaccard[tree], method, np.arange(len(tree)))


def story_ids(result) -> np.ndarray:
    """The story id of every row: "s" and the first 12 characters of its first member's id."""
    first = result.ids[result.labels]
    return np.char.add("s", np.char.decode(first, "ascii").astype("U12")) if len(first) else np.zeros(0, "U13")


def partner_articles(packed: bytes, first: int, want: dict[int, np.ndarray]) -> dict[int, dict[int, Article]]:
    """For each requesting write group, the articles of this chunk (by global row) it needs as merge partners."""
    articles = features.unpack(packed)
    return {k: {int(r): articles[int(r) - first] for r in rows} for k, rows in want.items()}


class Part(NamedTuple):
    """One chunk to write: its number, first row, story ids and the merges it holds."""

    k: int
    first: int
    ids: np.ndarray
    edges: Edges


def write_parts(parts: list[Part], packed: list[bytes], partners: list[dict], out: str) -> list[str]:
    """Write the articles of each chunk of `parts` (packed: its articles) and the merges whose first
    article is in it; `partners` holds the other articles those merges name."""
    known = {r: a for p in partners for r, a in p.items()}
    unpacked = [features.unpack(p) for p in packed]
    for part, articles in zip(parts, unpacked):
        known.update({part.first + i: a for i, a in enumerate(articles)})
    return [path for part, articles in zip(parts, unpacked) for path in _write_part(part, articles, known, out)]


def _write_part(part: Part, articles: list[Article], known: dict[int, Article], out: str) -> tuple[str, str]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"row": np.arange(part.first, part.first + len(articles), dtype=np.int64),
                      "article_id": [a.id for a in articles], "story_id": part.ids.tolist(),
                      "source": [a.source for a in articles],
                      **{c: [getattr(a, c) for a in articles] for c in ARTICLE_COLUMNS}})
    merges = [_explain(known[int(e[0])], known[int(e[1])], float(e[2]), str(e[4])) for e in zip(*part.edges)]
    paths = Path(out) / "articles" / f"part-{part.k:05d}.parquet", Path(out) / "merges" / f"part-{part.k:05d}.parquet"
    for path, t in zip(paths, (table, _merge_table(merges, part.ids, part.edges, part.first))):
        path.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(t.replace_schema_metadata({"newstrace": FORMAT}), path)
    return str(paths[0]), str(paths[1])


def _explain(a: Article, b: Article, score: float, method: str) -> Merge:
    """The merge of `a` and `b` as `stories.group` records it, with what they share filled in."""
    merge = Merge(a.id, b.id, round(score, 3), method)
    return stories.explain(Story("", (a.id, b.id), (merge,)), [a, b]).merges[0]


def _merge_table(merges: list[Merge], ids: np.ndarray, edges: Edges, first: int):
    import pyarrow as pa

    return pa.table({
        "rank": edges.rank.astype(np.int64), "story_id": [str(ids[int(a) - first]) for a in edges.a],
        "a": [m.a for m in merges], "b": [m.b for m in merges], "similarity": [m.similarity for m in merges],
        "method": [m.method for m in merges], "jaccard": edges.jaccard.astype(np.float64),
        "shared": pa.array([list(m.shared) for m in merges], type=pa.list_(pa.string())),
    })


def write_manifest(out: str, inputs: list[str], articles: int, story_count: int, settings: Settings) -> None:
    info = {"format": FORMAT, "inputs": inputs, "articles": articles, "stories": story_count,
            "settings": {k: v for k, v in vars(settings).items()}}
    Path(out).mkdir(parents=True, exist_ok=True)
    Path(out, MANIFEST).write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")


def is_output(path: str) -> bool:
    """True for a directory `group-corpus` wrote."""
    return Path(path, MANIFEST).is_file()


def load(path: str, store) -> tuple[list[str], int]:
    """Store the articles and stories of a `group-corpus` output; returns (article ids, stories)."""
    import pyarrow.parquet as pq

    ids: list[str] = []
    members: dict[str, list[str]] = {}
    for part in sorted(Path(path, "articles").glob("part-*.parquet")):
        table = pq.read_table(part)
        rows = table.to_pylist()
        store.save_batch([str(part)], [_article(r) for r in rows], [])
        for r in rows:
            ids.append(r["article_id"])
            members.setdefault(r["story_id"], []).append(r["article_id"])
    merges = _merges(path)
    found = [Story(sid, tuple(dict.fromkeys(m)), tuple(merges.get(sid, ()))) for sid, m in members.items()]
    store.replace_stories(found)
    return ids, len(found)


def _article(r: dict) -> Article:
    return Article(r["article_id"], r["source"], r["title"], r["body"], r["url"], r["outlet"], r["published"],
                   r["language"], r["fmt"])


def _merges(path: str) -> dict[str, list[Merge]]:
    import pyarrow.parquet as pq

    parts = sorted(Path(path, "merges").glob("part-*.parquet"))
    rows = sorted((r for p in parts for r in pq.read_table(p).to_pylist()), key=lambda r: r["rank"])
    merges: dict[str, list[Merge]] = {}
    for r in rows:
        merges.setdefault(r["story_id"], []).append(
            Merge(r["a"], r["b"], r["similarity"], r["method"], tuple(r["shared"] or ())))
    return merges
