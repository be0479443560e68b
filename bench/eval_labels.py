"""Measure the sentence labeller: seeds, PolNeAR, WikiWeasel and speed, each beside its reference.

    PYTHONPATH=src:bench /work/main/.venv/bin/python bench/eval_labels.py [--split dev|test|both]
        [--only seeds,polnear,wikiweasel,speed] [--limit N]

Results on stdout, progress on stderr. Data is read from ../shared (see bench/labels_data.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import labels_data  # noqa: E402

from newstrace import attribution, nlp, segment  # noqa: E402
from newstrace.types import LABELS, Article  # noqa: E402


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _row(name: str, counts: tuple[int, int, int], reference: str = "") -> str:
    p, r, f = prf(*counts)
    return f"  {name:<22} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   {reference}"


# ---------------------------------------------------------------- seeds

def seed_results() -> dict:
    """Per-label counts of attribution and hedged on the seed gold, and the misses."""
    articles = labels_data.seed_articles()
    ours = {}
    for name, art in articles.items():
        sents = segment.sentences(art)
        for s, lab in zip(sents, attribution.label(art, sents)):
            ours[(name, s.text)] = lab
    counts = {k: Counter() for k in (*LABELS, "hedged")}
    misses = []
    for g in labels_data.seed_gold():
        lab = ours.get((g["doc"], g["text"]))
        got = set(lab.attribution) if lab else set()
        wanted = set(g["attribution"])
        for alt in g.get("accept", []):
            if got == set(alt):
                wanted = got
        for k in LABELS:
            counts[k]["tp"] += k in got and k in wanted
            counts[k]["fp"] += k in got and k not in wanted
            counts[k]["fn"] += k not in got and k in wanted
        hedged = bool(lab and lab.hedges)
        if not g.get("hedged_either"):
            counts["hedged"]["tp"] += hedged and g["hedged"]
            counts["hedged"]["fp"] += hedged and not g["hedged"]
            counts["hedged"]["fn"] += not hedged and g["hedged"]
        if lab is None or got != wanted or (not g.get("hedged_either") and hedged != g["hedged"]):
            misses.append((g, lab))
    return {"counts": counts, "misses": misses, "matched": sum(1 for g in labels_data.seed_gold()
                                                                  if (g["doc"], g["text"]) in ours)}


def report_seeds(verbose: bool) -> dict:
    res = seed_results()
    c = res["counts"]
    print(f"Seeds ({res['matched']}/{len(labels_data.seed_gold())} gold sentences matched by exact text)")
    for k in LABELS:
        print(_row(k, (c[k]["tp"], c[k]["fp"], c[k]["fn"])))
    micro = tuple(sum(c[k][x] for k in LABELS) for x in ("tp", "fp", "fn"))
    print(_row("attribution micro", micro, "goal F1 >= 0.90"))
    print(_row("hedged", (c["hedged"]["tp"], c["hedged"]["fp"], c["hedged"]["fn"]), "goal F1 >= 0.85"))
    print(f"  sentences wrong: {len(res['misses'])}")
    if verbose:
        for g, lab in res["misses"]:
            got = (lab.attribution, lab.hedges, [s.cue for s in lab.sources]) if lab else None
            print(f"    gold {g['attribution']} hedged={g['hedged']} got {got}: {g['text'][:90]}", file=sys.stderr)
    return {"attribution_f1": prf(*micro)[2], "hedged_f1": prf(c["hedged"]["tp"], c["hedged"]["fp"],
                                                                 c["hedged"]["fn"])[2]}


# ---------------------------------------------------------------- PolNeAR

def _overlaps(a: tuple[int, int], spans) -> bool:
    return any(s < a[1] and a[0] < e for s, e in spans)


def polnear_counts(docs) -> dict[str, Counter]:
    """Sentence-level cue detection and source-span overlap counts over `docs`."""
    cue, src = Counter(), Counter()
    for doc in docs:
        art = doc.article()
        sents = segment.sentences(art)
        readings = attribution.read(art, sents)
        gold_spans = doc.sources + doc.cues
        for s, reading in zip(sents, readings):
            gold = _overlaps((s.start, s.end), gold_spans)
            said = any(f.source.cue for f in reading.frames)
            cue["tp"] += gold and said
            cue["fp"] += said and not gold
            cue["fn"] += gold and not said
        predicted = [f.written for r in readings for f in r.frames if f.written and f.source.cue]
        src["tp_p"] += sum(_overlaps(p, doc.sources) for p in predicted)
        src["n_p"] += len(predicted)
        src["tp_g"] += sum(_overlaps(g, predicted) for g in doc.sources)
        src["n_g"] += len(doc.sources)
    return {"cue": cue, "source": src}


def report_polnear(splits: list[str], limit: int | None) -> dict:
    out = {}
    for split in splits:
        docs = labels_data.polnear(split, limit)
        print(f"PolNeAR {split} ({len(docs)} articles{'' if limit is None else ', subset'}), "
              "PolNeAR's convention: a sentence is positive when a Source or Cue span lies in it", file=sys.stderr)
        res = polnear_counts(docs)
        c, s = res["cue"], res["source"]
        print(f"PolNeAR {split}: {len(docs)} articles")
        print(_row("sentence has a cue", (c["tp"], c["fp"], c["fn"]),
                   "ref: cue-word list ~0.66, careful spaCy rules ~0.76, humans ~0.90, goal >= 0.87 (test)"))
        p = s["tp_p"] / s["n_p"] if s["n_p"] else 0.0
        r = s["tp_g"] / s["n_g"] if s["n_g"] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"  {'source-span overlap':<22} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   "
              "(a predicted source as written overlaps a gold Source span, and vice versa)")
        out[split] = prf(c["tp"], c["fp"], c["fn"])[2]
    return out


# ---------------------------------------------------------------- WikiWeasel

def wikiweasel_predictions(rows: list[tuple[str, int]]) -> list[int]:
    """1 when newstrace finds a hedge cue or a vague source in the sentence."""
    preds = []
    for start in range(0, len(rows), 1000):
        chunk = [t for t, _ in rows[start:start + 1000]]
        nlp.parse(chunk)  # warm the paragraph cache in one batch
        for i, text in enumerate(chunk):
            art = Article(id=f"w{start + i}", source="wikiweasel", title=None, body=text)
            labs = attribution.label(art, segment.sentences(art))
            preds.append(int(any(lab.hedges or "vague" in lab.attribution for lab in labs)))
    return preds


def report_wikiweasel(split: str) -> float:
    rows = labels_data.wikiweasel(split)
    preds = wikiweasel_predictions(rows)
    tp = sum(p and y for p, (_, y) in zip(preds, rows))
    fp = sum(p and not y for p, (_, y) in zip(preds, rows))
    fn = sum(y and not p for p, (_, y) in zip(preds, rows))
    print(f"WikiWeasel {split} ({len(rows)} sentences; a third-party re-split, NOT comparable to the "
          "CoNLL-2010 official split)")
    print(_row("hedged or vague", (tp, fp, fn), "ref: word list F1 0.63, rules alone 0.592, goal >= 0.70 "
               "(hedge model trained on train by train_labels_hedges.py)"))
    return prf(tp, fp, fn)[2]


# ---------------------------------------------------------------- speed

def report_speed(limit: int) -> None:
    docs = labels_data.polnear("dev", limit)
    arts = [d.article() for d in docs]
    nlp.pipeline()
    nlp._CACHE.clear()
    t0 = time.perf_counter()
    paragraphs = [p for a in arts for p in a.body.split("\n") if p.strip()]
    nlp.parse(paragraphs[:4000])
    t_spacy = time.perf_counter() - t0
    n = 0
    for a in arts:
        sents = segment.sentences(a)
        attribution.label(a, sents)
        n += len(sents)
    total = time.perf_counter() - t0
    print(f"Speed: {n} sentences of {len(arts)} PolNeAR dev articles in {total:.1f} s: "
          f"{n / total:.0f} sentences/s, {t_spacy / total:.0%} of the time in spaCy (one process, 2-core machine)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", default="both", choices=("dev", "test", "both"))
    ap.add_argument("--only", default="seeds,polnear,wikiweasel,speed")
    ap.add_argument("--limit", type=int, default=None, help="first N PolNeAR articles per split")
    ap.add_argument("-v", "--verbose", action="store_true", help="list the seed sentences we get wrong (stderr)")
    args = ap.parse_args()
    parts = args.only.split(",")
    splits = ["dev", "test"] if args.split == "both" else [args.split]
    if "seeds" in parts:
        report_seeds(args.verbose)
    if "polnear" in parts:
        report_polnear(splits, args.limit)
    if "wikiweasel" in parts:
        report_wikiweasel("test" if args.split != "dev" else "train")
    if "speed" in parts:
        report_speed(args.limit or 40)


if __name__ == "__main__":
    main()
