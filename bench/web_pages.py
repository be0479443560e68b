"""How fast the web app's pages answer on a realistic database: ECB+ news documents (one split).

    PYTHONPATH=src .venv/bin/python bench/web_pages.py [--split dev] [--shared ../shared]

Builds a database from ../shared/data/stories_ecbplus/docs.jsonl (the split's documents, written to a
temporary file), then times each page through Starlette's test client, cold (first request, which
analyses the stories it shows) and warm. Each figure is printed beside its reference figure.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from starlette.testclient import TestClient

from newstrace import pipeline
from newstrace.render import html
from newstrace.settings import DEFAULT
from newstrace.store import Store
from newstrace.web import app

# Targets for a page a reader waits on: a warm page under 0.3 s, a cold one under 3 s; the one-file
# report of a couple of hundred documents under 5 s.
LOCAL = "http://127.0.0.1"
REFERENCE = {"cold": 3.0, "warm": 0.3, "report": 5.0}


def build(shared: Path, split: str, folder: Path) -> tuple[Path, int, float]:
    docs = [json.loads(line) for line in (shared / "data/stories_ecbplus/docs.jsonl").open(encoding="utf-8")]
    chosen = [{"text": d["text"], "title": None} for d in docs if d["split"] == split]
    source = folder / f"ecbplus-{split}.jsonl"
    source.write_text("".join(json.dumps(d) + "\n" for d in chosen), encoding="utf-8")
    db = folder / "bench.db"
    started = time.perf_counter()
    with Store(db) as store:
        pipeline.analyze([str(source)], store, DEFAULT)
    return db, len(chosen), time.perf_counter() - started


def timed(client: TestClient, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("train", "dev", "test"))
    parser.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db, n, seconds = build(Path(args.shared), args.split, Path(tmp))
        print(f"built: {n} documents analysed in {seconds:.1f} s", file=sys.stderr)
        client = TestClient(app.create(str(db)), base_url=LOCAL)
        found = client.get("/stories.json").json()
        biggest = max(found["stories"], key=lambda r: r["versions"])
        article = biggest["articles"][0]
        print(f"database: {n} documents, {found['total']} stories, largest story {biggest['versions']} versions")
        for name, url in (("stories page", "/"), ("stories page 2", "/?page=2"), ("search", "/?q=police"),
                          ("story page", f"/story/{biggest['id']}"), ("story twin", f"/story/{biggest['id']}.json"),
                          ("article page", f"/article/{article}")):
            cold, warm = timed(client, url), timed(client, url)
            print(f"{name:<15} cold {cold:6.3f} s (ref < {REFERENCE['cold']} s)   "
                  f"warm {warm:6.3f} s (ref < {REFERENCE['warm']} s)")
        print(static_report(db, n))


def static_report(db: Path, n: int) -> str:
    """`analyze --format html` of every story: the one-file report's render time and size."""
    with Store(db) as store:
        view = pipeline.report(store, None, DEFAULT)
    started = time.perf_counter()
    page = html.render(view)
    seconds = time.perf_counter() - started
    return (f"static report   {len(view['stories'])} stories, {n} documents: render {seconds:.2f} s "
            f"(ref < {REFERENCE['report']} s), {len(page) // 1000} kB")


if __name__ == "__main__":
    main()
