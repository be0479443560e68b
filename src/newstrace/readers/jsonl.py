"""JSON Lines: one article per line; `text` required, `title`, `url`, `outlet`, `published` optional."""

from __future__ import annotations

import json

from ..errors import InputError
from ..types import Draft, Skipped


def drafts(source: str, text: str) -> tuple[list[Draft], list[Skipped]]:
    found, skipped = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            found.append(_draft(where, line))
        except InputError as exc:
            skipped.append(Skipped(where, exc.problem))
    return found, skipped


def _draft(where: str, line: str) -> Draft:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(where, f"not valid JSON ({exc.msg})") from None
    if not isinstance(record, dict):
        raise InputError(where, "a line must be a JSON object")
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        raise InputError(where, "missing the required string field 'text'")
    meta = {k: record.get(k) for k in ("title", "url", "outlet", "published")}
    meta = {k: (str(v) if v is not None else None) for k, v in meta.items()}
    return Draft(source=where, body=body, fmt="jsonl", **meta)
