"""The web app through Starlette's test client: pages, their .json twins, adding articles, escaping."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

pytest.importorskip("starlette")
jsonschema = pytest.importorskip("jsonschema")
from starlette.testclient import TestClient  # noqa: E402

from newstrace import pipeline  # noqa: E402
from newstrace.render import html  # noqa: E402
from newstrace.settings import DEFAULT  # noqa: E402
from newstrace.store import Store  # noqa: E402
from newstrace.web import app, intake  # noqa: E402

LOCAL = "http://127.0.0.1"  # the app answers to loopback host names only
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = sorted((SHARED / "seeds").glob("*.txt"))

# Two tellings of one invented story, written for these tests, and a hostile article.
BRIDGE_A = """Marrow Falls closes its old iron bridge after inspectors find cracked beams

MARROW FALLS - The iron bridge over the Tessel river was closed to all traffic on Monday after inspectors found cracked support beams, the county roads office said.

"We cannot let a single car across until the beams are replaced," county engineer Odile Farrant said at a news conference.

Repairs are expected to take at least six weeks, according to the roads office. Buses will use the ferry crossing in the meantime.
"""
BRIDGE_B = """Tessel river bridge shut in Marrow Falls as cracked beams found

The county roads office shut the iron bridge at Marrow Falls on Monday once inspectors reported cracked support beams.

County engineer Odile Farrant told reporters: "We cannot let a single car across until the beams are replaced."

People familiar with the inspection said the cracks had been noticed a year ago. Some residents fear the repairs could take months, and the ferry crossing is said to be overwhelmed already.
"""
HOSTILE_TITLE = '<img src=x onerror="window.__pwned=1">Council meeting notes'
HOSTILE_TEXT = ('The council met on Tuesday. <script>window.__pwned = 1; alert("x")</script> '
                'Members said "<b onmouseover=alert(2)>nothing</b>" was decided, the clerk said.')


def _schema() -> dict:
    return json.loads((SHARED / "report.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    if len(SEEDS) < 2 or not (SHARED / "report.schema.json").exists():
        pytest.skip("../shared/seeds or ../shared/report.schema.json is absent")
    db = tmp_path_factory.mktemp("web") / "seeds.db"
    with Store(db) as store:
        pipeline.analyze([str(p) for p in SEEDS], store, DEFAULT)
    return db


@pytest.fixture(scope="module")
def client(seeded) -> TestClient:
    return TestClient(app.create(str(seeded)), base_url=LOCAL)


@pytest.fixture(scope="module")
def story_id(client) -> str:
    rows = client.get("/stories.json").json()["stories"]
    return max(rows, key=lambda r: r["versions"])["id"]


def test_the_story_twin_is_the_report_view_and_validates(client, story_id):
    twin = client.get(f"/story/{story_id}.json")
    assert twin.status_code == 200
    view = twin.json()
    jsonschema.validate(view, _schema())
    assert [s["id"] for s in view["stories"]] == [story_id]
    assert len(view["stories"][0]["articles"]) == 2


def test_the_story_page_shows_both_versions_and_the_core(client, story_id):
    view = client.get(f"/story/{story_id}.json").json()
    page = client.get(f"/story/{story_id}").text
    assert page.count('class="version"') == 2
    for item in view["stories"][0]["core"]:
        assert _escaped(item["text"]) in page
    for a in view["articles"]:
        assert _escaped(a["title"]) in page


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;").replace("'", "&#39;")


KINDS = {"type": "object", "required": ["on_record", "anonymous", "vague", "unattributed"],
         "additionalProperties": {"type": "integer", "minimum": 0}}
STORIES_TWIN = {  # the contract of /stories.json
    "type": "object", "required": ["schema", "query", "total", "page", "pages", "stories"],
    "properties": {
        "schema": {"const": "newstrace.stories/1"},
        "stories": {"type": "array", "items": {
            "type": "object",
            "required": ["id", "title", "versions", "outlets", "dates", "articles", "core_share", "sourcing", "flags"],
            "properties": {"versions": {"type": "integer", "minimum": 1}, "sourcing": KINDS,
                           "core_share": {"type": "number", "minimum": 0, "maximum": 1},
                           "articles": {"type": "array", "items": {"type": "string"}, "minItems": 1}}}}}}
ADD_TWIN = {  # the contract of POST /add.json
    "type": "object", "required": ["added", "skipped", "stories"],
    "properties": {"added": {"type": "array", "items": {"type": "object",
                                                         "required": ["id", "title", "source", "story", "versions"]}},
                   "skipped": {"type": "array", "items": {"type": "object", "required": ["source", "reason"]}}}}


def test_the_stories_twin_lists_rows_with_their_figures(client, story_id):
    rows = client.get("/stories.json").json()
    jsonschema.validate(rows, STORIES_TWIN)
    row = next(r for r in rows["stories"] if r["id"] == story_id)
    assert row["versions"] == 2 and 0 <= row["core_share"] <= 1
    assert set(row["sourcing"]) == {"on_record", "anonymous", "vague", "unattributed"}
    assert sum(row["sourcing"].values()) > 0
    assert f'href="/story/{story_id}"' in client.get("/").text


def test_search_finds_stories_by_word_and_by_entity(client, story_id):
    entity = client.get("/stories.json").json()["stories"][0]["entities"][0]
    assert [r["id"] for r in client.get("/stories.json", params={"q": entity}).json()["stories"]] == [story_id]
    assert client.get("/stories.json", params={"q": "zzqx-no-such-word"}).json()["stories"] == []
    assert "No story mentions" in client.get("/", params={"q": "zzqx-no-such-word"}).text


def test_the_article_twin_is_a_valid_report_of_that_article_alone(client, story_id):
    view = client.get(f"/story/{story_id}.json").json()
    aid = view["stories"][0]["articles"][1]
    twin = client.get(f"/article/{aid}.json").json()
    jsonschema.validate(twin, _schema())
    assert [a["id"] for a in twin["articles"]] == [aid]
    assert twin["sentences"] and all(s["article"] == aid for s in twin["sentences"])
    page = client.get(f"/article/{aid}").text
    assert '<svg class="profile-chart"' in page and page.count('class="version"') == 1
    other = view["stories"][0]["articles"][0]
    assert f'href="/article/{other}#s-{other}-' in page  # aligned sentences link to their counterparts


def test_unknown_ids_are_404_in_html_and_json(client):
    assert client.get("/story/nosuchstory").status_code == 404
    missing = client.get("/article/nosucharticle.json")
    assert missing.status_code == 404 and "error" in missing.json()


def test_pages_carry_a_strict_content_security_policy(client):
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert client.get("/static/report.js").status_code == 200
    assert client.get("/static/report.html").status_code == 404


def test_other_hosts_and_cross_site_posts_are_refused(client):
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    posted = client.post("/add.json", data={"text": "A council met."}, headers={"origin": "http://evil.example"})
    assert posted.status_code == 403


@pytest.fixture()
def fresh(tmp_path) -> TestClient:
    return TestClient(app.create(str(tmp_path / "fresh.db")), base_url=LOCAL)


def test_uploads_and_pastes_land_in_the_right_story(fresh):
    first = fresh.post("/add.json", files=[("files", ("bridge.txt", BRIDGE_A.encode(), "text/plain"))]).json()
    jsonschema.validate(first, ADD_TWIN)
    assert [a["title"] for a in first["added"]][0].startswith("Marrow Falls closes")
    pasted = fresh.post("/add.json", data={"title": BRIDGE_B.splitlines()[0], "outlet": "Valley Post",
                                           "published": "2026-03-02", "text": BRIDGE_B.split("\n", 2)[2]}).json()
    (added,) = pasted["added"]
    assert added["story"] == first["added"][0]["story"] and added["versions"] == 2
    row = fresh.get("/stories.json").json()["stories"][0]
    assert row["versions"] == 2 and row["outlets"] == ["Valley Post"] and row["dates"] == ["2026-03-02"]


def test_an_empty_or_unreadable_upload_is_reported_not_added(fresh):
    result = fresh.post("/add", files=[("files", ("blob.txt", b"\x00\x01binary", "application/octet-stream"))])
    assert result.status_code == 422
    assert "binary file" in result.text
    assert fresh.post("/add.json", data={"text": "  "}).json()["added"] == []


def test_hostile_article_text_is_escaped_everywhere(fresh):
    upload = fresh.post("/add.json", files=[("files", ("../../evil<x>.txt", f"{HOSTILE_TITLE}\n\n{HOSTILE_TEXT}".encode(),
                                                       "text/plain"))]).json()
    (added,) = upload["added"]
    for url in ("/", f"/story/{added['story']}", f"/article/{added['id']}"):
        page = fresh.get(url).text
        assert "<script>window.__pwned" not in page and "<img src=x" not in page and "<b onmouseover" not in page
        assert "&lt;img src=x onerror" in page
    assert "&lt;script&gt;window.__pwned" in fresh.get(f"/story/{added['story']}").text
    assert "/uploads/" in added["source"] and ".." not in Path(added["source"]).name


@pytest.mark.parametrize("given, expected", [
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\me\\story.md", "story.md"),
    ("report <final>.html", "report_final_.html"),
    ("payload.exe", "payload.exe.txt"),
    ("", "upload"),
])
def test_upload_names_are_reduced_to_a_safe_base_name(given, expected):
    assert intake.safe_name(given) == expected


def test_the_static_report_is_the_story_page_in_one_self_contained_file(client, story_id):
    view = client.get(f"/story/{story_id}.json").json()
    page = html.render(view)
    assert not re.search(r"<(link|img|iframe)\b|\bsrc=", page)
    script = re.search(r"<script>(.*?)</script>", page, flags=re.S).group(1)
    assert html.script_hash(script) in page  # the inline script is allowed by hash, nothing else is
    web = client.get(f"/story/{story_id}").text
    for marker in ('class="core"', 'class="flags"', 'class="versions"', "Why these 2 articles were grouped"):
        assert marker in page and marker in web
    embedded = re.search(r'<script type="application/json" id="view">(.*?)</script>', page, flags=re.S).group(1)
    assert json.loads(embedded) == view


def test_serve_is_a_cli_command():
    from click.testing import CliRunner

    from newstrace.cli import main

    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0 and "--port" in result.output and "127.0.0.1" in result.output


def test_stories_come_newest_first_a_page_at_a_time(tmp_path):
    from newstrace.web.catalog import Catalog

    catalog = Catalog(tmp_path / "paged.db", DEFAULT)
    catalog.add([("bridge.txt", BRIDGE_A.encode())], None)
    catalog.add([("notes.txt", f"{HOSTILE_TITLE}\n\n{HOSTILE_TEXT}".encode())], None)
    first, second = catalog.rows("", page=1, per_page=1), catalog.rows("", page=2, per_page=1)
    assert (first["total"], first["pages"], second["page"]) == (2, 2, 2)
    assert "Council meeting" in first["rows"][0]["title"] and "Marrow Falls" in second["rows"][0]["title"]
    assert catalog.rows("", page=99, per_page=1)["page"] == 2
    assert [r["title"][:6] for r in catalog.rows("odile farrant")["rows"]] == ["Marrow"]


def test_articles_stored_by_ingest_alone_can_be_grouped_from_the_page(tmp_path):
    source = tmp_path / "bridge.txt"
    source.write_text(BRIDGE_A, encoding="utf-8")
    db = tmp_path / "ingested.db"
    with Store(db) as store:
        pipeline.add([str(source)], store)
    client = TestClient(app.create(str(db)), base_url=LOCAL)
    listed = client.get("/stories.json").json()
    assert (listed["ungrouped"], listed["stories"]) == (1, [])
    assert 'action="/group"' in client.get("/").text
    grouped = client.post("/group.json").json()
    assert len(grouped["added"]) == 1 and grouped["added"][0]["versions"] == 1
    assert client.get("/stories.json").json()["ungrouped"] == 0


def test_serve_names_a_busy_port_instead_of_crashing():
    import socket

    from newstrace.errors import NewstraceError
    from newstrace.web import server

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(NewstraceError, match=f"127.0.0.1:{port}.*--port"):
            server._check_free("127.0.0.1", port)
