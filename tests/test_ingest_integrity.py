"""Integrity of the store under interruption: SIGKILL at random moments, `--resume`, plain re-runs,
readers that never see half a batch, and an old database migrated in place."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import newstrace
from newstrace import ingest
from newstrace.store import Store

SRC = str(Path(newstrace.__file__).parents[1])
WORDS = ("the council said on monday that the new bridge would open next week after repairs to the road "
         "officials residents traffic harbour ferry school budget police report mayor hospital station "
         "water power storm train museum library market park river").split()


def _sentence(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 16))).capitalize() + "."


def _corpus(root: Path, jsonl_files: int = 4, lines: int = 500, texts: int = 200) -> list[str]:
    """A few thousand generated articles: JSONL files with some bad lines, and small text files."""
    rng = random.Random(7)
    for f in range(jsonl_files):
        with open(root / f"wire{f}.jsonl", "w") as out:
            for n in range(lines):
                if n % 97 == 13:
                    out.write("{not json\n")
                    continue
                body = " ".join(_sentence(rng) for _ in range(rng.randint(3, 8)))
                out.write(json.dumps({"title": _sentence(rng), "text": body, "outlet": f"Wire {f}"}) + "\n")
    (root / "texts").mkdir()
    for n in range(texts):
        # every tenth text repeats an earlier one: same content hash, another source
        seed = n - 5 if n % 10 == 9 else n
        local = random.Random(seed)
        (root / "texts" / f"t{n:04}.txt").write_text(_sentence(local) + "\n\n" + " ".join(_sentence(local) for _ in range(5)))
    (root / "texts" / "empty.txt").write_text("")
    return [str(root)]


def _dump(db: Path) -> dict:
    con = sqlite3.connect(db)
    tables = {
        "articles": "SELECT id, title, body, url, outlet, published, language, fmt, author FROM articles",
        "sources": "SELECT article, source, origin FROM article_sources",
        "held": "SELECT article, reason FROM held_back",
        "skipped": "SELECT DISTINCT source, reason FROM skipped",
        "staged": "SELECT ingest, seq FROM staged",
        "pending_inputs": "SELECT ingest, input FROM ingest_inputs",
        "unfinished": "SELECT id FROM ingests",
    }
    dump = {name: sorted(con.execute(sql).fetchall(), key=repr) for name, sql in tables.items()}
    # A run killed just after it finished is a complete batch: each finished batch lists the same skips.
    per_batch = {}
    for batch, source, reason in con.execute("SELECT batch, source, reason FROM skipped"):
        per_batch.setdefault(batch, []).append((source, reason))
    assert len({repr(sorted(rows)) for rows in per_batch.values()}) <= 1
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    return dump


DRIVER = ("import sys; from newstrace import ingest; from newstrace.store import Store\n"
          "with Store(sys.argv[1]) as store:\n"
          "    ids, skipped = ingest.run(sys.argv[3:], store, ingest.Options(resume=sys.argv[2] == 'resume'))\n"
          "sys.exit(3 if skipped else 0)")


def _cli(paths: list[str], db: Path, *extra: str) -> subprocess.Popen:
    """The `newstrace ingest` command (slow to start: it imports the whole pipeline)."""
    env = dict(os.environ, PYTHONPATH=SRC)
    return subprocess.Popen([sys.executable, "-m", "newstrace", "ingest", *paths, "--db", str(db), *extra],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _run(paths: list[str], db: Path, *extra: str) -> subprocess.Popen:
    """`ingest.run` alone in a process: it starts fast, so most kills land while it writes."""
    env = dict(os.environ, PYTHONPATH=SRC)
    mode = "resume" if "--resume" in extra else "new"
    return subprocess.Popen([sys.executable, "-c", DRIVER, str(db), mode, *paths], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _watch(db: Path, seen: set, stop: threading.Event) -> None:
    """A concurrent reader: the article counts it ever observes."""
    while not stop.is_set():
        try:
            con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
            seen.add(con.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
            con.close()
        except sqlite3.OperationalError:
            pass  # the database or its tables do not exist yet
        time.sleep(0.02)


def _killed_runs(paths, db: Path, kills: int, window: float, rng: random.Random, *extra: str) -> int:
    """Kill `kills` runs, alternately at a random moment and a random moment after staging began;
    returns how many were killed with work staged."""
    midway = 0
    for n in range(kills):
        process = _run(paths, db, *extra)
        if n % 2:
            _wait_for_staging(db, process, window)
            time.sleep(rng.uniform(0, 0.3))
        else:
            time.sleep(rng.uniform(0.2, window))
        process.send_signal(signal.SIGKILL)
        process.wait()
        midway += _staged(db) > 0
    return midway


def _staged(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT COUNT(*) FROM staged").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:
        return 0


def _wait_for_staging(db: Path, process: subprocess.Popen, limit: float) -> None:
    start, before = time.monotonic(), _staged(db)
    while time.monotonic() - start < limit and process.poll() is None and _staged(db) <= before:
        time.sleep(0.02)


@pytest.mark.slow
def test_sigkill_at_random_moments_then_rerun_equals_a_clean_run(tmp_path: Path):
    paths = _corpus(tmp_path)
    clean = tmp_path / "clean.db"
    started = time.monotonic()
    assert _run(paths, clean).wait() == 3  # some lines are bad: "some skipped"
    duration = time.monotonic() - started
    expected = _dump(clean)
    assert len(expected["articles"]) > 1800 and not expected["staged"] and not expected["unfinished"]

    rng = random.Random(11)
    midway = 0
    for mode in (("--resume",), ()):
        db = tmp_path / f"killed{len(mode)}.db"
        seen: set[int] = set()
        stop = threading.Event()
        watcher = threading.Thread(target=_watch, args=(db, seen, stop))
        watcher.start()
        midway += _killed_runs(paths, db, 4, duration, rng, *mode)
        finish = _cli if mode else _run
        assert finish(paths, db, *mode).wait() == 3
        stop.set()
        watcher.join()
        assert _dump(db) == expected, f"killed runs {mode} then a re-run differ from a clean run"
        assert seen <= {0, len(expected["articles"])}, "a reader saw half a batch"
    assert midway >= 2, "too few kills landed while the batch was being written"


def test_resume_continues_where_the_interrupted_batch_stopped(tmp_path: Path, monkeypatch):
    _corpus(tmp_path, jsonl_files=2, lines=300, texts=20)
    paths = [str(tmp_path / "wire0.jsonl"), str(tmp_path / "wire1.jsonl"), str(tmp_path / "texts")]
    store = Store(tmp_path / "t.db")
    calls = []
    real = Store.stage

    def interrupted(self, batch, progress, items):
        calls.append(progress)
        if len(calls) == 4:
            raise KeyboardInterrupt  # a crash between two chunks
        return real(self, batch, progress, items)

    monkeypatch.setattr(Store, "stage", interrupted)
    try:
        ingest.run(paths, store)
    except KeyboardInterrupt:
        pass
    monkeypatch.setattr(Store, "stage", real)
    assert store.articles() == [], "nothing is visible before the batch finishes"
    read_again: list[str] = []
    monkeypatch.setattr(ingest, "_prepare", _spy(ingest._prepare, read_again))
    ids, skipped = ingest.run(paths, store, ingest.Options(resume=True))
    assert len(store.articles()) == len(set(ids)) > 500
    total = 2 * 300 + 20 + 1
    assert len(read_again) == total - 3 * 200, "the three committed chunks were not read again"
    assert store.db.execute("SELECT COUNT(*) FROM batches").fetchone()[0] == 1


def _spy(function, calls: list):
    def wrapped(item, settings):
        calls.append(item.source)
        return function(item, settings)
    return wrapped


def test_a_version_1_database_is_migrated_in_place(tmp_path: Path):
    from importlib import resources

    db = tmp_path / "old.db"
    con = sqlite3.connect(db)
    con.executescript(resources.files("newstrace").joinpath("schema.sql").read_text())
    con.execute("INSERT INTO migrations VALUES (1, 'initial schema', '2025-01-01')")
    con.execute("INSERT INTO batches (id, started_at, inputs) VALUES (1, '2025-01-01', '[]')")
    con.execute("INSERT INTO articles VALUES ('a1', 'T', 'Body.', NULL, NULL, NULL, 'en', 'text', 1)")
    con.execute("INSERT INTO article_sources VALUES ('a1', 'old.txt', 1)")
    con.commit()
    con.close()
    with Store(db) as store:
        assert [(a.id, a.source, a.origin) for a in store.articles()] == [("a1", "old.txt", None)]
        ids, _ = ingest.run([str(Path(__file__).parent / "fixtures" / "ingest" / "text" / "bridge.txt")], store)
        assert len(store.articles()) == 2 and store.held_back() == {}
        versions = [r[0] for r in store.db.execute("SELECT version FROM migrations ORDER BY version")]
    assert versions[:2] == [1, 2]


def test_two_ingests_at_once_keep_each_others_work(tmp_path: Path):
    from newstrace import normalize
    from newstrace.types import Draft

    first, second = Store(tmp_path / "t.db"), Store(tmp_path / "t.db")
    a = normalize.article(Draft(source="a.txt", title="A", body="First body."))
    b = normalize.article(Draft(source="b.txt", title="B", body="Second body."))
    one, _ = first.begin_batch(["a.txt"])
    first.stage(one, {"a.txt": (1, True)}, [(a, None)])
    two, _ = second.begin_batch(["b.txt"])  # a live ingest is neither resumed nor discarded
    second.stage(two, {"b.txt": (1, True)}, [(b, None)])
    assert second.articles() == []
    assert first.finish_batch(one) == ([a.id], []) and second.finish_batch(two) == ([b.id], [])
    assert sorted(x.id for x in first.articles()) == sorted([a.id, b.id])
