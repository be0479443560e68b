"""Tune the grouping threshold and name weight on the ECB+ train and dev splits (never test).

    PYTHONPATH=src python bench/tune_grouping.py

Prints the mean ARI (and B³ F1) over train and dev for each setting, best last; copy the best into
settings.py. Thresholds are on the calibrated score (`similarity.calibrate`), so fit the
calibration first (bench/semeval_similarity.py --fit) and re-tune after any change to the terms.
"""

from __future__ import annotations

import dataclasses
import json
import sys

import numpy as np
from _common import SHARED, b_cubed, need
from sklearn.metrics import adjusted_rand_score

from newstrace import stories
from newstrace.settings import DEFAULT
from newstrace.types import Article


def main() -> None:
    docs = [json.loads(line) for line in need(SHARED / "data" / "stories_ecbplus" / "docs.jsonl").open()]
    splits = {s: [d for d in docs if d["split"] == s and d["in_coref_sentence_index"]] for s in ("train", "dev")}
    arts = {s: [Article(d["doc_id"], d["doc_id"], None, d["text"]) for d in part] for s, part in splits.items()}
    results = []
    for weight in (0.2, 0.3, 0.4):
        for threshold in np.arange(0.50, 0.73, 0.01):
            settings = dataclasses.replace(DEFAULT, story_name_weight=weight, story_similarity=round(float(threshold), 2),
                                           explain_all_below=0)
            aris, f1s = [], []
            for split, part in splits.items():
                label = {a: s.id for s in stories.group(arts[split], settings) for a in s.articles}
                gold, pred = [d["subtopic"] for d in part], [label[d["doc_id"]] for d in part]
                aris.append(adjusted_rand_score(gold, pred))
                f1s.append(b_cubed(gold, pred)[2])
            results.append((float(np.mean(aris)), float(np.mean(f1s)), weight, round(float(threshold), 2)))
            print(f"name weight {weight:.1f} threshold {threshold:.2f}: mean ARI {np.mean(aris):.3f}", file=sys.stderr)
    for ari, f1, weight, threshold in sorted(results)[-5:]:
        print(f"name weight {weight:.1f} threshold {threshold:.2f}: train/dev mean ARI {ari:.3f}, B3 F1 {f1:.3f}")


if __name__ == "__main__":
    main()
