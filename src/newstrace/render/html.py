"""The story page as HTML: one self-contained file for `--format html`, the same page in the web app.

Everything on the page is derived from the report view dict. Article strings reach the templates as
plain strings and are escaped by Jinja's autoescape; nothing taken from an article is marked safe.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import re
from importlib import resources
from pathlib import PurePath
from urllib.parse import urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape

KINDS = ("on_record", "anonymous", "vague", "unattributed")
MARKS = {"on_record": "R", "anonymous": "A", "vague": "V", "unattributed": "U"}
NAMES = {"on_record": "on record", "anonymous": "anonymous", "vague": "vague", "unattributed": "unattributed"}
HINTS = {"on_record": "a named person, body or outlet", "anonymous": "unnamed but specific source",
         "vague": "“analysts”, “reports”, “is said to”", "unattributed": "the writer's own assertion"}


@functools.cache
def environment() -> Environment:
    env = Environment(loader=PackageLoader("newstrace", "templates"), autoescape=select_autoescape(["html"]),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(kinds=KINDS, marks=MARKS, names=NAMES, hints=HINTS, bar=bar)
    env.filters["words"] = lambda s: (s or "").replace("_", " ")
    return env


def render(view: dict) -> str:
    """The whole report as one page: inline style and script, no network at view time."""
    js = asset("report.js")
    csp = ("default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
           f"script-src '{script_hash(js)}'; base-uri 'none'; form-action 'none'")
    return environment().get_template("report.html").render(
        **page_data(view), css=asset("report.css"), js=js, csp=csp, web=False,
        view_json=json.dumps(view, ensure_ascii=False).replace("<", "\\u003c"))


def asset(name: str) -> str:
    return resources.files("newstrace").joinpath("templates", name).read_text(encoding="utf-8")


def script_hash(js: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode("ascii")


def page_data(view: dict) -> dict:
    """What the story template needs for every story of `view`, derived from the view only."""
    index = by_owner(view)
    pages = [story_page(view, st, index) for st in view["stories"]]
    pages.sort(key=lambda p: -len(p["versions"]))  # stories told several ways first; stable otherwise
    return {"stories": pages, "skipped": view["skipped"]}


def by_owner(view: dict) -> dict:
    """The view's lists grouped once: sentences and quotes by article, flags and entities by story."""
    index: dict = {"article": {a["id"]: a for a in view["articles"]}}
    for name, owner in (("sentences", "article"), ("quotes", "article"), ("flags", "story"), ("entities", "story")):
        groups: dict = {}
        for item in view[name]:
            groups.setdefault(item.get(owner), []).append(item)
        index[name] = groups
    return index


def story_page(view: dict, story: dict, index: dict | None = None) -> dict:
    """One story: its versions with their sentences cut into marked pieces, core, flags and merges."""
    index = index or by_owner(view)
    tags = {aid: f"V{n}" for n, aid in enumerate(story["articles"], start=1)}
    flags = [dict(f, targets=_targets(index, f), tag=tags.get(f["article"], "?"))
             for f in index["flags"].get(story["id"], [])]
    versions = [_version(index, index["article"][aid], tags, flags, len(story["articles"])) for aid in story["articles"]]
    return dict(
        story, tags=tags, versions=versions, flags=flags, title=_title(versions),
        core=[dict(c, carriers=[tags[a] for a in story["articles"] if a in c["articles"]],
                   targets=_core_targets(c, versions)) for c in story["core"]],
        merges=[dict(m, a_tag=tags.get(m["a"], m["a"]), b_tag=tags.get(m["b"], m["b"])) for m in story["merges"]],
        entities=index["entities"].get(story["id"], []),
        outlets=sorted({v["name"] for v in versions}), dates=dates(versions), cited=cited(versions),
        totals=totals(versions), core_share=core_share(versions))


def _core_targets(item: dict, versions: list[dict]) -> list[str]:
    """Element ids of the sentences that carry a core item: each carrier's first sentence holding its text."""
    found = []
    for v in versions:
        if v["id"] in item["articles"]:
            hit = next((s for s in v["sentences"] if not s["headline"] and item["text"] in s["text"]), None)
            found += [hit["id"]] if hit else []
    for v in versions if item["kind"] == "statement" else ():  # worded by one version: add its counterparts
        for s in v["sentences"]:
            if s["id"] in found[:1]:
                found += [c for c in s["counterparts"] if c not in found]
    return found


def cited(versions: list[dict]) -> list[dict]:
    """Who the versions cite: each named source by kind, with the versions citing it, most cited first."""
    found: dict[tuple[str, str], dict] = {}
    for v in versions:
        for s in v["sentences"]:
            for src in s["sources"]:
                if src.get("name"):
                    key = (src["kind"], " ".join(src["name"].lower().split()))
                    entry = found.setdefault(key, {"kind": src["kind"], "name": src["name"], "tags": [], "count": 0})
                    entry["count"] += 1
                    entry["tags"] += [v["tag"]] if v["tag"] not in entry["tags"] else []
    return sorted(found.values(), key=lambda e: (KINDS.index(e["kind"]) if e["kind"] in KINDS else 9, -len(e["tags"]),
                                                 -e["count"]))


def _title(versions: list[dict]) -> str:
    """The first version's title; for untitled versions, the start of the first body sentence."""
    titled = next((v["title"] for v in versions if v["title"]), None)
    if titled:
        return titled
    first = next((s["text"] for v in versions for s in v["sentences"] if not s["headline"]), "")
    return shorten(first) or "(untitled story)"


def shorten(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _version(index: dict, article: dict, tags: dict, flags: list[dict], versions: int) -> dict:
    quotes = _by_sentence(index["quotes"].get(article["id"], []))
    sentences = [_sentence(s, quotes.get(s["index"], []), flags, versions)
                 for s in index["sentences"].get(article["id"], [])]
    return dict(article, tag=tags[article["id"]], name=short_name(article), sentences=sentences,
                paragraphs=_paragraphs(sentences), headline=[s for s in sentences if s["headline"]])


def short_name(article: dict) -> str:
    """The outlet when known, else the file name the article came from."""
    if article.get("outlet"):
        return article["outlet"]
    source = article["source"]
    if "://" in source:
        return urlsplit(source).netloc or source
    return PurePath(source).name or source


def _by_sentence(quotes) -> dict:
    found: dict = {}
    for q in quotes:
        found.setdefault(q["sentence"], []).append(q)
    return found


def _sentence(s: dict, quotes: list[dict], flags: list[dict], versions: int) -> dict:
    solo = [q for q in quotes if versions > 1 and len(set(q["found_in"])) < 2]
    mine = [f for f in flags if sentence_id(s) in f["targets"]]
    return dict(s, id=sentence_id(s), kind=s["attribution"][0] if s["attribution"] else "unattributed",
                pieces=pieces(s, quotes, solo), flags=mine, solo=len(solo),
                counterparts=[f"s-{a['article']}-{a['index']}" for a in s["aligned"]])


def sentence_id(s: dict) -> str:
    return f"s-{s['article']}-{s['index']}"


def _paragraphs(sentences: list[dict]) -> list[list[dict]]:
    out: list[list[dict]] = []
    for s in sentences:
        if s["headline"]:
            continue
        if not out or out[-1][-1]["paragraph"] != s["paragraph"]:
            out.append([])
        out[-1].append(s)
    return out


def _targets(index: dict, flag: dict) -> list[str]:
    """Element ids of the sentences a flag points at: its own span, and the other span if any."""
    spans = [flag] + ([flag["other"]] if flag.get("other") else [])
    found = [_locate(span, index["sentences"].get(span["article"], [])) for span in spans]
    return [sentence_id(s) for s in found if s]


def _locate(span: dict, sentences: list[dict]) -> dict | None:
    """The sentence holding `span`: a body sentence by offset and text, else the headline by text."""
    text = (span.get("text") or "").strip()[:40]
    inside = [s for s in sentences if not s["headline"] and s["start"] <= span["start"] < max(s["end"], s["start"] + 1)]
    checks = ([s for s in inside if text in s["text"]],
              [s for s in sentences if s["headline"] and text and text in s["text"]], inside)
    return next((found[0] for found in checks if found), None)


def pieces(sentence: dict, quotes: list[dict], solo: list[dict] = ()) -> list[tuple[str, str]]:
    """The sentence cut into (text, css classes) runs: quotes marked, hedge cues underlined."""
    marks = [0] * len(sentence["text"])
    for bit, spans in ((1, quotes), (4, solo)):
        for q in spans:
            for i in range(max(q["start"] - sentence["start"], 0), min(q["end"] - sentence["start"], len(marks))):
                marks[i] |= bit
    for cue in sentence["hedges"]:
        for m in re.finditer(rf"(?<!\w){re.escape(cue)}(?!\w)", sentence["text"], flags=re.IGNORECASE):
            for i in range(m.start(), m.end()):
                marks[i] |= 2
    out, start = [], 0
    for i in range(1, len(marks) + 1):
        if i == len(marks) or marks[i] != marks[start]:
            cls = " ".join(n for bit, n in ((1, "quote"), (2, "hedge"), (4, "solo")) if marks[start] & bit)
            out.append((sentence["text"][start:i], cls))
            start = i
    return out


def dates(versions: list[dict]) -> list[str]:
    days = sorted({v["published"][:10] for v in versions if v.get("published")})
    return [days[0], days[-1]] if len(days) > 1 else days


def totals(versions: list[dict]) -> dict:
    return {k: sum(v["sourcing"].get(k, 0) for v in versions) for k in KINDS}


def core_share(versions: list[dict]) -> float:
    body = sum(v.get("sentence_count", 0) for v in versions)
    added = sum(v.get("adds", {}).get("sentences", 0) for v in versions)
    return round(1 - added / body, 3) if body else 0.0


def bar(counts: dict, width: float = 100.0) -> list[dict]:
    """A stacked bar: one segment per kind with its x offset and width, in `width` units."""
    total = sum(counts.get(k, 0) for k in KINDS)
    out, x = [], 0.0
    for k in KINDS:
        n = counts.get(k, 0)
        if n and total:
            w = width * n / total
            out.append({"kind": k, "count": n, "x": round(x, 2), "w": round(w, 2), "share": n / total})
            x += w
    return out
