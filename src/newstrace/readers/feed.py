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


def drafts(source: str, data: bytes, path: str | None = None, fetch: Fetch | None = None) -> Iterator[Draft | Skipped]:
    """Every entry of the feed in `data`; raises InputError when it is not a readable feed."""
    parsed = _parse(source, data)
    feed_url = parsed.feed.get("link") or path or source
    outlet = parsed.feed.get("title") or None
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{source}#{entry.get('id') or number}"
        origin = Origin(path=path, url=entry.get("link") or None, feed=feed_url, entry=entry.get("id") or None)
        yield from _entry(where, entry, origin, outlet, fetch)


def _parse(source: str, data: bytes):
    import feedparser

    parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=False)
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        why = f"malformed feed ({_oneline(problem)})" if problem else "a feed with no entries"
        raise InputError(source, why)
    return parsed


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
        stamp = entry.get(key)
        if stamp:
            return time.strftime("%Y-%m-%dT%H:%M:%S+00:00", stamp)
    return entry.get("published") or entry.get("updated") or None


def _oneline(problem) -> str:
    text = " ".join(str(problem).split())
    return text[:160] or type(problem).__name__
