"""Serve the web app with uvicorn: the edge where `newstrace serve` starts listening."""

from __future__ import annotations

import socket

import click
import uvicorn

from ..errors import NewstraceError
from ..settings import DEFAULT
from . import app

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def run(db: str | None, host: str, port: int) -> None:
    """Listen on host:port until interrupted; warns on stderr when the address is not loopback."""
    web = app.create(db, DEFAULT, hosts=_hosts(host))
    _check_free(host, port)
    if host not in LOOPBACK:
        click.echo(f"newstrace: warning: listening on {host}, reachable from other machines", err=True)
    click.echo(f"newstrace: serving on http://{_url_host(host)}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(web, host=host, port=port, log_level="warning")


def _hosts(host: str) -> tuple[str, ...]:
    """Host names the app answers to besides loopback: the address given, or any for a wildcard."""
    if host in LOOPBACK:
        return ()
    return ("*",) if host in ("0.0.0.0", "::") else (host,)


def _check_free(host: str, port: int) -> None:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise NewstraceError(f"cannot listen on {host}:{port} ({exc.strerror}); choose another with --port") from None


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host
