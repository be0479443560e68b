"""Which reader an input needs, judged from its first bytes; the file name only breaks ties."""

from __future__ import annotations

import json
import re

GZIP = b"\x1f\x8b"
_TAG = re.compile(rb"<\s*([A-Za-z][\w:.-]*)")
_FEED_ROOTS = {b"rss", b"feed", b"rdf:rdf", b"rdf"}
_HTML_TAGS = {b"html", b"head", b"body", b"meta", b"title", b"div", b"p", b"article", b"script",
              b"link", b"section", b"main", b"header", b"nav", b"h1", b"h2", b"table", b"span"}
_URL = re.compile(r"^https?://\S+$")
_TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")


def kind(head: bytes, name: str) -> str:
    """One of "warc", "arc", "feed", "jsonfeed", "jsonl", "json", "html", "links", "text" for `head` (decompressed)."""
    lead = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lead.startswith(b"warc/"):
        return "warc"
    if lead.startswith(b"filedesc://"):
        return "arc"
    if lead.startswith(b"<") and not name.lower().endswith(_TEXT_SUFFIXES):
        return _markup(lead)
    if lead.startswith((b"{", b"[")):
        return _json(lead)
    if is_link_list(head):
        return "links"
    return "text"


def is_url(name: str) -> bool:
    return bool(_URL.match(name.strip()))


def is_link_list(head: bytes) -> bool:
    """A short list of addresses, one per line: what users save as "links to read"."""
    lines = [line.strip() for line in head.decode("utf-8", "replace").splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith("#")]
    return bool(lines) and all(is_url(line) for line in lines)


def _markup(lead: bytes) -> str:
    for tag in _TAG.findall(lead[:8192]):
        tag = tag.lower()
        if tag in _FEED_ROOTS:
            return "feed"
        if tag in _HTML_TAGS:
            return "html"
    return "feed" if lead.startswith(b"<?xml") else "html"


def _json(lead: bytes) -> str:
    """"jsonfeed", "jsonl" (an object per line: the first line, or most lines when some are bad) or
    "json" (one document, such as a pretty-printed array of articles)."""
    if b"jsonfeed.org" in lead[:4096]:
        return "jsonfeed"
    lines = [line for line in lead.split(b"\n")[:-1][:20] if line.strip()] or [lead]
    objects = [_is_object(line) for line in lines]
    return "jsonl" if objects[0] or sum(objects) * 2 >= len(objects) else "json"


def _is_object(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False
