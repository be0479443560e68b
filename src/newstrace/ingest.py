"""Read inputs (files, directories, URLs) into stored articles, one resumable batch at a time.

Each input is sniffed by its content (WARC, feed, JSON feed, JSONL, JSON, HTML, a list of links, text) and read
as a stream of Drafts and Skipped entries. `run` normalises and screens each draft and stages it in the
store every `commit_every` items, so a killed run loses at most one chunk and `--resume` continues after
it; the batch becomes visible to readers in one final transaction.
"""

from __future__ import annotations

import gzip
import io
import logging
import os
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import normalize, quality
from .errors import InputError
from .readers import charset, feed, html, jsonl, sniff, text, url, warc
from .settings import INGEST, IngestSettings
from .types import Article, Draft, Origin, Skipped

log = logging.getLogger(__name__)

# Files a directory walk picks up; a file named on the command line is read whatever its name.
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".shtml", ".jsonl", ".ndjson",
            ".xml", ".rss", ".atom", ".json", ".warc", ".warc.gz", ".gz")
HEAD = 65536
Item = Draft | Skipped


@dataclass(frozen=True)
class Options:
    fetch: bool = False     # download the pages that feeds and link lists point to
    resume: bool = False    # continue the last interrupted batch of the same inputs
    settings: IngestSettings = INGEST


@dataclass
class Batch:
    drafts: list[Draft] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def run(paths: list[str], store, options: Options = Options(),
        progress: Callable[[Iterable, str], Iterable] = lambda items, _: items) -> tuple[list[str], list[Skipped]]:
    """Ingest `paths` into `store`; returns the ids of the analysable articles and what was skipped."""
    batch, done = store.begin_batch(paths, resume=options.resume)
    if done:
        log.info("resuming an interrupted ingest: %d input(s) begun, %d done", len(done),
                 sum(finished for _, finished in done.values()))
    chunk = _Chunk(store, batch, options.settings.commit_every)
    try:
        for name in progress(expand(paths), "reading"):
            position, finished = done.get(name, (0, False))
            if not finished:
                _ingest(chunk, name, position, options)
        chunk.commit()
        return store.finish_batch(batch)
    finally:
        store.release(batch)  # what was staged stays, for `--resume`


class _Chunk:
    """Items waiting to be staged, committed every `size` items (small inputs share a transaction)."""

    def __init__(self, store, batch: int, size: int):
        self.store, self.batch, self.size = store, batch, size
        self.items: list = []
        self.progress: dict[str, tuple[int, bool]] = {}

    def add(self, name: str, position: int, item) -> None:
        self.items.append(item)
        self.progress[name] = (position, False)
        if len(self.items) >= self.size:
            self.commit()

    def done(self, name: str, position: int) -> None:
        self.progress[name] = (position, True)

    def commit(self) -> None:
        if self.items or self.progress:
            self.store.stage(self.batch, self.progress, self.items)
        self.items, self.progress = [], {}


def read(paths: list[str], options: Options = Options()) -> Batch:
    """Every draft found under `paths`, in a stable order, plus what could not be read (no store)."""
    batch = Batch()
    for name in expand(paths):
        for item in items(name, options):
            (batch.skipped if isinstance(item, Skipped) else batch.drafts).append(item)
    return batch


def expand(paths: list[str]) -> list[str]:
    """URLs and files as given; directories walked recursively for the SUFFIXES, sorted."""
    entries: list[str] = []
    for name in paths:
        if os.path.isdir(name):
            entries.extend(_walk(name))
        else:
            entries.append(name)
    return list(dict.fromkeys(entries))


def _walk(top: str) -> list[str]:
    found, unreadable = [], []
    for folder, dirs, files in os.walk(top, onerror=lambda exc: unreadable.append(exc.filename)):
        dirs.sort()
        found.extend(os.path.join(folder, f) for f in sorted(files) if f.lower().endswith(SUFFIXES))
    return sorted(found) + unreadable


def _ingest(chunk: _Chunk, name: str, position: int, options: Options) -> None:
    seen = 0
    for item in items(name, options):
        seen += 1
        if seen > position:
            chunk.add(name, seen, _prepare(item, options.settings))
    chunk.done(name, seen)


def _prepare(item: Item, settings: IngestSettings) -> tuple[Article, str | None] | Skipped:
    if isinstance(item, Skipped):
        return item
    article = normalize.article(item)
    if not article.body:
        return Skipped(item.source, "no text left after normalising whitespace and control characters")
    return quality.screen(article, settings)


def items(name: str, options: Options = Options()) -> Iterator[Item]:
    """The drafts of one input, and a Skipped entry for whatever in it cannot be read. Never raises."""
    try:
        yield from _read(name, options)
    except InputError as exc:
        yield Skipped(exc.source, exc.problem)
    except ImportError as exc:
        yield Skipped(name, f"reading this format needs the package {exc.name}: pip install 'newstrace[formats]'")
    except EOFError:
        yield Skipped(name, "truncated gzip: the file ends before its compressed stream does")
    except (OSError, zlib.error) as exc:
        yield Skipped(name, f"cannot read ({getattr(exc, 'strerror', None) or exc})")
    except Exception as exc:  # noqa: BLE001 - last resort: a library failing on odd bytes must not stop a batch
        log.warning("unexpected error reading %s", name, exc_info=True)
        yield Skipped(name, f"could not be read (unexpected {type(exc).__name__}: {str(exc)[:120]})")


def _read(name: str, options: Options) -> Iterator[Item]:
    if sniff.is_url(name):
        yield from _fetched(name, options)
        return
    path = Path(name)
    if path.is_dir():
        raise InputError(name, "cannot list this directory (permission denied)")
    if not path.exists():
        raise InputError(name, "no such file or directory")
    if not path.is_file():
        raise InputError(name, "not a regular file (a pipe, socket or device)")
    head, packed = _head(path)
    kind = sniff.kind(head, name)
    if kind == "arc":
        raise InputError(name, "an ARC archive (WARC's predecessor): convert it to WARC first")
    if kind == "warc":
        yield from warc.drafts(name, name, _extract, options.settings.max_record_bytes)
        return
    charset.refuse_binary(name, head)
    with (gzip.open(path) if packed else open(path, "rb")) as stream:
        if kind == "jsonl":
            yield from jsonl.drafts(name, stream, options.settings.max_record_bytes, name)
        else:
            data = _document(name, path, stream, packed, options.settings.max_document_bytes)
            whole = Origin(path=name) if packed else Origin(path=name, offset=0, length=len(data))
            yield from _parse(name, kind, data, whole, options)


def _head(path: Path) -> tuple[bytes, bool]:
    """The first bytes of the file (of its first gzip member, decompressed), and whether it is gzip."""
    with open(path, "rb") as stream:
        head = stream.read(HEAD)
    if not head.startswith(sniff.GZIP):
        return head, False
    try:
        return zlib.decompressobj(31).decompress(head, HEAD), True
    except zlib.error as exc:
        raise InputError(str(path), f"corrupt gzip ({exc})") from None


def _document(name: str, path: Path, stream, packed: bool, limit: int) -> bytes:
    """The whole of a single-document input, refusing one too large to be one article or feed."""
    size = path.stat().st_size
    data = stream.read(limit + 1) if packed or size <= limit else b""
    if packed and len(data) > limit or size > limit:
        shown = max(size, len(data)) / 1_000_000
        raise InputError(name, f"{shown:.0f} MB is too large for one document (limit {limit // 1_000_000} MB);"
                               " split it, or give it as JSON Lines")
    if not data.strip():
        raise InputError(name, "the file is empty")
    return data


def _parse(name: str, kind: str, data: bytes, origin: Origin, options: Options,
           declared: str | None = None) -> Iterator[Item]:
    fetch = _linked_page(options) if options.fetch else None
    if kind in ("feed", "jsonfeed"):
        yield from feed.drafts(name, data, path=origin.path, fetch=fetch, json=kind == "jsonfeed")
    elif kind == "links":
        yield from _links(name, charset.decode(name, data, declared), options)
    elif kind == "html":
        yield from html.drafts(name, charset.decode(name, data, declared), origin)
    elif kind == "jsonl":
        yield from jsonl.drafts(name, io.BytesIO(data), options.settings.max_record_bytes, origin.path)
    elif kind == "json":
        yield from jsonl.array(name, charset.decode(name, data, declared), origin.path)
    else:
        yield from text.drafts(name, charset.decode(name, data, declared), origin)


def _links(name: str, content: str, options: Options) -> Iterator[Item]:
    links = [line.strip() for line in content.splitlines() if sniff.is_url(line)]
    if not options.fetch:
        raise InputError(name, f"a list of {len(links)} link(s); add --fetch to download the pages")
    for link in links:
        yield from items(link, options)


def _fetched(address: str, options: Options) -> Iterator[Item]:
    page = url.fetch(address, options.settings)
    kind = sniff.kind(page.content[:HEAD], page.url)
    if kind == "warc":
        raise InputError(address, "a WARC archive: download it and give the file instead")
    if kind == "links":
        raise InputError(address, "a list of links: links found at a URL are not followed (no crawling)")
    origin = Origin(url=page.url, captured=page.fetched_at)
    yield from _parse(address, kind, page.content, origin, options, page.charset)


def _linked_page(options: Options) -> feed.Fetch:
    def fetch(link: str, origin: Origin) -> list[Draft]:
        page = url.fetch(link, options.settings)
        return html.drafts(link, charset.decode(link, page.content, page.charset),
                           replace(origin, url=page.url, captured=page.fetched_at))
    return fetch


def _extract(source: str, page: str, origin: Origin) -> list[Draft]:
    return html.drafts(source, page, origin, fmt="warc")

