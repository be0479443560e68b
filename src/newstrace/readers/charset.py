"""Bytes to text: byte-order marks, UTF-8, the charset a page declares, then a detector's best guess."""

from __future__ import annotations

import codecs
import re

from ..errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_DECLARED = re.compile(rb"""(?:<meta[^>]{0,200}?charset|<\?xml[^>]{0,100}?encoding)\s*=\s*["']?\s*([A-Za-z0-9._:-]{2,40})""", re.I)
_MAGIC = (
    (b"%PDF", "a PDF document"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"), (b"PK\x03\x04", "a ZIP archive (or DOCX/EPUB)"), (b"\x7fELF", "a program"),
    (b"SQLite format 3", "an SQLite database"), (b"\xd0\xcf\x11\xe0", "an old Office document"),
    (b"BZh", "a bzip2 archive"), (b"\xfd7zXZ", "an xz archive"), (b"7z\xbc\xaf", "a 7-Zip archive"),
)


def decode(source: str, data: bytes, declared: str | None = None) -> str:
    """The text of `data`; raises InputError for binary data or bytes no encoding explains."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _strict(source, data, name)
    refuse_binary(source, data[:4096])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    for name in (declared, declared_charset(data[:4096])):
        text = _try(data, name)
        if text is not None:
            return text
    return _detected(source, data)


def refuse_binary(source: str, head: bytes) -> None:
    """Raise InputError when `head` starts like a known binary format or holds NUL bytes."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise InputError(source, f"binary file ({what}), not text")
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(source, "binary file, not text")


def declared_charset(head: bytes) -> str | None:
    """The charset named by an HTML <meta> or an XML declaration in the first bytes, if any."""
    found = _DECLARED.search(head)
    return found.group(1).decode("ascii") if found else None


def _try(data: bytes, name: str | None) -> str | None:
    if not name:
        return None
    try:
        return data.decode(codecs.lookup(name).name)
    except (LookupError, UnicodeDecodeError):
        return None


def _strict(source: str, data: bytes, name: str) -> str:
    try:
        return data.decode(name)
    except UnicodeDecodeError as exc:
        raise InputError(source, f"not valid {name} text (bad byte at offset {exc.start})") from None


def _detected(source: str, data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise InputError(source, "not text in any known encoding (not UTF-8, no charset declared)")
    text = _try(data, best.encoding)
    if text is None:
        raise InputError(source, f"not UTF-8, and not valid {best.encoding} throughout either")
    return text
