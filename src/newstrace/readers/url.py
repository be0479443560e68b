"""Fetching one URL (httpx): timeouts, retries with exponential backoff on network errors and on 429/5xx,
a size cap, and one clear line when the machine is offline."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import datetime, timezone

from ..errors import InputError
from ..settings import IngestSettings

log = logging.getLogger(__name__)
RETRY_STATUS = {429, 500, 502, 503, 504}
AGENT = "newstrace (fact-checking; +https://pypi.org/project/newstrace/)"


@dataclass(frozen=True)
class Page:
    url: str            # the final address, after redirects
    content: bytes
    content_type: str
    charset: str | None
    fetched_at: str


def fetch(url: str, settings: IngestSettings, client=None) -> Page:
    """The body at `url`; raises InputError with a one-line reason when it cannot be had."""
    import httpx

    own = client is None
    client = client or httpx.Client(follow_redirects=True, timeout=settings.fetch_timeout,
                                    headers={"User-Agent": AGENT})
    try:
        return _with_retries(url, client, settings)
    finally:
        if own:
            client.close()


def _with_retries(url: str, client, settings: IngestSettings) -> Page:
    import httpx

    delay = settings.fetch_backoff
    for attempt in range(1, settings.fetch_attempts + 1):
        try:
            return _get(url, client, settings.max_document_bytes)
        except (httpx.TransportError, _Retry) as exc:
            if attempt == settings.fetch_attempts:
                raise InputError(url, _reason(exc, attempt)) from None
            log.info("%s: %s; retrying in %.1fs", url, exc, delay)
            time.sleep(delay)
            delay *= 2
        except httpx.HTTPError as exc:
            raise InputError(url, f"cannot fetch ({type(exc).__name__}: {exc})") from None
    raise AssertionError("unreachable")


class _Retry(Exception):
    pass


def _get(url: str, client, limit: int) -> Page:
    with client.stream("GET", url) as response:
        if response.status_code in RETRY_STATUS:
            raise _Retry(f"HTTP {response.status_code}")
        if response.status_code >= 400:
            raise InputError(url, f"the server answered HTTP {response.status_code} {response.reason_phrase}")
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            if len(body) > limit:
                raise InputError(url, f"larger than {limit // 1_000_000} MB, not fetched")
        ctype = response.headers.get("content-type", "")
        return Page(str(response.url), bytes(body), ctype.split(";")[0].strip().lower(),
                    response.charset_encoding, datetime.now(timezone.utc).isoformat(timespec="seconds"))


def _reason(exc: Exception, attempts: int) -> str:
    import httpx

    tries = f"after {attempts} attempt{'s' * (attempts > 1)}"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect ({_short(exc)}) {tries}: offline, or the host is down or unknown"
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out {tries}"
    return f"cannot fetch ({_short(exc)}) {tries}"


def _short(exc: Exception) -> str:
    return " ".join(str(exc).split())[:120] or type(exc).__name__
