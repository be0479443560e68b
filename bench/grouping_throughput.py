"""Throughput, memory and pair quality of story grouping on a generated corpus.

    python /work/shared/tools/gen_corpus.py 100000 /tmp/c100k.jsonl   # needs Debian's wamerican
    PYTHONPATH=src python bench/grouping_throughput.py /tmp/c100k.jsonl [--skip-datasketch]

Each method runs in a fresh child process on the same corpus, so each peak memory figure is its own
(peak resident memory minus the memory after the corpus was read). Methods:
  floor        read the JSONL + hash the 5-word shingles, nothing else;
  near-dup     newstrace's near-duplicate tier: boilerplate, shingles, MinHash, LSH, components;
  datasketch   datasketch 2.0 MinHash (128 permutations) + MinHashLSH(threshold 0.2), components;
  grouping     the whole grouping (near-duplicates and rewrites): stories.group.
Pair P/R/F1 compare the story of every pair of articles with the generator's true stories.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time

from _common import ROOT, pair_prf, row

import numpy as np


def _rss_mb(field: str) -> float:
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1]) / 1024
    return 0.0


def _read(path: str) -> tuple[list[str], list[str], list[int]]:
    texts, outlets, gold = [], [], []
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            texts.append(f"{r['title']}\n\n{r['text']}")
            outlets.append(str(r["outlet"]))
            gold.append(r["story"])
    return texts, outlets, gold


def _components(n: int, pairs: np.ndarray) -> np.ndarray:
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def run_floor(texts, outlets, settings, workers):
    from newstrace import minhash

    total = 0
    for s in range(0, len(texts), 500):
        hashes, _ = minhash.shingles(minhash.words(texts[s : s + 500], shapes=False), settings.shingle_words)
        total += len(hashes)
    return None


def run_near_dup(texts, outlets, settings, workers):
    from newstrace import minhash, stories

    boiler = stories._boilerplate(texts, outlets)
    sig = np.concatenate(stories.map_batches(texts, _signature_batch, (boiler, settings), workers))
    keys = minhash.band_keys(sig, settings.lsh_bands)
    pairs = minhash.candidates(keys)
    keep = minhash.estimate(sig, pairs) >= settings.near_duplicate_jaccard
    STATE["bytes"] = sig.nbytes + keys.nbytes + pairs.nbytes
    return _components(len(texts), pairs[keep])


def _signature_batch(texts, boiler, settings):
    from newstrace import minhash

    hashes, offsets = minhash.shingles(minhash.strip(minhash.words(texts, shapes=False), boiler), settings.shingle_words)
    return minhash.signatures(hashes, offsets, settings.minhash_bins)


def run_datasketch(texts, outlets, settings, workers):
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=settings.near_duplicate_jaccard, num_perm=128)
    sketches = []
    for i, text in enumerate(texts):
        w = text.lower().split()
        shingles = {" ".join(w[k : k + 5]).encode() for k in range(max(len(w) - 4, 1))}
        m = MinHash(num_perm=128)
        m.update_batch(list(shingles))
        lsh.insert(i, m)
        sketches.append(m)
    pairs = []
    for i, m in enumerate(sketches):
        for j in lsh.query(m):
            if j > i and m.jaccard(sketches[j]) >= settings.near_duplicate_jaccard:
                pairs.append((i, j))
    return _components(len(texts), np.array(pairs, dtype=np.int64).reshape(-1, 2))


def run_grouping(texts, outlets, settings, workers):
    from newstrace import stories

    sig, vec = stories.signatures(texts, outlets, settings, workers)
    pairs = stories.candidate_pairs(sig, vec, settings)
    STATE["bytes"] = sig.nbytes + pairs.ij.nbytes * 2 + sum(m.data.nbytes + m.indices.nbytes + m.indptr.nbytes for m in vec)
    return stories.cluster(len(texts), pairs, settings)


STATE: dict[str, int] = {}
METHODS = {"floor": run_floor, "near-dup": run_near_dup, "datasketch": run_datasketch, "grouping": run_grouping}


def child(path: str, method: str, workers: int) -> None:
    from newstrace import stories  # noqa: F401  (imports are not part of the timed work)
    from newstrace.settings import DEFAULT

    start = time.perf_counter()
    texts, outlets, gold = _read(path)
    read = time.perf_counter() - start
    base = _rss_mb("VmRSS")
    start, cpu = time.perf_counter(), time.process_time()
    labels = METHODS[method](texts, outlets, DEFAULT, workers)
    took, cpu = time.perf_counter() - start, time.process_time() - cpu
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu += children.ru_utime + children.ru_stime  # pool workers, when there are any
    result = {"read": read, "seconds": took, "cpu": cpu, "peak_mb": _rss_mb("VmHWM") - base, "n": len(texts)}
    if labels is not None:
        result["prf"] = pair_prf(gold, labels.tolist())
    result["state_bytes"] = STATE.get("bytes", 0)
    print(json.dumps(result))


def measure(path: str, method: str, workers: int) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    out = subprocess.run([sys.executable, __file__, path, "--child", method, "--workers", str(workers)],
                         capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(path: str, skip_datasketch: bool) -> None:
    runs = [("floor", 1), ("near-dup", 1), ("near-dup", 2), ("grouping", 1), ("grouping", 2)]
    if not skip_datasketch:
        runs.insert(1, ("datasketch", 1))
    results = {}
    for method, workers in runs:
        print(f"running {method} on {workers} core(s)...", file=sys.stderr)
        results[(method, workers)] = r = measure(path, method, workers)
        n = r["n"]
        total = r["seconds"] + (r["read"] if method == "floor" else 0)
        prf = " P/R/F1 " + "/".join(f"{x:.3f}" for x in r["prf"]) if "prf" in r else ""
        cpu = f", {r['cpu']:.1f} CPU-s ({n / r['cpu']:,.0f} articles per CPU-s)"
        row(f"{method} {workers} core(s), {n} articles: articles/s", f"{n / total:,.0f}",
            f"{total:.2f} s wall{cpu}, peak +{r['peak_mb']:.0f} MB{prf}")
    _summary(results, skip_datasketch)


def _summary(results: dict, skip_datasketch: bool) -> None:
    nd, n = results[("near-dup", 1)], results[("near-dup", 1)]["n"]
    gr = results[("grouping", 1)]
    row("near-dup state per million articles (signatures, keys, pairs)", f"{nd['state_bytes'] / n * 1e6 / 2**30:.2f} GB", "")
    row("whole-grouping state per million articles (+ TF-IDF rows)", f"{gr['state_bytes'] / n * 1e6 / 2**30:.2f} GB", "")
    if not skip_datasketch:
        ds = results[("datasketch", 1)]
        row("near-dup speed-up over datasketch, one core (wall)", f"{ds['seconds'] / nd['seconds']:.1f}x", "goal >= 10x")
        row("near-dup speed-up over datasketch, one core (CPU-s)", f"{ds['cpu'] / nd['cpu']:.1f}x", "goal >= 10x")
        row("near-dup pair F1 vs datasketch pair F1", f"{nd['prf'][2]:.3f} vs {ds['prf'][2]:.3f}", "goal: equal or better")
    row("near-dup on 2 cores, seconds", f"{results[('near-dup', 2)]['seconds']:.2f}", "goal <= 5 s at 100k")
    row("whole grouping on 2 cores, seconds", f"{results[('grouping', 2)]['seconds']:.2f}", "goal < 60 s at 100k")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus")
    ap.add_argument("--child")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--skip-datasketch", action="store_true")
    args = ap.parse_args()
    if args.child:
        child(args.corpus, args.child, args.workers)
    else:
        print(f"corpus {args.corpus}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", file=sys.stderr)
        report(args.corpus, args.skip_datasketch)


if __name__ == "__main__":
    main()
