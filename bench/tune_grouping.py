"""Tune the grouping threshold and name weight on the ECB+ train and dev splits (never test).

    PYTHONPATH=src python bench/tune_grouping.py

Prints the mean ARI over train and dev for each setting, best last; copy the best into settings.py.
"""

from __future__ import annotations

import dataclasses
import json
import sys

import numpy as np
from _common import SHARED, need
from sklearn.metrics import adjusted_rand_score

from newstrace import stories
from newstrace.settings import DEFAULT
from newstrace.types import Article


def main() -> None:
    docs = [json.loads(line) for line in need(SHARED / "data" / "stories_ecbplus" / "docs.jsonl").open()]
    splits = {s: [d for d in docs if d["split"] == s and d["in_coref_sentence_index"]] for s in ("train", "dev")}
    arts = {s: [Article(d["doc_id"], d["doc_id"], None, d["text"]) for d in part] for s, part in splits.items()}
    results = []
    for weight in (0.2, 0.3, 0.4, 0.5):
        for threshold in np.arange(0.40, 0.53, 0.01):
            settings = dataclasses.replace(DEFAULT, story_name_weight=weight, story_similarity=round(float(threshold), 2),
                                           explain_all_below=0)
            aris = []
            for split, part in splits.items():
                label = {a: s.id for s in stories.group(arts[split], settings) for a in s.articles}
                aris.append(adjusted_rand_score([d["subtopic"] for d in part], [label[d["doc_id"]] for d in part]))
            results.append((float(np.mean(aris)), weight, round(float(threshold), 2)))
            print(f"name weight {weight:.1f} threshold {threshold:.2f}: mean ARI {np.mean(aris):.3f}", file=sys.stderr)
    for ari, weight, threshold in sorted(results)[-5:]:
        print(f"name weight {weight:.1f} threshold {threshold:.2f}: train/dev mean ARI {ari:.3f}")


if __name__ == "__main__":
    main()
