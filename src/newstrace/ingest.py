"""Read paths (files and directories) into Drafts; anything unreadable becomes a Skipped entry."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .readers import html, jsonl, text
from .types import Draft, Skipped

log = logging.getLogger(__name__)

SUFFIXES = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}


@dataclass
class Batch:
    drafts: list[Draft] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def read(paths: list[str]) -> Batch:
    """Every article found under `paths`, in a stable order, plus what could not be read."""
    batch = Batch()
    for path in expand(paths, batch.skipped):
        try:
            _read_file(path, batch)
        except InputError as exc:
            batch.skipped.append(Skipped(exc.source, exc.problem))
    return batch


def expand(paths: list[str], skipped: list[Skipped]) -> list[Path]:
    """Files named directly, and readable files found recursively in directories."""
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES))
        elif path.is_file():
            files.append(path)
        else:
            skipped.append(Skipped(name, "no such file or directory"))
    return files


def _read_file(path: Path, batch: Batch) -> None:
    source = str(path)
    kind = _kind(path)
    content = _decode(path)
    if not content.strip():
        raise InputError(source, "the file is empty")
    if kind == "jsonl":
        found, bad = jsonl.drafts(source, content)
        batch.drafts.extend(found)
        batch.skipped.extend(bad)
    elif kind == "html":
        batch.drafts.extend(html.drafts(source, content))
    else:
        batch.drafts.extend(text.drafts(source, content))


def _kind(path: Path) -> str:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        head = path.read_bytes()[:512].lstrip().lower()
        kind = "html" if head.startswith((b"<!doctype html", b"<html")) else "text"
    return kind


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(str(path), f"cannot read ({exc.strerror})") from None
    if b"\x00" in data[:4096]:
        raise InputError(str(path), "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(str(path), f"not UTF-8 text (bad byte at offset {exc.start})") from None
