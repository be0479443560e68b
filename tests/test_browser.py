"""The web app in real headless Chromium (Debian's /usr/bin/chromium driven by Playwright), against a
server on a free loopback port over a database built from ../shared/seeds/.

Screenshots of the stories and story pages go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

playwright = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

from newstrace import pipeline  # noqa: E402
from newstrace.settings import DEFAULT  # noqa: E402
from newstrace.store import Store  # noqa: E402
from newstrace.web import app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

# Written for this test: an article whose text is markup meant to run if it were not escaped.
HOSTILE = ('<img src=x onerror="window.__pwned=1;alert(1)"> Harbour board notes\n\n'
           'The harbour board met on Thursday. <script>window.__pwned = 2; alert("pwned")</script>\n\n'
           'A spokesperson said "<svg onload=alert(3)>" was not on the agenda.\n')
EXTRA = ("Orchard growers report a record apple harvest in the Lenn valley\n\n"
         "Growers in the Lenn valley picked more apples this autumn than in any year on record, the regional "
         'growers\' association said on Friday. "The trees have never carried so much fruit," chair Imke Sollberg said.\n')


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if len(SEEDS) < 2:
        pytest.skip("../shared/seeds is absent")
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    db = tmp_path_factory.mktemp("browser") / "seeds.db"
    with Store(db) as store:
        pipeline.analyze([str(p) for p in SEEDS], store, DEFAULT)
    srv = uvicorn.Server(uvicorn.Config(app.create(str(db)), host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    port = srv.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser(server):
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser):
    """A page that records console errors and dialogs; the test fails if any appear."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.problems = []
    pg.on("console", lambda m: m.type == "error" and pg.problems.append(m.text))
    pg.on("pageerror", lambda e: pg.problems.append(str(e)))
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
    yield pg
    problems = pg.problems
    context.close()
    assert problems == []


def _story_url(server: str, page) -> str:
    """The story page of the seed story (the one with most versions), found through the list."""
    page.goto(server + "/")
    rows = page.request.get(server + "/stories.json").json()["stories"]
    href = "/story/" + max(rows, key=lambda r: r["versions"])["id"]
    assert page.locator(f"ol.rows a.title[href='{href}']").count() == 1
    return href


def _shot(page, name: str, full: bool = False) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), full_page=full)
    assert path.stat().st_size > 5000
    return path


def test_the_stories_page_lists_the_seed_story(server, page):
    page.goto(server + "/")
    rows = page.locator("ol.rows > li")
    assert rows.count() == 1
    assert "2 versions" in rows.first.inner_text()
    assert page.locator("ol.rows svg.bar rect").count() >= 2
    _shot(page, "stories.png", full=True)
    page.set_viewport_size({"width": 390, "height": 844})
    _shot(page, "stories-phone.png", full=True)


def test_the_story_page_shows_both_versions_and_the_core_quotes(server, page):
    href = _story_url(server, page)
    view = page.request.get(server + href + ".json").json()
    page.goto(server + href)
    assert page.locator("article.version").count() == 2
    core_panel = page.locator(".core-panel").inner_text()
    quotes = [c["text"] for c in view["stories"][0]["core"] if c["kind"] == "quote"]
    assert quotes and all(q in core_panel for q in quotes)
    for title in (a["title"] for a in view["articles"]):
        assert page.get_by_text(title, exact=False).first.is_visible()
    _shot(page, "story.png")
    page.locator(".versions").scroll_into_view_if_needed()
    _shot(page, "story-versions.png")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.evaluate("window.scrollTo(0, 0)")
    _shot(page, "story-phone.png")
    page.locator(".versions").scroll_into_view_if_needed()
    _shot(page, "story-phone-versions.png")


def test_clicking_a_sentence_highlights_its_counterpart(server, page):
    page.goto(server + _story_url(server, page))
    first = page.locator("article.version").nth(0).locator(".vbody .s[data-peers]:not([data-peers=''])").first
    peer_id = first.get_attribute("data-peers").split()[0]
    first.hover()
    assert "hover" in page.locator(f"#{peer_id}").get_attribute("class").split()
    first.click()
    assert "sel" in first.get_attribute("class").split()
    peer = page.locator(f"#{peer_id}")
    assert "peer" in peer.get_attribute("class").split()
    assert peer.evaluate("el => el.closest('article.version').dataset.article") != \
        first.evaluate("el => el.closest('article.version').dataset.article")
    box, column = peer.bounding_box(), peer.evaluate("el => el.closest('.vbody').getBoundingClientRect().toJSON()")
    assert column["top"] - 1 <= box["y"] <= column["bottom"]  # scrolled into view inside its column


def test_keyboard_enter_on_a_sentence_and_flags_reveal_their_spans(server, page):
    page.goto(server + _story_url(server, page))
    sentence = page.locator(".vbody .s").nth(3)
    sentence.focus()
    page.keyboard.press("Enter")
    assert "sel" in sentence.get_attribute("class").split()
    flag = page.locator("button.flag").first
    target = flag.get_attribute("data-targets").split()[0]
    flag.focus()
    page.keyboard.press("Enter")
    assert "sel" in page.locator(f"#{target}").get_attribute("class").split()
    assert page.evaluate("id => document.activeElement.id", target) == target


def test_uploading_a_text_file_adds_an_article(server, page, tmp_path):
    before = len(page.request.get(server + "/stories.json").json()["stories"])
    upload = tmp_path / "orchard.txt"
    upload.write_text(EXTRA, encoding="utf-8")
    page.goto(server + "/add")
    page.set_input_files("#files", str(upload))
    page.click("button[type=submit]")
    result = page.locator(".result").first.inner_text()
    assert "Added 1 article" in result and "record apple harvest" in result
    page.locator(".result a").first.click()
    assert page.locator("h1").inner_text().startswith("Orchard growers")
    assert len(page.request.get(server + "/stories.json").json()["stories"]) == before + 1


def test_an_article_with_script_markup_renders_as_text(server, page, tmp_path):
    upload = tmp_path / "notes.txt"
    upload.write_text(HOSTILE, encoding="utf-8")
    page.goto(server + "/add")
    page.set_input_files("#files", str(upload))
    page.click("button[type=submit]")
    page.locator(".result a").first.click()
    assert page.locator("h1").inner_text().startswith('<img src=x onerror="window.__pwned')
    assert "<script>window.__pwned = 2" in page.locator(".article-text").inner_text()
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("main img, main script, main [onerror], main [onload]").count() == 0
    page.goto(server + page.locator("a", has_text="Story ").first.get_attribute("href"))
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert "<svg onload=alert(3)>" in page.locator(".versions").inner_text()


def test_the_static_report_opens_offline_and_behaves_the_same(server, page, tmp_path):
    from newstrace.render import html

    view = page.request.get(server + _story_url(server, page) + ".json").json()
    report = tmp_path / "report.html"
    report.write_text(html.render(view), encoding="utf-8")
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
    page.goto(report.as_uri())
    assert page.locator("article.version").count() == 2
    sentence = page.locator(".vbody .s[data-peers]:not([data-peers=''])").first
    sentence.click()
    assert page.locator(".s.peer").count() >= 1


def teardown_module(module):
    if ARTIFACTS.exists() and not any(ARTIFACTS.iterdir()):
        shutil.rmtree(ARTIFACTS)
