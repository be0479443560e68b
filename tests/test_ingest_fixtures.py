"""Expected extractions from the team's real-format fixtures (one `.expected` file per case), and WARC
archives built from those pages by the WARC library itself."""

from __future__ import annotations

import gzip
import io
import json
import re
from pathlib import Path

import pytest

from newstrace import ingest
from newstrace.store import Store

ROOT = Path(__file__).parent / "fixtures" / "ingest"
CASES = sorted(ROOT.glob("*/*.expected"))
PAGES = ["harbour_meta.html", "cafe_cp1252.html", "french.html"]


def _ingest(paths: list[str], tmp_path: Path, options: ingest.Options = ingest.Options()):
    store = Store(tmp_path / "t.db")
    ids, skipped = ingest.run(paths, store, options)
    return store, ids, skipped


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.stem)
def test_fixture_extracts_as_expected(case: Path, tmp_path: Path):
    expected = json.loads(case.read_text(encoding="utf-8"))
    source = case.with_suffix("")
    store, ids, skipped = _ingest([str(source)], tmp_path)
    held = store.held_back()
    articles = store.articles()
    assert len(articles) == len(expected["articles"]), expected["description"]
    for article, want in zip(articles, expected["articles"]):
        _check_article(article, want, held.get(article.id), store)
    assert set(ids) == {a.id for a in articles if a.id not in held}
    assert [a.id for a in store.articles(held=False)] == [a.id for a in articles if a.id not in held]
    real = [s for s in skipped if not s.reason.startswith(("not comparable", "not analysed"))]
    assert [s.source for s in real] == [str(ROOT / w["source"]) for w in expected["skipped"]]
    for got, want in zip(real, expected["skipped"]):
        assert want["reason_contains"] in got.reason and "\n" not in got.reason
    store.close()


def _check_article(article, want: dict, held: str | None, store: Store) -> None:
    for key in ("title", "url", "outlet", "published", "author", "fmt", "language"):
        assert getattr(article, key) == want[key], key
    assert article.body.startswith(want["body_starts"])
    for part in want.get("body_contains", []):
        assert part in article.body
    for part in want.get("body_excludes", []):
        assert part not in article.body
    assert (held or None) and held.startswith(want["held"]) if want["held"] else held is None
    assert article.origin is not None and article.origin.path == re.sub(r"(#.*|:\d+|\[\d+\])$", "", article.source)
    if "entry" in want:
        assert article.origin.entry == want["entry"] and article.origin.feed
    if "offset" in want:
        assert article.origin.offset == want["offset"] and article.origin.length > 0
    assert store.sources(article.id)[0][1] == article.origin


def _warc(gz: bool, extra: bytes = b"") -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gz)
    for number, name in enumerate(PAGES):
        body = (ROOT / "pages" / name).read_bytes()
        ctype = "text/html; charset=windows-1252" if "cp1252" in name else "text/html"
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        record = writer.create_warc_record(f"https://site{number}.example/{name}", "response",
                                           payload=io.BytesIO(body), http_headers=headers)
        writer.write_record(record)
    css = StatusAndHeaders("200 OK", [("Content-Type", "text/css")], protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record("https://site0.example/a.css", "response",
                                                  payload=io.BytesIO(b"p{color:red}"), http_headers=css))
    return buffer.getvalue() + extra


@pytest.mark.parametrize("gz", [False, True], ids=["warc", "warc.gz"])
def test_warc_pages_keep_record_id_capture_time_and_offset(gz: bool, tmp_path: Path):
    path = tmp_path / ("crawl.warc.gz" if gz else "crawl.warc")
    path.write_bytes(_warc(gz))
    store, ids, skipped = _ingest([str(path)], tmp_path)
    articles = store.articles()
    assert [a.title for a in articles] == ["Harbour ferry resumes after week-long repair",
                                           "Café owners protest new terrace fees", "Le bac du port reprend du service"]
    assert skipped == [] or [s.reason[:12] for s in skipped] == ["not analysed"]
    data = path.read_bytes()
    for a in articles:
        assert a.fmt == "warc" and a.origin.record.startswith("<urn:uuid:") and a.origin.captured
        assert a.source == f"{path}#{a.origin.record}" and a.origin.url.startswith("https://site")
        start = data[a.origin.offset:]
        assert (gzip.decompress(start)[:100] if gz else start).startswith(b"WARC/1.")
    assert "“We were never asked,”" in articles[1].body


def test_warc_broken_record_is_skipped_and_reading_goes_on(tmp_path: Path):
    data = _warc(False)
    second = data.find(b"WARC/1.", 10)
    broken = data[:second] + b"WARC/1.0\r\nContent-Lxngth: zz\r\n\r\ngarbage\r\n\r\n" + data[second:]
    path = tmp_path / "broken.warc"
    path.write_bytes(broken)
    store, ids, skipped = _ingest([str(path)], tmp_path)
    assert len(store.articles()) == 3
    assert any("broken WARC record" in s.reason and s.source.startswith(str(path)) for s in skipped)


def test_truncated_warc_gz_keeps_the_records_before_the_cut(tmp_path: Path):
    data = _warc(True)
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: int(len(data) * 0.6)])
    store, ids, skipped = _ingest([str(path)], tmp_path)
    assert 1 <= len(store.articles()) < 3
    assert any(s.source.startswith(str(path)) and "not analysed" not in s.reason for s in skipped)
