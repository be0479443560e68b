"""The whole path, through the command line, on the seeds and the bundled example."""

import json
import os
import sqlite3
import subprocess
import sys

import jsonschema
import pytest
from support import REPO, run_cli, schema, seed_files

from newstrace import text_features


@pytest.fixture(scope="module")
def seeds_report(tmp_path_factory):
    db = tmp_path_factory.mktemp("seeds") / "n.db"
    proc = run_cli("analyze", *seed_files(), "--format", "json", "--db", str(db))
    return json.loads(proc.stdout), db


def test_seed_report_validates_and_holds_one_story(seeds_report):
    report, _ = seeds_report
    jsonschema.validate(report, schema())
    assert len(report["articles"]) == 2
    assert len(report["stories"]) == 1 and len(report["stories"][0]["articles"]) == 2


def test_every_seed_sentence_is_labelled(seeds_report):
    report, _ = seeds_report
    gold = json.loads((REPO.parent / "shared/seeds/gold.json").read_text())
    assert len(report["sentences"]) == len(gold["sentences"])
    assert all(s["attribution"] for s in report["sentences"])
    assert {s["text"] for s in report["sentences"]} == {g["text"] for g in gold["sentences"]}


def test_gold_core_quotes_are_in_the_story_core(seeds_report):
    report, _ = seeds_report
    gold = json.loads((REPO.parent / "shared/seeds/gold.json").read_text())
    core = {text_features.quote_key(c["text"]) for c in report["stories"][0]["core"] if c["kind"] == "quote"}
    for quote in gold["core_quotes"]:
        assert text_features.quote_key(quote["text"]) in core


def test_analyzing_twice_stores_each_article_once(seeds_report):
    _, db = seeds_report
    run_cli("analyze", *seed_files(), "--format", "json", "--db", str(db))
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 2
        assert conn.execute("SELECT count(*) FROM story_articles").fetchone()[0] == 2


def test_stories_and_show_read_the_database(seeds_report):
    _, db = seeds_report
    listing = json.loads(run_cli("stories", "--db", str(db), "--format", "json").stdout)
    assert len(listing) == 1 and listing[0]["versions"] == 2
    shown = json.loads(run_cli("show", listing[0]["id"][:6], "--db", str(db), "--format", "json").stdout)
    jsonschema.validate(shown, schema())
    assert shown["stories"][0]["id"] == listing[0]["id"]


def test_example_groups_the_storm_and_keeps_the_rest_apart(tmp_path):
    report = json.loads(run_cli("analyze", "examples", "--format", "json", "--db", str(tmp_path / "d.db")).stdout)
    jsonschema.validate(report, schema())
    sizes = sorted(len(s["articles"]) for s in report["stories"])
    assert sizes == [1, 1, 1, 4]
    storm = next(s for s in report["stories"] if len(s["articles"]) == 4)
    assert any(c["kind"] == "quote" and "working since midnight" in c["text"] for c in storm["core"])


def test_terminal_summary_and_html_report(tmp_path):
    html = tmp_path / "r.html"
    proc = run_cli("analyze", "examples/storm", "--db", str(tmp_path / "d.db"), "--html", str(html))
    assert "Core: what the versions share" in proc.stdout and "\x1b[" not in proc.stdout
    page = html.read_text()
    assert "Calder Bay" in page and "<script src" not in page and "http://" not in page.split("<body")[0]


def test_unreadable_input_is_skipped_and_the_run_goes_on(tmp_path):
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "ok.txt").write_text("A title\n\nThe council met on Monday and voted to close the pool.")
    proc = run_cli("analyze", str(tmp_path), str(tmp_path / "missing.txt"), "--format", "json",
                   "--db", str(tmp_path / "d.db"), check=False)
    assert proc.returncode == 3
    report = json.loads(proc.stdout)
    reasons = {s["source"].split("/")[-1]: s["reason"] for s in report["skipped"]}
    assert reasons == {"bin.txt": "binary file, not text", "missing.txt": "no such file or directory"}
    assert len(report["articles"]) == 1


def test_article_markup_is_escaped_in_html(tmp_path):
    (tmp_path / "x.txt").write_text('Bad <script>alert(1)</script>\n\nHe said <img src=x onerror=alert(2)> today.')
    page = run_cli("analyze", str(tmp_path / "x.txt"), "--format", "html", "--db", str(tmp_path / "d.db")).stdout
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page


def test_a_database_that_cannot_be_opened_is_one_line_and_exit_1(tmp_path):
    garbage = tmp_path / "not-a.db"
    garbage.write_bytes(b"this is not an SQLite database, just some text" * 100)
    proc = run_cli("stories", "--db", str(garbage), check=False)
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and str(garbage) in proc.stderr


def test_embeddings_asked_for_but_not_built_is_one_line_and_exit_1(tmp_path):
    env = {**os.environ, "NEWSTRACE_MODELS": str(tmp_path / "no-models")}
    proc = subprocess.run([sys.executable, "-m", "newstrace", "analyze", "examples/storm", "--db", str(tmp_path / "d.db"),
                           "--embeddings", "static"], capture_output=True, text=True, cwd=REPO, env=env)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "static embedding table" in proc.stderr
