"""Plain text and Markdown: the first non-empty line is the title, the rest the body."""

from __future__ import annotations

from ..types import Draft


def drafts(source: str, text: str) -> list[Draft]:
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.strip():
            title = line.strip().lstrip("#").strip() or None
            return [Draft(source=source, title=title, body="".join(lines[i + 1 :]), fmt="text")]
    return [Draft(source=source, title=None, body="", fmt="text")]
