"""Plain text and Markdown: the first non-empty line is the title, the rest the body."""

from __future__ import annotations

from ..errors import InputError
from ..types import Draft, Origin


def drafts(source: str, text: str, origin: Origin | None = None) -> list[Draft]:
    lines = text.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.strip():
            title = line.strip().lstrip("#").strip() or None
            body = "".join(lines[i + 1 :])
            if not body.strip():
                raise InputError(source, "only a title line, no article text")
            return [Draft(source=source, title=title, body=body, fmt="text", origin=origin)]
    raise InputError(source, "the file is empty")
