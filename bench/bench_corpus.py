"""Group a generated corpus on one process and on Dask (1 and 2 workers): wall time, peak memory,
speed-up per worker, and pair precision / recall of both paths against the generator's stories.

    python bench/bench_corpus.py                       # 100k articles
    python bench/bench_corpus.py --sizes 100000 1000000 --cache /tmp/ntdask

Corpora come from ../shared/tools/gen_corpus.py (needs Debian's `wamerican`) and are cached under
--cache, never in the repository. Each measurement runs in a fresh process; peak memory is the
largest resident set of that process plus, for Dask, its worker processes, sampled every 0.1 s.
Both paths read the same JSONL through `corpus.shards` and compute story labels; the Dask job is
run without Parquet output unless --write.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

from _common import ROOT, SHARED, need, pair_prf, row

GENERATOR = SHARED / "tools" / "gen_corpus.py"


def corpus(size: int, cache: Path) -> Path:
    path = cache / f"c{size // 1000}k.jsonl"
    if not path.exists():
        print(f"generating {size} articles into {path} (about {size / 50_000:.0f} min)", file=sys.stderr)
        part = path.with_suffix(".part")
        subprocess.run([sys.executable, str(need(GENERATOR)), str(size), str(part)], check=True)
        part.rename(path)
    return path


def gold(path: Path) -> np.ndarray:
    with open(path, encoding="utf-8") as f:
        return np.array([json.loads(line)["story"] for line in f])


def measure(path: Path, mode: str, workers: int, labels: Path, write: Path | None) -> dict:
    """Run one measurement in a fresh process (this script with --one)."""
    cmd = [sys.executable, __file__, "--one", mode, str(path), str(workers), str(labels)]
    if write:
        cmd.append(str(write))
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode:  # e.g. killed by the kernel when out of memory: a figure too
        why = "killed (out of memory?)" if done.returncode == -9 else f"exit {done.returncode}"
        print(f"{mode} {workers} failed, {why}:\n{done.stderr[-2000:]}", file=sys.stderr)
        return {"failed": why}
    return json.loads(done.stdout.strip().splitlines()[-1])


def one(mode: str, path: str, workers: int, labels: str, write: str | None) -> None:
    """The measured run: story labels of every article, saved to `labels`."""
    import psutil

    from newstrace import stories
    from newstrace.corpus import shards
    from newstrace.settings import DEFAULT

    peak = Peak(psutil.Process())
    start, cpu = time.perf_counter(), sum(peak.process.cpu_times()[:2])
    if mode == "single":
        chunks, _ = shards.plan([path])
        texts, outlets, days = [], [], []
        for c in chunks:  # keep only what grouping reads, not every article's fields
            for a in shards.read(c)[0]:
                texts.append(stories._text(a))
                outlets.append(a.outlet)
                days.append(stories._day(a.published))
        pairs = stories.score_pairs(texts, outlets, DEFAULT)
        del texts
        pairs = stories._in_window(pairs, days, DEFAULT)
        found = stories.cluster(len(days), pairs, DEFAULT)
    else:
        from newstrace import corpus

        found = corpus.group([path], write, DEFAULT, workers=workers, progress=False).labels
    wall = time.perf_counter() - start
    peak.stop()
    peak.cpu[peak.process.pid] = sum(peak.process.cpu_times()[:2])
    np.save(labels, found)
    print(json.dumps({"wall": wall, "cpu": sum(peak.cpu.values()) - cpu, "peak": peak.total, "worst": peak.worst,
                      "n": len(found), "load": os.getloadavg()[0]}))


class Peak:
    """The largest summed resident set of a process and its children, sampled in a thread."""

    def __init__(self, process):
        self.process, self.total, self.worst, self.running = process, 0, 0, True
        self.cpu: dict[int, float] = {}  # seconds of CPU of each process seen, at its last sample
        self.thread = threading.Thread(target=self._sample, daemon=True)
        self.thread.start()

    def _sample(self) -> None:
        import psutil

        while self.running:
            try:
                procs = [self.process, *self.process.children(recursive=True)]
                sizes = [p.memory_info().rss for p in procs]
                self.cpu.update({p.pid: sum(p.cpu_times()[:2]) for p in procs})
            except psutil.Error:
                continue
            self.total, self.worst = max(self.total, sum(sizes)), max(self.worst, max(sizes))
            time.sleep(0.1)

    def stop(self) -> None:
        self.running = False
        self.thread.join()


def psutil_total_gb() -> float:
    import psutil

    return psutil.virtual_memory().total / 2**30


def bench(size: int, cache: Path, write: bool, modes: list[str], reuse: bool = False) -> None:
    path = corpus(size, cache)
    truth = gold(path)
    print(f"\n## {size:,} generated articles ({path})")
    runs = {}
    for mode, workers in (("single", 1), ("dask", 1), ("dask", 2)):
        if f"{mode}{workers if mode == 'dask' else ''}" not in modes:
            continue
        out = cache / f"out-{size}-{workers}" if write and mode == "dask" else None
        labels = cache / f"labels-{size}-{mode}-{workers}.npy"
        saved = cache / f"run-{size}-{mode}-{workers}.json"
        if reuse and saved.exists() and labels.exists():
            result = json.loads(saved.read_text())
            print(f"{mode} {workers}: figures of an earlier run ({saved})", file=sys.stderr)
        else:
            result = measure(path, mode, workers, labels, out)
            saved.write_text(json.dumps(result))
        name = "one process (stories.score_pairs + cluster)" if mode == "single" else f"Dask LocalCluster, {workers} worker(s)"
        if "failed" in result:
            row(f"{name}", f"failed: {result['failed']}", f"{psutil_total_gb():.0f} GB RAM on this machine")
            continue
        runs[(mode, workers)] = result
        runs[(mode, workers)]["labels"] = np.load(labels)
    single = runs.get(("single", 1))
    for (mode, workers), r in runs.items():
        name = "one process (stories.score_pairs + cluster)" if mode == "single" else f"Dask LocalCluster, {workers} worker(s)"
        p, rc, f1 = pair_prf(truth, r["labels"])
        row(f"{name}: wall time", f"{r['wall']:.1f} s", f"{size / r['wall']:,.0f} articles/s; load average "
            f"{r['load']:.1f} on {os.cpu_count()} cores at its end")
        row(f"{name}: CPU time, all processes", f"{r['cpu']:.1f} s", f"{size / r['cpu']:,.0f} articles per CPU-second")
        row(f"{name}: peak memory (all processes)", f"{r['peak'] / 2**20:,.0f} MB",
            f"largest process {r['worst'] / 2**20:,.0f} MB" + (  # below 100k the fixed cost of processes dominates
                f"; {r['peak'] / size * 1e6 / 2**30:.1f} GB per million articles" if size >= 100_000 else ""))
        row(f"{name}: pair precision / recall / F1", f"{p:.4f} / {rc:.4f} / {f1:.4f}")
        if mode == "dask" and single:
            row(f"{name}: stories identical to one process", str(np.array_equal(r["labels"], single["labels"])))
    if ("dask", 1) in runs and ("dask", 2) in runs:
        one_w, two_w = runs[("dask", 1)]["wall"], runs[("dask", 2)]["wall"]
        row("speed-up of 2 workers over 1", f"{one_w / two_w:.2f}x", f"ideal 2.00x ({one_w / two_w / 2:.2f} per worker)")
    if single and ("dask", 2) in runs:
        row("Dask, 2 workers, against one process", f"{single['wall'] / runs[('dask', 2)]['wall']:.2f}x")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        mode, path, workers, labels, *write = sys.argv[2:]
        return one(mode, path, int(workers), labels, write[0] if write else None)
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    ap.add_argument("--cache", type=Path, default=Path("/tmp/newstrace-bench"))
    ap.add_argument("--write", action="store_true", help="Also write the Dask job's Parquet output.")
    ap.add_argument("--reuse", action="store_true", help="Report the saved figures of runs already made in --cache.")
    ap.add_argument("--modes", nargs="+", default=["single", "dask1", "dask2"], help="Which runs (default: all).")
    a = ap.parse_args()
    a.cache.mkdir(parents=True, exist_ok=True)
    print(f"newstrace {ROOT.name}: {os.cpu_count()} core(s), load average {os.getloadavg()[0]:.1f} at start")
    for size in a.sizes:
        bench(size, a.cache, a.write, a.modes, a.reuse)


if __name__ == "__main__":
    main()
