"""Where the job runs: a Dask client on a new LocalCluster or on an existing scheduler, and a
progress bar on stderr that follows the tasks of each phase."""

from __future__ import annotations

import sys
from contextlib import contextmanager

# Dask's nanny sets MALLOC_TRIM_THRESHOLD_=65536 in every worker it starts. Setting any glibc malloc
# threshold turns off glibc's dynamic mmap threshold, so every NumPy array above 128 KB is mapped and
# unmapped afresh: the batch code here ran ~3.4x slower (../shared/FINDINGS.md). A value of None
# unsets a variable (distributed.nanny._get_env_variables); docs/scale.md says how to do the same
# for workers started elsewhere.
WORKER_ENVIRON = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


@contextmanager
def connect(scheduler: str | None = None, workers: int | None = None, memory_limit: str = "auto",
            quiet: bool = False):
    """A `distributed.Client`: on `scheduler` when given, else on a LocalCluster of `workers`
    single-threaded processes. Prints the dashboard address on stderr."""
    import dask
    from distributed import Client, LocalCluster

    if scheduler:
        client, cluster = Client(scheduler), None
    else:
        with dask.config.set(WORKER_ENVIRON):
            cluster = LocalCluster(n_workers=workers or 1, threads_per_worker=1, processes=True,
                                   memory_limit=memory_limit, dashboard_address=":0")
            client = Client(cluster)
    try:
        if not quiet:
            print(f"dask: dashboard {client.dashboard_link} ({_size(client)})", file=sys.stderr)
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _size(client) -> str:
    threads = client.nthreads()
    return f"{len(threads)} worker(s), {sum(threads.values())} thread(s)"


class Tracker:
    """One progress bar per phase on stderr (drawn only when stderr is a terminal), plus a
    one-line summary per phase when `verbose`."""

    def __init__(self, enabled: bool = True):
        import time

        self.enabled = enabled
        self.started = self.last = time.perf_counter()

    def wait(self, futures: list, label: str) -> list:
        """Wait for `futures`, advancing a bar as each finishes; raises the first task error."""
        from distributed import as_completed

        if not futures:
            return futures
        bar = self._bar(label, len(futures))
        for future in as_completed(futures):
            if future.status == "error":
                future.result()  # re-raise the task's exception here
            if bar:
                bar[0].advance(bar[1])
        if bar:
            bar[0].stop()
        self.note(f"{label}: {len(futures)} task(s)")
        return futures

    def _bar(self, label: str, total: int):
        if not (self.enabled and sys.stderr.isatty()):
            return None
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        progress = Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), console=Console(stderr=True))
        progress.start()
        return progress, progress.add_task(label, total=total)

    def note(self, message: str) -> None:
        """One line on stderr, with the seconds since the last line and since the start."""
        import time

        now = time.perf_counter()
        if self.enabled:
            print(f"[{now - self.started:7.1f}s +{now - self.last:5.1f}s] {message}", file=sys.stderr)
        self.last = now
