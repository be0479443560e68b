"""RSS, Atom and JSON feeds (feedparser): one article per entry, from the entry's own content where the
feed carries it, else its summary; with a `fetch` function, from the page the entry links to."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable, Iterator

from ..errors import InputError
from ..types import Draft, Origin, Skipped

Fetch = Callable[[str, Origin], list[Draft]]
_BLOCK_END = re.compile(r"(?i)<\s*(?:br\s*/?|/p|/div|/h[1-6]|/li|/blockquote|/tr)\s*>")


def drafts(source: str, data: bytes, path: str | None = None, fetch: Fetch | None = None,
           json: bool = False) -> Iterator[Draft | Skipped]:
    """Every entry of the feed in `data` (a JSON feed when `json`); raises InputError when it is not a
    readable feed. A malformed feed whose entries could still be recovered yields a Skipped note too."""
    parsed = _parse(source, data, json)
    if parsed.get("bozo") and parsed.get("bozo_exception") is not None and not json:
        yield Skipped(source, f"malformed feed ({_oneline(parsed.bozo_exception)}); "
                              f"{len(parsed.entries)} entr{'y' if len(parsed.entries) == 1 else 'ies'} recovered")
    feed_url = parsed.feed.get("link") or path or source
    outlet = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{source}#{entry.get('id') or number}"
        origin = Origin(path=path, url=entry.get("link") or None, feed=feed_url, entry=entry.get("id") or None)
        yield from _entry(where, entry, origin, outlet, fetch)


def _parse(source: str, data: bytes, json: bool):
    import feedparser

    try:
        parsed = _json_feed(source, data) if json else feedparser.parse(
            io.BytesIO(data), resolve_relative_uris=False, sanitize_html=False)
    except (UnicodeError, LookupError) as exc:  # feedparser trusts a garbled encoding declaration
        raise InputError(source, f"malformed feed (undecodable: {_oneline(exc)})") from None
    except ValueError as exc:  # feedparser 6.0.14 crashes on some malformed namespace declarations
        raise InputError(source, f"malformed feed ({_oneline(exc)})") from None
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        why = f"malformed feed ({_oneline(problem)})" if problem else "a feed with no entries"
        raise InputError(source, why)
    return parsed


def _json_feed(source: str, data: bytes):
    """A JSON Feed (jsonfeed.org, versions 1 and 1.1) in the shape feedparser gives RSS and Atom."""
    import json

    from feedparser.datetimes import _parse_date
    from feedparser.util import FeedParserDict as Dict

    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(source, f"malformed JSON feed ({_oneline(exc)})") from None
    items = doc.get("items") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise InputError(source, "a JSON feed without an 'items' list")
    entries = [_json_entry(item, _parse_date) for item in items if isinstance(item, dict)]
    return Dict(feed=Dict(title=doc.get("title"), link=doc.get("home_page_url")),
                entries=[Dict(e) for e in entries], bozo=False)


def _json_entry(item: dict, parse_date) -> dict:
    authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
    names = [a.get("name") for a in authors if isinstance(a, dict) and a.get("name")]
    body = item.get("content_html") or item.get("content_text") or ""
    when = item.get("date_published") or item.get("date_modified")
    return {"id": str(item.get("id") or ""), "link": item.get("url"), "title": item.get("title"),
            "content": [{"value": str(body)}] if body else [], "summary": str(item.get("summary") or ""),
            "author": ", ".join(map(str, names)) or None,
            "published": when, "published_parsed": parse_date(when) if isinstance(when, str) else None}


def _entry(where: str, entry, origin: Origin, outlet: str | None, fetch: Fetch | None) -> Iterator[Draft | Skipped]:
    if fetch and origin.url:
        try:
            yield from fetch(origin.url, origin)
            return
        except InputError as exc:
            yield Skipped(origin.url, f"{exc.problem}; kept the feed's own text of the entry")
    body = _text(entry)
    if not body.strip():
        yield Skipped(where, "the entry has no text (no content, no summary)")
        return
    yield Draft(source=where, body=body, title=_plain(entry.get("title")), url=origin.url, outlet=outlet,
                published=_date(entry), fmt="feed", author=entry.get("author") or None, origin=origin)


def _text(entry) -> str:
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    raw = max(contents, key=len) if contents else entry.get("summary", "")
    return _plain(raw) or ""


def _plain(raw: str | None) -> str | None:
    """The text of an HTML fragment, one paragraph per block."""
    if not raw or "<" not in raw and "&" not in raw:
        return raw
    import lxml.html
    from lxml.etree import ParserError

    try:
        node = lxml.html.fragment_fromstring(_BLOCK_END.sub("\n\n", raw), create_parent="div")
    except (ParserError, ValueError):
        return re.sub(r"<[^>]*>", " ", raw)
    return node.text_content()


def _date(entry) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        stamp = dict.get(entry, key)  # plain lookup: no deprecated updated/published aliasing
        if stamp:
            return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", stamp)
    return entry.get("published") or entry.get("updated") or None


def _oneline(problem) -> str:
    text = " ".join(str(problem).split())
    return text[:160] or type(problem).__name__
