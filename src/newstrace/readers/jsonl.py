"""JSON Lines: one article per line, read as a stream (a file of any size in bounded memory); also a
JSON document holding an array of such objects (a common export format).

`text` is required (or its common aliases `body`, `content`, `maintext`); `title`, `url`, `outlet`,
`published`, `author` are optional. A bad line becomes a Skipped entry naming its line number.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import BinaryIO

from ..errors import InputError
from ..types import Draft, Origin, Skipped
from . import charset

FIELDS = {
    "body": ("text", "body", "content", "maintext"),
    "title": ("title", "headline"),
    "url": ("url", "link"),
    "outlet": ("outlet", "sitename", "source_domain", "site"),
    "published": ("published", "date", "date_publish"),
    "author": ("author", "authors", "byline"),
}


def drafts(source: str, stream: BinaryIO, max_line: int, path: str | None = None) -> Iterator[Draft | Skipped]:
    """Each line of `stream` as a Draft, or a Skipped entry saying what is wrong with it."""
    offset = 0
    for number, line, size in _lines(stream, max_line):
        where = f"{source}:{number}"
        try:
            if size > max_line:
                raise InputError(where, f"line longer than {max_line // 1_000_000} MB, not read")
            if line.strip():
                yield _draft(where, line, Origin(path=path, offset=offset, length=size))
        except InputError as exc:
            yield Skipped(where, exc.problem)
        offset += size


def _lines(stream: BinaryIO, max_line: int) -> Iterator[tuple[int, bytes, int]]:
    """(number, line, size in bytes); a line over `max_line` is drained, not kept."""
    number = 0
    while True:
        line = stream.readline(max_line + 1)
        if not line:
            return
        number += 1
        size = len(line)
        while len(line) > max_line and not line.endswith(b"\n"):
            line = stream.readline(max_line + 1)
            size += len(line)
            if not line:
                break
        yield number, line, size


def array(source: str, text: str, path: str | None = None) -> Iterator[Draft | Skipped]:
    """Each object of a JSON array of articles (or of its "articles"/"items" list), or the one article."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if isinstance(doc, dict):
        doc = next((doc[k] for k in ("articles", "items", "data") if isinstance(doc.get(k), list)), [doc])
    if not isinstance(doc, list):
        raise InputError(source, "a JSON document that is neither an article, a list of articles nor a feed")
    for number, record in enumerate(doc, start=1):
        where = f"{source}[{number}]"
        try:
            yield _from_record(where, record, Origin(path=path))
        except InputError as exc:
            yield Skipped(where, exc.problem)


def _draft(where: str, line: bytes, origin: Origin) -> Draft:
    try:
        record = json.loads(charset.decode(where, line))
    except json.JSONDecodeError as exc:
        raise InputError(where, f"not valid JSON ({exc.msg})") from None
    return _from_record(where, record, origin)


def _from_record(where: str, record, origin: Origin) -> Draft:
    if not isinstance(record, dict):
        raise InputError(where, "an article must be a JSON object")
    meta = {name: _first(record, keys) for name, keys in FIELDS.items()}
    if not meta["body"] or not meta["body"].strip():
        raise InputError(where, "missing the required string field 'text'")
    return Draft(source=where, fmt="jsonl", origin=origin, **meta)


def _first(record: dict, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = record.get(key)
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value if v) or None
        if value not in (None, ""):
            return value if isinstance(value, str) else str(value)
    return None
