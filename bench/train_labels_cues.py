"""Train the attribution-cue model (`newstrace.cues`) on PolNeAR train; pick C and the threshold on dev.

    PYTHONPATH=src:bench /work/main/.venv/bin/python bench/train_labels_cues.py [--limit N]

Writes src/newstrace/knowledge/cue_model.json: feature weights and a threshold, no text. Every candidate
word of every sentence is an example, positive when it overlaps a gold Cue span. A sentence is
predicted positive when the rules find a cue in it or the model scores a candidate at or above the
threshold; C and the threshold maximise sentence-level F1 on dev (PolNeAR's convention). Features
seen fewer than MIN_COUNT times in train are dropped, so rare words carry no weight.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import labels_data  # noqa: E402

from newstrace import attribution, cues, quotes, segment, sources  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "src" / "newstrace" / "knowledge" / "cue_model.json"
CACHE = Path("/tmp/newstrace_cue_examples_{split}_{limit}.pkl")
MIN_COUNT = 3


def examples(split: str, limit: int | None) -> list[dict]:
    """One record per sentence: gold, whether the rules fire, and (features, label) per candidate."""
    cache = Path(str(CACHE).format(split=split, limit=limit))
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    records = []
    for n, doc in enumerate(labels_data.polnear(split, limit)):
        if n % 50 == 0:
            print(f"{split}: article {n}", file=sys.stderr)
        records.extend(_doc_examples(doc))
    cache.write_bytes(pickle.dumps(records))
    return records


def _doc_examples(doc) -> list[dict]:
    art = doc.article()
    body_quotes = quotes.spans(art.body)
    ctx = sources.Context()
    out = []
    for sent in segment.sentences(art):
        span = segment.sentence_span(art, sent)[0]
        offset = sent.start - span.start_char
        inside = [q for q in body_quotes if q.start < sent.end and q.end > sent.start]
        quoted = attribution._quoted(span, inside, offset)
        attribution._note_people(ctx, span, quoted)
        frames = sources.find(span, quoted, ctx, learned=False)
        rule_cues = {f.cue for f in frames if f.cue is not None}
        gold = _overlaps(sent.start, sent.end, doc.sources + doc.cues)
        cands = []
        for tok in cues.candidates(span, quoted):
            start = tok.idx + offset
            label = _overlaps(start, start + len(tok.text), doc.cues)
            cands.append((cues.features(tok, span, quoted, rule_cues), label))
        out.append({"gold": gold, "rules": bool(rule_cues), "cands": cands})
    return out


def _overlaps(start: int, end: int, spans) -> bool:
    return any(s < end and start < e for s, e in spans)


def fit(train: list[dict], c: float):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(name for r in train for f, _ in r["cands"] for name in f)
    keep = {name for name, k in counts.items() if k >= MIN_COUNT}
    xs = [{k: v for k, v in f.items() if k in keep} for r in train for f, _ in r["cands"]]
    ys = [y for r in train for _, y in r["cands"]]
    vec = DictVectorizer()
    model = LogisticRegression(C=c, max_iter=2000, class_weight=None)
    model.fit(vec.fit_transform(xs), ys)
    weights = {name: float(w) for name, w in zip(vec.feature_names_, model.coef_[0]) if abs(w) >= 1e-3}
    weights["bias"] = weights.get("bias", 0.0) + float(model.intercept_[0])
    return weights


def sentence_f1(records: list[dict], weights: dict, threshold: float) -> tuple[float, float, float]:
    import math

    tp = fp = fn = 0
    for r in records:
        best = max((sum(weights.get(k, 0.0) * v for k, v in f.items()) for f, _ in r["cands"]), default=-99)
        said = r["rules"] or 1 / (1 + math.exp(-best)) >= threshold
        tp += said and r["gold"]
        fp += said and not r["gold"]
        fn += r["gold"] and not said
    p = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return p, rec, (2 * p * rec / (p + rec) if p + rec else 0.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="first N articles of each split (a quick run)")
    args = ap.parse_args()
    train, dev = examples("train", args.limit), examples("dev", args.limit)
    print(f"train: {len(train)} sentences, dev: {len(dev)}", file=sys.stderr)
    print(f"rules alone on dev: P/R/F1 {sentence_f1(dev, {}, 2.0)}")
    best = None
    for c in (0.1, 0.3, 1.0, 3.0):
        weights = fit(train, c)
        for threshold in (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6):
            p, r, f = sentence_f1(dev, weights, threshold)
            if best is None or f > best[0]:
                best = (f, c, threshold, weights, p, r)
        print(f"C={c}: best so far F1 {best[0]:.3f} (C={best[1]}, threshold {best[2]})", file=sys.stderr)
    f, c, threshold, weights, p, r = best
    print(f"chosen C={c} threshold={threshold}: dev sentence P {p:.3f} R {r:.3f} F1 {f:.3f}")
    model = {"about": "Attribution-cue logistic regression trained on PolNeAR train by "
                      "bench/train_labels_cues.py; C and threshold chosen on PolNeAR dev.",
             "C": c, "threshold": threshold,
             "weights": {k: round(v, 4) for k, v in sorted(weights.items())}}
    OUT.write_text(json.dumps(model, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(weights)} weights)", file=sys.stderr)


if __name__ == "__main__":
    main()
