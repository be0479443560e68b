"""One self-contained HTML page per report: no network at view time, every article string escaped."""

from __future__ import annotations

import json
import re
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape

KINDS = ("on_record", "anonymous", "vague", "unattributed")
MARKS = {"on_record": "R", "anonymous": "A", "vague": "V", "unattributed": "·"}


def environment() -> Environment:
    env = Environment(loader=PackageLoader("newstrace", "templates"), autoescape=select_autoescape(["html"]))
    env.globals.update(kinds=KINDS, marks=MARKS)
    return env


def render(view: dict) -> str:
    return environment().get_template("report.html").render(**page_data(view))


def page_data(view: dict) -> dict:
    """What the template needs, derived from the view only."""
    articles = {a["id"]: a for a in view["articles"]}
    by_article: dict[str, list[dict]] = {}
    quotes = _quotes_by_sentence(view)
    flagged = _flags_by_sentence(view)
    for s in view["sentences"]:
        s = dict(s, pieces=_pieces(s, quotes.get((s["article"], s["index"]), [])),
                 flags=flagged.get((s["article"], s["start"], s["headline"]), []))
        by_article.setdefault(s["article"], []).append(s)
    stories = [dict(st, versions=[dict(articles[a], sentences=by_article.get(a, [])) for a in st["articles"]],
                    flags=[f for f in view["flags"] if f.get("story") == st["id"]],
                    entities=[e for e in view["entities"] if e.get("story") == st["id"]])
               for st in view["stories"]]
    return {"stories": stories, "skipped": view["skipped"], "css": _asset("report.css"),
            "js": _asset("report.js"), "view_json": json.dumps(view, ensure_ascii=False).replace("<", "\\u003c")}


def _asset(name: str) -> str:
    return resources.files("newstrace").joinpath("templates", name).read_text(encoding="utf-8")


def _quotes_by_sentence(view: dict) -> dict:
    found: dict = {}
    for q in view["quotes"]:
        found.setdefault((q["article"], q["sentence"]), []).append(q)
    return found


def _flags_by_sentence(view: dict) -> dict:
    sentence_of: dict = {}
    for s in view["sentences"]:
        if not s["headline"]:
            sentence_of[(s["article"], s["start"])] = s
    found: dict = {}
    for f in view["flags"]:
        for s in view["sentences"]:
            if s["article"] == f["article"] and s["start"] <= f["start"] < max(s["end"], s["start"] + 1) \
                    and not s["headline"]:
                found.setdefault((s["article"], s["start"], False), []).append(f)
                break
    return found


def _pieces(sentence: dict, quotes: list[dict]) -> list[tuple[str, str]]:
    """The sentence cut into (text, css class) runs: quotes marked, hedge cues underlined."""
    marks = [0] * len(sentence["text"])
    for q in quotes:
        for i in range(q["start"] - sentence["start"], q["end"] - sentence["start"]):
            if 0 <= i < len(marks):
                marks[i] |= 1
    for cue in sentence["hedges"]:
        for m in re.finditer(rf"\b{re.escape(cue)}\b", sentence["text"]):
            for i in range(m.start(), m.end()):
                marks[i] |= 2
    pieces, start = [], 0
    for i in range(1, len(marks) + 1):
        if i == len(marks) or marks[i] != marks[start]:
            cls = " ".join(n for bit, n in ((1, "quote"), (2, "hedge")) if marks[start] & bit)
            pieces.append((sentence["text"][start:i], cls))
            start = i
    return pieces
