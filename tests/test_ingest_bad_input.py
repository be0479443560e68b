"""Inputs that break things: each ends as a one-line skipped entry naming its source, and the batch
goes on. Also URLs (served from 127.0.0.1), `--fetch`, directories and the CLI's exit codes."""

from __future__ import annotations

import gzip
import json
import http.server
import os
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from newstrace import ingest
from newstrace.cli import main
from newstrace.settings import INGEST

ROOT = Path(__file__).parent / "fixtures" / "ingest"
ARTICLE = (ROOT / "text" / "bridge.txt").read_bytes()
FAST = ingest.Options(settings=replace(INGEST, fetch_backoff=0.01, fetch_timeout=5))

BAD = {
    "binary.bin": (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary file (a PNG image)"),
    "nul.txt": (b"some text\x00\x01\x02 more", "binary file, not text"),
    "empty.txt": (b"", "the file is empty"),
    "blank.md": (b"  \n\n \t\n", "the file is empty"),
    "title_only.txt": (b"Just a headline\n", "only a title line"),
    "truncated.txt.gz": (gzip.compress(ARTICLE * 50)[:300], "truncated gzip"),
    "corrupt.gz": (b"\x1f\x8b\x08\x00garbage that is not deflate", "corrupt gzip"),
    "nobody.html": (b"<html><head><title>x</title></head></html>", "no article text found"),
    "old.arc.gz": (gzip.compress(b"filedesc://crawl.arc 0.0.0.0 20250101 text/plain 70\n"), "an ARC archive"),
    "broken.rss": (b"<?xml version='1.0'?><rss><channel><title>t</title>", "malformed feed"),
    "bad_namespace.rss": (  # found by the fuzz test: feedparser raised ValueError on this namespace
        b'<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/mo\xa0ules/content/">'
        b"<channel><title>T</title><item><title>A</title><description>x</description>"
        b"<content:encoded><![CDATA[<p>Body.</p>]]></content:encoded></item></channel></rss>", "malformed feed"),
    "not_a_feed.json": (b'{"version": "https://jsonfeed.org/version/1", "items": 5}', "without an 'items' list"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_file_is_one_skipped_line_naming_it(name: str, tmp_path: Path):
    data, reason = BAD[name]
    path = tmp_path / name
    path.write_bytes(data)
    batch = ingest.read([str(path), str(ROOT / "text" / "bridge.txt")])
    assert len(batch.drafts) == 1, "the batch goes on after the bad file"
    assert [s.source for s in batch.skipped] == [str(path)]
    assert reason in batch.skipped[0].reason and "\n" not in batch.skipped[0].reason


def test_missing_and_unreadable_paths(tmp_path: Path):
    names = [str(tmp_path / "nope.txt"), "/proc/self/mem"] if os.path.exists("/proc/self/mem") else [str(tmp_path / "nope.txt")]
    batch = ingest.read(names)
    assert [s.source for s in batch.skipped] == names
    assert batch.skipped[0].reason == "no such file or directory"
    assert all("cannot read" in s.reason for s in batch.skipped[1:])


def test_pipes_are_not_read(tmp_path: Path):
    os.mkfifo(tmp_path / "pipe.txt")
    batch = ingest.read([str(tmp_path)])
    assert [s.reason for s in batch.skipped] == ["not a regular file (a pipe, socket or device)"]


def test_too_large_document_is_refused_without_reading(tmp_path: Path):
    path = tmp_path / "huge.txt"
    path.write_bytes(ARTICLE * (3_000_000 // len(ARTICLE)))
    small = ingest.Options(settings=replace(INGEST, max_document_bytes=1_000_000))
    batch = ingest.read([str(path)], small)
    assert "too large for one document" in batch.skipped[0].reason


def test_jsonl_streams_and_skips_overlong_and_undecodable_lines(tmp_path: Path):
    path = tmp_path / "feed.jsonl.gz"
    good = b'{"title": "T", "text": "A sentence about the harbour ferry and its repair."}\n'
    lines = good + b'{"text": "' + b"x" * 5000 + b'"}\n' + b'{"text": "caf\xe9 au lait is served"}\n' + good
    path.write_bytes(gzip.compress(lines))
    small = ingest.Options(settings=replace(INGEST, max_record_bytes=1000))
    batch = ingest.read([str(path)], small)
    assert len(batch.drafts) == 3 and batch.drafts[1].body == "café au lait is served"
    assert [s.source for s in batch.skipped] == [f"{path}:2"] and "line longer than" in batch.skipped[0].reason
    assert batch.drafts[2].origin.offset == len(lines) - len(good)


def test_directories_are_walked_recursively_and_content_decides_the_format(tmp_path: Path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "page.txt").write_bytes((ROOT / "pages" / "harbour_meta.html").read_bytes())
    (tmp_path / "a" / "feed.xml").write_bytes((ROOT / "feeds" / "wire_atom.xml").read_bytes())
    (tmp_path / "a" / "style.css").write_text("p { color: red }")
    batch = ingest.read([str(tmp_path)])
    assert sorted(d.fmt for d in batch.drafts) == ["feed", "text"]  # .txt named: the name breaks the tie
    (tmp_path / "a" / "b" / "page.txt").rename(tmp_path / "a" / "b" / "page.data")
    named = ingest.read([str(tmp_path / "a" / "b" / "page.data")])
    assert named.drafts[0].fmt == "html" and named.drafts[0].outlet == "Eastbank Courier"


class _Site(http.server.BaseHTTPRequestHandler):
    failures: dict[str, int] = {}

    def do_GET(self):  # noqa: N802 - the http.server API
        left = self.failures.get(self.path, 0)
        if left:
            self.failures[self.path] = left - 1
            self.send_error(503)
            return
        files = {"/page": ROOT / "pages" / "harbour_meta.html", "/feed": ROOT / "feeds" / "courier_rss.xml",
                 "/news/library-hours": ROOT / "pages" / "harbour_meta.html"}
        if self.path not in files:
            self.send_error(404)
            return
        body = files[self.path].read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8" if "page" in self.path else "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_url_is_fetched_with_retries_and_keeps_its_address(site: str):
    _Site.failures["/page"] = 2
    batch = ingest.read([f"{site}/page"], FAST)
    assert batch.skipped == [] and len(batch.drafts) == 1
    draft = batch.drafts[0]
    assert draft.origin.url == f"{site}/page" and draft.origin.captured and draft.origin.path is None
    assert draft.title == "Harbour ferry resumes after week-long repair"


def test_url_errors_are_one_line(site: str):
    _Site.failures["/page"] = 5
    batch = ingest.read([f"{site}/page", f"{site}/missing", "http://127.0.0.1:9/offline"], FAST)
    reasons = [s.reason for s in batch.skipped]
    assert "HTTP 503" in reasons[0] and "after 3 attempts" in reasons[0]
    assert "HTTP 404" in reasons[1]
    assert "cannot connect" in reasons[2] and "offline" in reasons[2]
    assert all("\n" not in r for r in reasons)


def test_feed_with_fetch_reads_the_linked_pages(site: str, tmp_path: Path):
    feed = ROOT / "feeds" / "courier_rss.xml"
    text = feed.read_text().replace("https://courier.example", site)
    (tmp_path / "feed.xml").write_text(text)
    batch = ingest.read([str(tmp_path / "feed.xml")], replace(FAST, fetch=True))
    assert [d.fmt for d in batch.drafts] == ["html", "feed"]
    page = batch.drafts[0]
    assert page.title == "Harbour ferry resumes after week-long repair"
    assert page.origin.feed == f"{site}/" and page.origin.entry == "courier-2025-0311-library"
    assert [s.source for s in batch.skipped] == [f"{site}/news/mill-street"]
    assert "kept the feed's own text" in batch.skipped[0].reason


def test_link_list_with_fetch(site: str, tmp_path: Path):
    (tmp_path / "links.txt").write_text(f"# saved links\n{site}/page\n\n{site}/news/library-hours\n")
    batch = ingest.read([str(tmp_path / "links.txt")], replace(FAST, fetch=True))
    assert [d.source for d in batch.drafts] == [f"{site}/page", f"{site}/news/library-hours"]
    assert batch.skipped == []


def test_analyze_fetches_the_pages_a_link_list_points_to(site: str, tmp_path: Path):
    (tmp_path / "links.txt").write_text(f"{site}/page\n{site}/news/library-hours\n")
    runner = CliRunner()
    db = str(tmp_path / "t.db")
    without = runner.invoke(main, ["analyze", str(tmp_path / "links.txt"), "--db", db, "--format", "json"])
    assert without.exit_code == 3 and json.loads(without.stdout)["articles"] == []
    fetched = runner.invoke(main, ["analyze", str(tmp_path / "links.txt"), "--db", db, "--format", "json", "--fetch"])
    assert fetched.exit_code == 0, fetched.output
    report = json.loads(fetched.stdout)
    # both addresses serve the same page: one article, with both addresses as its sources
    assert [a["title"] for a in report["articles"]] == ["Harbour ferry resumes after week-long repair"]
    assert report["articles"][0]["source"] in (f"{site}/page", f"{site}/news/library-hours")


def test_cli_exit_code_says_whether_anything_was_skipped(tmp_path: Path):
    runner = CliRunner()
    db = str(tmp_path / "t.db")
    good = runner.invoke(main, ["ingest", str(ROOT / "text"/ "bridge.txt"), "--db", db])
    assert good.exit_code == 0 and "1 article(s) read, 0 skipped" in good.output
    bad = runner.invoke(main, ["ingest", str(ROOT / "pages"), "missing.txt", "--db", db])
    assert bad.exit_code == 3
    assert "skipped missing.txt: no such file or directory" in bad.output
    assert "not analysed: written in French" in bad.output and "not comparable" in bad.output


def test_json_documents_arrays_and_single_articles(tmp_path: Path):
    (tmp_path / "export.json").write_text(json.dumps(
        {"articles": [{"title": "A", "text": "First article text."}, {"title": "B"}, 7]}, indent=2))
    (tmp_path / "one.json").write_text(json.dumps({"title": "C", "text": "Only article."}))
    (tmp_path / "bad.json").write_text('{\n  "title": "D",\n  "text": "unterminated\n')
    (tmp_path / "other.json").write_text("[1, 2")
    batch = ingest.read([str(tmp_path / n) for n in ("export.json", "one.json", "bad.json", "other.json")])
    assert [d.title for d in batch.drafts] == ["A", "C"]
    reasons = {s.source.replace(str(tmp_path) + "/", ""): s.reason for s in batch.skipped}
    assert "missing the required string field 'text'" in reasons["export.json[2]"]
    assert "must be a JSON object" in reasons["export.json[3]"]
    assert reasons["bad.json"].startswith("not valid JSON") and reasons["other.json"].startswith("not valid JSON")
