"""Corpus shards cut into chunks that one task reads in bounded memory.

    plan(paths, chunk_bytes) -> [Chunk]        JSON Lines by byte range (cut at line ends),
                                               Parquet by row group, WARC one file per chunk
    read(chunk) -> ([Article], [Skipped])      the chunk's articles, normalised as `ingest` does

A chunk's articles come out in file order and chunks are planned in path order, so the position of
an article in the corpus (its row) is the same however many workers read it.
"""

from __future__ import annotations

import gzip
import io
from dataclasses import dataclass
from pathlib import Path

from .. import normalize
from ..errors import InputError
from ..readers import html, jsonl
from ..settings import INGEST
from ..types import Article, Draft, Skipped

KINDS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonl.gz": "jsonl.gz", ".parquet": "parquet",
         ".warc": "warc", ".warc.gz": "warc", ".warc.zst": "warc"}
FIELDS = ("title", "url", "outlet", "published")


@dataclass(frozen=True)
class Chunk:
    """`path`'s lines starting in bytes [start, end) (jsonl), its row group `start` (parquet),
    or the whole file (jsonl.gz, warc)."""

    path: str
    kind: str
    start: int = 0
    end: int = 0


def kind_of(path: Path) -> str | None:
    name = path.name.lower()
    for suffix, kind in sorted(KINDS.items(), key=lambda kv: -len(kv[0])):
        if name.endswith(suffix):
            return kind
    return None


def plan(paths: list[str], chunk_bytes: int = 16 << 20) -> tuple[list[Chunk], list[Skipped]]:
    """The chunks of every shard under `paths` (directories are searched recursively)."""
    chunks: list[Chunk] = []
    skipped: list[Skipped] = []
    for path in _files(paths, skipped):
        kind = kind_of(path)
        if kind == "jsonl":
            chunks.extend(_byte_ranges(path, chunk_bytes))
        elif kind == "parquet":
            chunks.extend(_row_groups(path, skipped))
        else:
            chunks.append(Chunk(str(path), kind))
    return chunks, skipped


def _files(paths: list[str], skipped: list[Skipped]) -> list[Path]:
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and kind_of(p)))
        elif path.is_file() and kind_of(path):
            files.append(path)
        elif path.is_file():
            skipped.append(Skipped(name, f"not a corpus shard (use one of {', '.join(sorted(KINDS))})"))
        else:
            skipped.append(Skipped(name, "no such file or directory"))
    return files


def _byte_ranges(path: Path, chunk_bytes: int) -> list[Chunk]:
    size = path.stat().st_size
    return [Chunk(str(path), "jsonl", s, min(s + chunk_bytes, size)) for s in range(0, size, chunk_bytes)]


def _row_groups(path: Path, skipped: list[Skipped]) -> list[Chunk]:
    import pyarrow.parquet as pq

    try:
        groups = pq.ParquetFile(path).num_row_groups
    except Exception as exc:  # pyarrow raises several unrelated types for a broken file
        skipped.append(Skipped(str(path), f"not a readable Parquet file ({exc})"))
        return []
    return [Chunk(str(path), "parquet", g, g + 1) for g in range(groups)]


def read(chunk: Chunk) -> tuple[list[Article], list[Skipped]]:
    """The normalised articles of `chunk`, and the records that could not be read."""
    readers = {"jsonl": _jsonl, "jsonl.gz": _jsonl_gz, "parquet": _parquet, "warc": _warc}
    try:
        drafts, skipped = readers[chunk.kind](chunk)
    except OSError as exc:
        return [], [Skipped(chunk.path, f"cannot read ({exc})")]
    return [normalize.article(d) for d in drafts], skipped


def _jsonl(chunk: Chunk) -> tuple[list[Draft], list[Skipped]]:
    with open(chunk.path, "rb") as f:
        if chunk.start:
            f.seek(chunk.start - 1)
            f.readline()  # the line that started before this chunk belongs to the previous one
        if f.tell() >= chunk.end:
            return [], []
        data = f.read(chunk.end - f.tell())
        if data and not data.endswith(b"\n"):
            data += f.readline()  # finish the last line that starts inside the chunk
    return _jsonl_text(f"{chunk.path}@{chunk.start}", data)


def _jsonl_gz(chunk: Chunk) -> tuple[list[Draft], list[Skipped]]:
    with gzip.open(chunk.path, "rb") as f:
        return _jsonl_text(chunk.path, f.read())


def _jsonl_text(source: str, data: bytes) -> tuple[list[Draft], list[Skipped]]:
    """The chunk's lines through the ingest JSONL reader (bad lines become Skipped entries)."""
    found: list[Draft] = []
    skipped: list[Skipped] = []
    for item in jsonl.drafts(source, io.BytesIO(data), INGEST.max_record_bytes):
        (skipped if isinstance(item, Skipped) else found).append(item)
    return found, skipped


def _parquet(chunk: Chunk) -> tuple[list[Draft], list[Skipped]]:
    import pyarrow.parquet as pq

    f = pq.ParquetFile(chunk.path)
    present = [c for c in ("text", "body", *FIELDS) if c in f.schema_arrow.names]
    drafts, skipped = [], []
    for row, record in enumerate(f.read_row_group(chunk.start, columns=present).to_pylist()):
        where = f"{chunk.path}#{chunk.start}:{row + 1}"
        try:
            drafts.append(_record_draft(where, record, "parquet"))
        except InputError as exc:
            skipped.append(Skipped(where, exc.problem))
    return drafts, skipped


def _record_draft(where: str, record: dict, fmt: str) -> Draft:
    body = record.get("text", record.get("body"))
    if not isinstance(body, str) or not body.strip():
        raise InputError(where, "missing the required string column 'text'")
    meta = {k: (None if record.get(k) is None else str(record[k])) for k in FIELDS}
    return Draft(source=where, body=body, fmt=fmt, **meta)


def _warc(chunk: Chunk) -> tuple[list[Draft], list[Skipped]]:
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    wanted = WarcRecordType.response | WarcRecordType.resource | WarcRecordType.conversion
    drafts, skipped = [], []
    with open(chunk.path, "rb") as f:
        for record in ArchiveIterator(f, record_types=wanted, parse_http=True):
            where = f"{chunk.path}#{record.stream_pos}"
            try:
                drafts.append(_warc_draft(where, record))
            except InputError as exc:
                skipped.append(Skipped(where, exc.problem))
    return drafts, skipped


def _warc_draft(where: str, record) -> Draft:
    url = record.headers.get("WARC-Target-URI")
    kind = (record.http_headers.get("Content-Type", "") if record.http_headers else
            record.headers.get("Content-Type", "")).lower()
    data = record.reader.read()
    text = data.decode("utf-8", errors="replace")
    if "html" in kind or text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        found = html.drafts(where, text)[0]
        return Draft(where, found.body, found.title, found.url or url, found.outlet, found.published, "warc",
                     found.language)
    if "text/plain" in kind or record.record_type.name == "conversion":
        return _record_draft(where, {"text": text, "url": url}, "warc")
    raise InputError(where, f"not an HTML page or plain text ({kind or 'no content type'})")
