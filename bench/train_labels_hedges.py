"""Train the hedge model (`newstrace.hedge_model`) on WikiWeasel train; pick C and the threshold by
cross-validation on train alone (the test split is only for bench/eval_labels.py).

    PYTHONPATH=src:bench /work/main/.venv/bin/python bench/train_labels_hedges.py [--limit N]

Writes src/newstrace/knowledge/hedge_model.json: feature weights and a threshold, no text.
WikiWeasel labels sentences, not words, so this is multiple-instance learning: every candidate of a
certain sentence is a negative example; a candidate of an uncertain sentence starts as a positive,
and after a first fit only the best-scored candidate of each uncertain sentence stays positive (the
others drop out of training), unless a firm hedge (a rule cue the model does not weigh, see
`hedges.weighed`) or a vague source already explains the sentence. A sentence is predicted
uncertain, as eval_labels.py scores it, when it has a firm hedge, a vague
source, or a candidate scored at or above the threshold. Features seen fewer than MIN_COUNT times
are dropped, so rare words carry no weight.
"""

from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import labels_data  # noqa: E402

from newstrace import attribution, hedge_model, hedges, lexicon, nlp, segment  # noqa: E402
from newstrace.types import Article  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "src" / "newstrace" / "knowledge" / "hedge_model.json"
CACHE = Path("/tmp/newstrace_hedge_examples_{limit}.pkl")
MIN_COUNT = 3
FOLDS = 5


def examples(limit: int | None) -> list[dict]:
    """One record per WikiWeasel train row: its label, whether a firm hedge or a vague source marks
    it, and the features of each candidate the model weighs."""
    cache = Path(str(CACHE).format(limit=limit))
    if cache.exists():
        return pickle.loads(cache.read_bytes())
    records = sentence_records(labels_data.wikiweasel("train")[:limit])
    cache.write_bytes(pickle.dumps(records))
    return records


def sentence_records(rows: list[tuple[str, int]]) -> list[dict]:
    """For each (text, label) row: the label, whether a firm hedge or a vague source marks the
    sentence, and the features of each candidate cue the model weighs (any split)."""
    seen: list = []
    original = hedges.find
    hedges.find = lambda span, quoted: (seen.append(_candidates(span, quoted)), original(span, quoted))[1]
    records = []
    try:
        for start in range(0, len(rows), 1000):
            print(f"labelling rows {start}-{start + 999}", file=sys.stderr)
            chunk = rows[start:start + 1000]
            nlp.parse([t for t, _ in chunk])
            for i, (text, y) in enumerate(chunk):
                seen.clear()
                art = Article(id=f"w{start + i}", source="wikiweasel", title=None, body=text)
                labs = attribution.label(art, segment.sentences(art))
                records.append({"y": y, "firm": any(f for c in seen for f, _ in c),
                                "vague": any("vague" in lab.attribution for lab in labs),
                                "cands": [x for c in seen for f, x in c if not f]})
    finally:
        hedges.find = original
    return records


def _candidates(span, quoted) -> list[tuple[bool, dict]]:
    """(firm, features) for each hedge cue of the sentence: firm when no model weighs it."""
    out = []
    for tok in span:
        if tok.i in quoted:
            continue
        rule = hedges._rule(tok)
        if rule and not hedges.weighed(tok):
            out.append((True, {}))
        elif rule or hedge_model.candidate(tok):
            out.append((False, hedge_model.features(tok, rule)))
    return out


def fit(records: list[dict], c: float, rounds: int = 2):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts = Counter(name for r in records for f in r["cands"] for name in f)
    keep = {name for name, k in counts.items() if k >= MIN_COUNT}
    vec = DictVectorizer()
    vec.fit([{k: v for k, v in f.items() if k in keep} for r in records for f in r["cands"]])
    chosen = [[True] * len(r["cands"]) for r in records]
    for _ in range(rounds):
        xs, ys = [], []
        for r, use in zip(records, chosen):
            for f, u in zip(r["cands"], use):
                if u:
                    xs.append({k: v for k, v in f.items() if k in keep})
                    ys.append(r["y"])
        model = LogisticRegression(C=c, max_iter=2000, class_weight="balanced")
        model.fit(vec.transform(xs), ys)
        chosen = [_best_only(r, model, vec) for r in records]
    return model, vec


def _best_only(record: dict, model, vec) -> list[bool]:
    """Keep every candidate of a certain sentence; of an uncertain one nothing explains, the best."""
    n = len(record["cands"])
    if not record["y"]:
        return [True] * n
    if record["firm"] or record["vague"] or not n:
        return [False] * n
    scores = model.predict_proba(vec.transform(record["cands"]))[:, 1]
    best = max(range(n), key=lambda k: scores[k])
    return [k == best for k in range(n)]


def sentence_scores(records: list[dict], model, vec) -> list[float]:
    out = []
    for r in records:
        if r["firm"] or r["vague"]:
            out.append(1.0)
        elif r["cands"]:
            out.append(float(model.predict_proba(vec.transform(r["cands"]))[:, 1].max()))
        else:
            out.append(0.0)
    return out


def best_threshold(scores: list[float], ys: list[int]) -> tuple[float, float]:
    best = (0.0, 1.0)
    for k in range(20, 90):
        t = k / 100
        tp = sum(s >= t and y for s, y in zip(scores, ys))
        fp = sum(s >= t and not y for s, y in zip(scores, ys))
        fn = sum(s < t and y for s, y in zip(scores, ys))
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        best = max(best, (f1, t))
    return best


def cross_validate(records: list[dict], c: float) -> tuple[float, float]:
    """Out-of-fold sentence scores over FOLDS folds of train: (best F1, its threshold)."""
    order = list(range(len(records)))
    random.Random(0).shuffle(order)
    scores = [0.0] * len(records)
    for k in range(FOLDS):
        held = set(order[k::FOLDS])
        model, vec = fit([r for i, r in enumerate(records) if i not in held], c)
        part = [i for i in range(len(records)) if i in held]
        for i, s in zip(part, sentence_scores([records[i] for i in part], model, vec)):
            scores[i] = s
    return best_threshold(scores, [r["y"] for r in records])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=None, help="first N train rows (a quick run)")
    args = ap.parse_args()
    records = examples(args.limit)
    print(f"{len(records)} sentences, {sum(len(r['cands']) for r in records)} candidates", file=sys.stderr)
    results = {c: cross_validate(records, c) for c in (0.1, 0.3, 1.0, 3.0)}
    for c, (f1, t) in results.items():
        print(f"  C {c:<4} cross-validated train F1 {f1:.3f} at threshold {t:.2f}")
    c = max(results, key=lambda k: results[k][0])
    model, vec = fit(records, c)
    weights = {name: round(float(w), 4) for name, w in zip(vec.get_feature_names_out(), model.coef_[0]) if abs(w) > 1e-4}
    weights["bias"] = round(weights.get("bias", 0.0) + float(model.intercept_[0]), 4)
    OUT.write_text(json.dumps({"source": "bench/train_labels_hedges.py on WikiWeasel train; weights only, no text",
                               "C": c, "threshold": results[c][1], "weights": dict(sorted(weights.items()))},
                              indent=0) + "\n", encoding="utf-8")
    print(f"wrote {OUT.name}: C {c}, threshold {results[c][1]:.2f}, {len(weights)} weights")


if __name__ == "__main__":
    main()
