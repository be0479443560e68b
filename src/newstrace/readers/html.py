"""HTML pages: main text and metadata (title, date, site name, URL, author) extracted with trafilatura."""

from __future__ import annotations

import logging
from dataclasses import replace

from ..errors import InputError
from ..types import Draft, Origin

log = logging.getLogger(__name__)


def drafts(source: str, page: str, origin: Origin | None = None, fmt: str = "html") -> list[Draft]:
    """The article on one page; raises InputError when the page holds no article text."""
    doc = _extract(source, page, origin.url if origin else None)
    if doc is None or not (doc.text or "").strip():
        raise InputError(source, "no article text found in the HTML (no body, or only navigation)")
    url = (origin.url if origin else None) or doc.url
    if origin is not None and origin.url is None and url:
        origin = replace(origin, url=url)
    return [Draft(source=source, title=doc.title, body=_without_title(doc.text, doc.title), url=url, outlet=doc.sitename,
                  published=doc.date, fmt=fmt, language=doc.language, author=doc.author, origin=origin)]


def _extract(source: str, page: str, url: str | None):
    import trafilatura

    if "<" not in page:
        raise InputError(source, "not HTML: no tags at all")
    try:
        return trafilatura.bare_extraction(page, url=url, with_metadata=True, include_comments=False)
    except (ValueError, TypeError, AttributeError, IndexError, RecursionError) as exc:
        # lxml and trafilatura raise these on pathological markup; one bad page must not stop a batch.
        log.debug("trafilatura failed on %s", source, exc_info=True)
        raise InputError(source, f"the HTML could not be parsed ({type(exc).__name__})") from None


def _without_title(body: str, title: str | None) -> str:
    """The body without a leading copy of the headline (trafilatura keeps the page's <h1>)."""
    first, _, rest = body.lstrip().partition("\n")
    if title and rest.strip() and " ".join(first.split()).lower() == " ".join(title.split()).lower():
        return rest
    return body
