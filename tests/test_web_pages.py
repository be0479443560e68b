"""Page data built from a small hand-made report view: marks inside sentences, bars, flag targets."""

from __future__ import annotations

import re

import pytest

from newstrace.render import html
from newstrace.web import pages

A, B = "a" * 16, "b" * 16


def _sentence(article, index, start, text, kinds=("unattributed",), core=False, aligned=(), hedges=(), headline=False):
    return {"article": article, "index": index, "start": start, "end": start + len(text), "text": text,
            "headline": headline, "paragraph": index, "continues": None, "attribution": list(kinds),
            "sources": [], "hedges": list(hedges), "core": core,
            "aligned": [{"article": o, "index": i, "similarity": 0.9} for o, i in aligned]}


def _article(aid, title, sentence_count, added):
    return {"id": aid, "source": f"/tmp/{aid}.txt", "title": title, "outlet": None, "published": None,
            "language": None, "url": None, "story": "s1",
            "sourcing": {"on_record": 1, "anonymous": 0, "vague": 1, "unattributed": 1},
            "padding_ratio": added / sentence_count, "sentence_count": sentence_count,
            "adds": {"sentences": added, "on_record": 0, "anonymous": 0, "vague": added, "unattributed": 0}}


@pytest.fixture()
def view() -> dict:
    a_text = 'The mayor said "the bridge stays shut" on Monday.'
    return {
        "schema": "newstrace.report/1",
        "articles": [_article(A, "Bridge <shut>", 2, 1), _article(B, None, 2, 1)],
        "stories": [{"id": "s1", "articles": [A, B], "merges": [],
                     "core": [{"kind": "quote", "text": "the bridge stays shut", "speaker": "mayor", "via": None,
                               "articles": [A, B]}]}],
        "sentences": [
            _sentence(A, 0, 0, "Bridge <shut>", headline=True),
            _sentence(A, 1, 0, a_text, ("on_record",), core=True, aligned=[(B, 0)]),
            _sentence(A, 2, len(a_text) + 1, "Repairs could reportedly take months.", ("vague",), hedges=("could",)),
            _sentence(B, 0, 0, '"The bridge stays shut," the mayor said.', ("on_record",), core=True, aligned=[(A, 1)]),
            _sentence(B, 1, 42, "Traffic was heavy.", ()),
        ],
        "quotes": [{"article": A, "sentence": 1, "start": 16, "end": 37, "text": "the bridge stays shut",
                    "speaker": "mayor", "speaker_kind": "on_record", "found_in": [A, B]},
                   {"article": B, "sentence": 0, "start": 1, "end": 22, "text": "The bridge stays shut,",
                    "speaker": "mayor", "speaker_kind": "on_record", "found_in": [B]}],
        "entities": [{"canonical": "Tessel Bridge", "type": "place", "story": "s1",
                      "mentions": [{"article": A, "start": 0, "end": 6, "text": "Bridge"}]}],
        "flags": [{"article": A, "start": len(a_text) + 1, "end": len(a_text) + 38, "text": "Repairs could reportedly",
                   "kind": "vague_source", "why": "stands on vague sourcing", "story": "s1",
                   "other": {"article": B, "start": 42, "end": 60, "text": "Traffic was heavy."}}],
        "skipped": [],
    }


def test_quotes_and_hedges_are_cut_into_marked_pieces(view):
    page = html.story_page(view, view["stories"][0])
    first = page["versions"][0]["sentences"][1]
    assert ("the bridge stays shut", "quote") in first["pieces"]
    assert "".join(t for t, _ in first["pieces"]) == first["text"]
    hedged = page["versions"][0]["sentences"][2]
    assert ("could", "hedge") in hedged["pieces"]


def test_a_quote_found_in_one_version_only_is_marked_solo(view):
    page = html.story_page(view, view["stories"][0])
    b0 = page["versions"][1]["sentences"][0]
    assert b0["solo"] == 1 and any("solo" in cls for _, cls in b0["pieces"])
    assert page["versions"][0]["sentences"][1]["solo"] == 0


def test_a_flag_targets_its_own_sentence_and_the_other_span(view):
    (flag,) = html.story_page(view, view["stories"][0])["flags"]
    assert flag["targets"] == [f"s-{A}-2", f"s-{B}-1"]
    assert flag["tag"] == "V1"


def test_core_items_point_at_the_sentences_that_carry_them(view):
    (item,) = html.story_page(view, view["stories"][0])["core"]
    assert item["carriers"] == ["V1", "V2"]
    assert item["targets"] == [f"s-{A}-1"]  # B words the quote with a capital letter: only A's text holds it


def test_untitled_versions_are_named_by_file_and_stories_by_their_title(view):
    page = html.story_page(view, view["stories"][0])
    assert [v["name"] for v in page["versions"]] == [f"{A}.txt", f"{B}.txt"]
    assert page["title"] == "Bridge <shut>"
    view["articles"][0]["title"] = None
    assert html.story_page(view, view["stories"][0])["title"].startswith("The mayor said")


@pytest.mark.parametrize("counts, widths", [
    ({"on_record": 1, "anonymous": 0, "vague": 1, "unattributed": 2}, [25.0, 25.0, 50.0]),
    ({"on_record": 0, "anonymous": 0, "vague": 0, "unattributed": 0}, []),
])
def test_the_stacked_bar_splits_its_width_by_count(counts, widths):
    segments = html.bar(counts)
    assert [s["w"] for s in segments] == widths
    assert all(s["count"] for s in segments)


def test_the_article_view_keeps_only_that_article(view):
    cut = pages.article_view(view, B)
    assert [a["id"] for a in cut["articles"]] == [B]
    assert {s["article"] for s in cut["sentences"]} == {B} and cut["entities"] == []
    assert [q["article"] for q in cut["quotes"]] == [B]


def test_the_profile_splits_each_kind_into_core_and_added(view):
    page = pages.article_page(view, A)
    rows = {r["kind"]: r for r in page["profile"]}
    assert (rows["on_record"]["core"], rows["on_record"]["added"]) == (1, 0)
    assert (rows["vague"]["core"], rows["vague"]["added"]) == (0, 1)
    assert [c["kind"] for c in page["strip"]["cells"]] == ["on_record", "vague"]


def test_the_rendered_page_escapes_article_strings(view):
    view["sentences"][2]["text"] = "Repairs <script>alert(1)</script> take months."
    page = html.render(view)
    body = page.split('<script type="application/json"')[0]
    assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)" in body
    assert "Bridge &lt;shut&gt;" in body
    assert not re.search(r"<script>alert", page.split('id="view">')[1].split("</script>")[0])


def test_who_the_versions_cite_groups_sources_by_kind_and_name(view):
    view["sentences"][1]["sources"] = [{"kind": "on_record", "name": "the Mayor", "cue": "said"}]
    view["sentences"][3]["sources"] = [{"kind": "on_record", "name": "the  mayor", "cue": "said"}]
    view["sentences"][2]["sources"] = [{"kind": "vague", "name": "officials", "cue": "reportedly"}]
    cited = html.story_page(view, view["stories"][0])["cited"]
    assert [(c["kind"], c["tags"], c["count"]) for c in cited] == [("on_record", ["V1", "V2"], 2), ("vague", ["V1"], 1)]
