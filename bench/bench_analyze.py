"""How long `newstrace analyze` takes on real news: ECB+ documents of one split, end to end.

    PYTHONPATH=src:bench .venv/bin/python bench/bench_analyze.py [--split test] [--jobs 1,2]

Writes the split's documents (first line as title) to a temporary JSON Lines file and analyses it
into a fresh database once per `--jobs` value: ingest, grouping, then labelling, entities, alignment
and checks per story. Prints seconds, articles and sentences per second, and the speed-up of more
processes beside the ideal (one per core). Every run gives the same report (checked).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from _common import SHARED, need, row

from newstrace import pipeline
from newstrace.settings import DEFAULT
from newstrace.store import Store


def write_split(split: str, folder: Path) -> Path:
    docs = [json.loads(line) for line in need(SHARED / "data/stories_ecbplus/docs.jsonl").open(encoding="utf-8")]
    path = folder / f"ecbplus-{split}.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for d in docs:
            if d["split"] == split and "\n" in d["text"]:
                title, body = d["text"].split("\n", 1)
                f.write(json.dumps({"title": title, "text": body, "url": f"https://example.org/{d['doc_id']}"}) + "\n")
    return path


def run(source: Path, db: Path, jobs: int) -> tuple[float, dict]:
    started = time.perf_counter()
    with Store(db) as store:
        view = pipeline.analyze([str(source)], store, DEFAULT, jobs=jobs)
    return time.perf_counter() - started, view


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="test", choices=("train", "dev", "test"))
    ap.add_argument("--jobs", default="1,2", help="comma-separated process counts to time")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = write_split(args.split, Path(tmp))
        timings, views = {}, {}
        for jobs in (int(j) for j in args.jobs.split(",")):
            print(f"analysing with {jobs} process(es) ...", file=sys.stderr)
            timings[jobs], views[jobs] = run(source, Path(tmp) / f"jobs{jobs}.db", jobs)
    first = next(iter(views.values()))
    articles, sentences = len(first["articles"]), len(first["sentences"])
    for jobs, seconds in timings.items():
        row(f"ECB+ {args.split}, {articles} articles, {jobs} process(es): seconds", f"{seconds:.1f}",
            f"{articles / seconds:.1f} articles/s, {sentences / seconds:.0f} sentences/s")
    if 1 in timings and len(timings) > 1:
        most = max(timings)
        row(f"speed-up of {most} processes over 1", f"{timings[1] / timings[most]:.2f}x", f"ideal {most:.2f}x")
    row("same report from every run", str(all(v == first for v in views.values())), "must be True")


if __name__ == "__main__":
    main()
