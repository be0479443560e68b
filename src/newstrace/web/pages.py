"""Page data for the web app, derived from report views only: the stories list and one article.

Each page's `.json` twin is the dict these functions return (or the report view itself for a story),
so the HTML and the JSON can never disagree.
"""

from __future__ import annotations

from ..render import html
from ..view import SCHEMA

STORIES_SCHEMA = "newstrace.stories/1"


def story_row(listed: dict, view: dict) -> dict:
    """One line of the stories page: a `pipeline.listing` row plus figures from the story's view."""
    arts = view["articles"]
    return {
        **listed,
        "title": listed["title"] or next((a["title"] for a in arts if a["title"]), None) or _lead(view),
        "dates": html.dates(arts),
        "sentences": sum(a["sentence_count"] for a in arts),
        "core_share": html.core_share(arts),
        "sourcing": html.totals(arts),
        "flags": len(view["flags"]),
        "core": len(view["stories"][0]["core"]) if view["stories"] else 0,
        "entities": [e["canonical"] for e in sorted(view["entities"], key=lambda e: -len(e["mentions"]))],
    }


def _lead(view: dict) -> str | None:
    """For untitled stories: the start of the first body sentence, marked as such by an ellipsis."""
    first = next((s["text"] for s in view["sentences"] if not s["headline"]), None)
    return html.shorten(first) if first else None


def stories_twin(found: dict, query: str) -> dict:
    return {"schema": STORIES_SCHEMA, "query": query or None, "total": found["total"], "page": found["page"],
            "pages": found["pages"], "ungrouped": found["ungrouped"], "stories": found["rows"]}


def article_view(view: dict, article_id: str) -> dict:
    """The story report cut down to one article: still a valid `newstrace.report/1` document."""
    mine = lambda items: [x for x in items if x.get("article") == article_id]  # noqa: E731
    entities = []
    for e in view["entities"]:
        mentions = mine(e["mentions"])
        if mentions:
            entities.append(dict(e, mentions=mentions))
    return {
        "schema": SCHEMA, "articles": [a for a in view["articles"] if a["id"] == article_id],
        "stories": [s for s in view["stories"] if article_id in s["articles"]],
        "sentences": mine(view["sentences"]), "quotes": mine(view["quotes"]),
        "entities": entities, "flags": mine(view["flags"]), "skipped": [],
    }


def article_page(view: dict, article_id: str) -> dict:
    """The article page: the version as the story page shows it, plus its sourcing profile."""
    story = next(s for s in view["stories"] if article_id in s["articles"])
    page = html.story_page(view, story)
    version = next(v for v in page["versions"] if v["id"] == article_id)
    body = [s for s in version["sentences"] if not s["headline"]]
    return {"story": page, "version": version, "profile": profile(body), "strip": strip(body),
            "others": [v for v in page["versions"] if v["id"] != article_id]}


def profile(body: list[dict]) -> list[dict]:
    """Per kind: how many body sentences carry it, split into core and added, as chart rows."""
    rows = []
    for k in html.KINDS:
        carrying = [s for s in body if k in s["attribution"]]
        core = sum(1 for s in carrying if s["core"])
        rows.append({"kind": k, "total": len(carrying), "core": core, "added": len(carrying) - core})
    top = max((r["total"] for r in rows), default=0) or 1
    for r in rows:
        r["core_w"], r["added_w"] = round(200 * r["core"] / top, 1), round(200 * r["added"] / top, 1)
    return rows


def strip(body: list[dict]) -> dict:
    """One cell per body sentence, in reading order, coloured by its first attribution kind."""
    cell = 640 / max(len(body), 1)
    cells = [{"x": round(i * cell, 2), "w": round(max(cell - 1, 0.5), 2), "kind": s["kind"], "core": s["core"],
              "id": s["id"], "n": i + 1, "label": ", ".join(html.NAMES[k] for k in s["attribution"])}
             for i, s in enumerate(body)]
    return {"cells": cells, "width": 640}
