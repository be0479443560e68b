"""Group a large corpus into stories on Dask: the same stories `stories.group` finds, beyond one machine.

    shards    corpus files cut into chunks read in bounded memory (JSON Lines, Parquet, WARC)
    features  per chunk: the single-machine code (`minhash`, `similarity`, `stories`) on its articles
    shuffle   hash-partitioned exchanges: band keys -> LSH pairs, top terms -> blocked pairs
    job       the phases, from chunks to story labels and Parquet
    output    the Parquet files, and loading them into the store (`newstrace ingest OUT`)
    cluster   the Dask client (LocalCluster or a scheduler address) and the progress bar

`group(inputs, out)` is the job (`newstrace group-corpus` wraps it); `load_outputs(paths, store)`
stores what it wrote (`newstrace ingest` calls it).
"""

from __future__ import annotations

from ..settings import Settings


def group(inputs: list[str], out: str | None, settings: Settings, scheduler: str | None = None,
          workers: int | None = None, chunk_mb: float = 16, progress: bool = True, client=None):
    """Group the articles of the shards under `inputs` into stories, writing Parquet to `out`.
    Runs on `client` when given, else on `scheduler`, else on a LocalCluster of `workers` processes."""
    from . import cluster, job, output, shards

    import os

    chunks, skipped = shards.plan(inputs, int(chunk_mb * (1 << 20)))
    workers = workers or os.cpu_count() or 1
    tracker = cluster.Tracker(progress)
    tracker.note(f"plan: {len(chunks)} chunk(s) of at most {chunk_mb:g} MB from {len(inputs)} input(s)")
    if client is not None:
        result = job.run(client, chunks, settings, out, tracker=tracker)
    else:
        with cluster.connect(scheduler, workers, quiet=not progress) as c:
            tracker.note("cluster ready")
            result = job.run(c, chunks, settings, out, tracker=tracker)
    result.skipped[:0] = skipped
    if out is not None:
        output.write_manifest(out, list(inputs), len(result.ids), result.stories, settings)
    return result


def load_outputs(paths: list[str], store) -> tuple[list[str], list[str]]:
    """Store every `group-corpus` output directory among `paths`, with its stories; returns the
    ids of the articles stored and the paths that are something else."""
    from pathlib import Path

    from . import output

    ids, rest = [], []
    for path in paths:
        folder = Path(path).parent if Path(path).name == output.MANIFEST else Path(path)
        if output.is_output(str(folder)):
            ids.extend(output.load(str(folder), store)[0])
        else:
            rest.append(path)
    return ids, rest
