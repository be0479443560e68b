"""WARC and WARC.gz archives (FastWARC): one article per HTML response record, keeping the record's id,
target URI, capture time and offset. A broken record is skipped and reading resumes at the next one."""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator

from ..errors import InputError
from ..types import Draft, Origin, Skipped
from . import charset

Extract = Callable[[str, str, Origin], list[Draft]]
_MARKERS = {True: b"\x1f\x8b\x08", False: b"WARC/1."}
_HTML_TYPES = ("text/html", "application/xhtml")


def drafts(source: str, path: str, extract: Extract, max_record: int) -> Iterator[Draft | Skipped]:
    """Every HTML page archived in `path`, or a Skipped entry per record that cannot be read."""
    with open(path, "rb") as stream:
        gz = stream.read(3) == _MARKERS[True]
        start, found = 0, False
        while start is not None:
            stream.seek(start)
            for item in _records(source, stream, start, extract, max_record):
                if isinstance(item, int):
                    start = _next_record(stream, item + 1, gz)
                    break
                found = True
                yield item
            else:
                start = None
    if not found:
        raise InputError(source, "a WARC archive with no HTML response records")


def _records(source: str, stream, base: int, extract: Extract, max_record: int) -> Iterator:
    """Items of the records from `base` on; an int (the failing offset) when a record is broken."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    offset = base
    try:
        for record in ArchiveIterator(stream, record_types=WarcRecordType.response, parse_http=True):
            offset = base + record.stream_pos
            item = _record(source, record, offset, extract, max_record)
            if item is not None:
                yield from item
    except (OSError, ValueError) as exc:
        yield Skipped(f"{source}@{offset}", f"broken WARC record ({exc}); reading on from the next one")
        yield offset


def _record(source: str, record, offset: int, extract: Extract, max_record: int) -> list | None:
    where = f"{source}#{record.record_id}"
    if record.content_length == 0:
        return [Skipped(where, "an empty response record (the archive is cut short here?)")]
    ctype = (record.http_content_type or "").lower()
    if not ctype.startswith(_HTML_TYPES) or record.http_headers.status_code != 200:
        return None
    origin = Origin(path=source, url=record.headers.get("WARC-Target-URI"), record=record.record_id,
                    captured=record.record_date.isoformat() if record.record_date else None,
                    offset=offset, length=record.content_length)
    try:
        page = _payload(where, record, max_record)
        return extract(where, charset.decode(where, page, record.http_charset), origin)
    except InputError as exc:
        return [Skipped(where, exc.problem)]


def _payload(where: str, record, max_record: int) -> bytes:
    if record.content_length > max_record:
        raise InputError(where, f"record larger than {max_record // 1_000_000} MB, not read")
    data = record.reader.read()
    if len(data) < record.content_length:
        raise InputError(where, f"record cut short ({len(data)} of {record.content_length} bytes): the archive ends early")
    if "chunked" in (record.http_headers.get("Transfer-Encoding") or "").lower():
        data = _dechunked(data)
    encoding = (record.http_headers.get("Content-Encoding") or "").lower()
    if encoding in ("gzip", "deflate"):
        try:
            return zlib.decompress(data, 47 if encoding == "gzip" else 15)
        except zlib.error as exc:
            raise InputError(where, f"the page's {encoding} body is corrupt ({exc})") from None
    return data


def _dechunked(data: bytes) -> bytes:
    """The body of an HTTP chunked transfer as archived (crawlers store it as it came over the wire)."""
    out, at = bytearray(), 0
    while at < len(data):
        end = data.find(b"\r\n", at)
        try:
            size = int(data[at:end].split(b";")[0], 16) if end >= 0 else -1
        except ValueError:
            size = -1
        if size <= 0:
            return bytes(out) if size == 0 else data
        out += data[end + 2:end + 2 + size]
        at = end + 2 + size + 2
    return bytes(out)


def _next_record(stream, position: int, gz: bool) -> int | None:
    """The offset of the next record start after `position`, or None at the end of the file."""
    marker = _MARKERS[gz]
    stream.seek(position)
    carry = b""
    while chunk := stream.read(1 << 20):
        window = carry + chunk
        found = window.find(marker)
        if found >= 0:
            return position - len(carry) + found
        carry = window[-len(marker):]
        position += len(chunk)
    return None
