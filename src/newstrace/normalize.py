"""Unicode NFC and whitespace: the body text that every offset in newstrace refers to.

Typographic quotes, apostrophes and dashes are kept as written, so offsets point at the original
characters. Only whitespace changes: line endings become "\n", runs of spaces and tabs one space,
paragraphs are separated by one blank line.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from .types import Article, Draft

_SPACES = re.compile(r"[^\S\n]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\ufeff]")


def article(draft: Draft) -> Article:
    """The normalised article, identified by the hash of its title and body."""
    title = text(draft.title or "").replace("\n", " ") or None
    body = text(draft.body)
    return Article(
        id=content_id(title, body),
        source=draft.source,
        title=title,
        body=body,
        url=draft.url,
        outlet=draft.outlet,
        published=draft.published,
        language=draft.language,
        fmt=draft.fmt,
        author=text(draft.author or "").replace("\n", " ") or None,
        origin=draft.origin,
    )


def text(raw: str) -> str:
    """NFC, no control characters, single spaces, paragraphs one per block."""
    raw = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    raw = _CONTROL.sub("", raw)
    lines = [_SPACES.sub(" ", line).strip() for line in raw.split("\n")]
    paragraphs, current = [], []
    for line in lines:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current) if _is_wrapped(current) else "\n".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current) if _is_wrapped(current) else "\n".join(current))
    return "\n\n".join(p.replace("\n", "\n\n") for p in paragraphs)


def _is_wrapped(lines: list[str]) -> bool:
    """Hard-wrapped prose: several lines, most of them not ending a sentence."""
    if len(lines) < 2:
        return False
    open_ends = sum(1 for line in lines[:-1] if line[-1] not in ".!?\"'’”:")
    return open_ends >= len(lines[:-1]) / 2


def content_id(title: str | None, body: str) -> str:
    return hashlib.sha256(f"{title or ''}\n{body}".encode()).hexdigest()[:16]
