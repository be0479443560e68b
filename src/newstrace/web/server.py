"""Serve the web app with uvicorn: the edge where `newstrace serve` starts listening."""

from __future__ import annotations

import click
import uvicorn

from ..settings import DEFAULT
from . import app

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def run(db: str | None, host: str, port: int) -> None:
    """Listen on host:port until interrupted; warns on stderr when the address is not loopback."""
    web = app.create(db, DEFAULT, hosts=() if host in LOOPBACK else (host, "*") if host in ("0.0.0.0", "::") else (host,))
    if host not in LOOPBACK:
        click.echo(f"newstrace: warning: listening on {host}, not only this machine", err=True)
    click.echo(f"newstrace: serving on http://{_url_host(host)}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(web, host=host, port=port, log_level="warning")


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
