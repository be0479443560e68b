"""The knowledge files in `newstrace/knowledge`, loaded once: one entry per line, `#` starts a comment
(in a `.tsv` table, a line starting with `#`)."""

from __future__ import annotations

import functools
from importlib import resources


@functools.lru_cache(maxsize=None)
def words(name: str) -> frozenset[str]:
    """The entries of `knowledge/<name>.txt`, lower-cased."""
    return frozenset(lines(name))


@functools.lru_cache(maxsize=None)
def lines(name: str) -> tuple[str, ...]:
    text = resources.files(__package__).joinpath("knowledge", f"{name}.txt").read_text(encoding="utf-8")
    entries = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(e.lower() for e in entries if e)


@functools.lru_cache(maxsize=None)
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The tab-separated fields of each line of `knowledge/<name>.tsv`, as written."""
    text = resources.files(__package__).joinpath("knowledge", f"{name}.tsv").read_text(encoding="utf-8")
    return tuple(tuple(line.split("\t")) for line in text.splitlines() if line.strip() and not line.startswith("#"))
