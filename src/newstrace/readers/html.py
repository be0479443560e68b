"""HTML pages: main text and metadata extracted with trafilatura."""

from __future__ import annotations

from ..errors import InputError
from ..types import Draft


def drafts(source: str, text: str) -> list[Draft]:
    import trafilatura

    doc = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False)
    if doc is None or not (doc.text or "").strip():
        raise InputError(source, "no article text found in the HTML")
    return [
        Draft(
            source=source,
            title=doc.title,
            body=doc.text,
            url=doc.url,
            outlet=doc.sitename,
            published=doc.date,
            fmt="html",
            language=doc.language,
        )
    ]
