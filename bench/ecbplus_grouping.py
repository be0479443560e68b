"""ECB+ event-level grouping: cluster the test split's articles into events (subtopics) without
being told how many there are, with the settings tuned on train and dev.

    PYTHONPATH=src python bench/ecbplus_grouping.py

Prints ARI, B³ P/R/F1 and the cluster count for each split beside the reference figures
(TF-IDF + average linkage with the true number of events, from ../shared/data/README.md).
"""

from __future__ import annotations

import json
import time

from _common import SHARED, b_cubed, need, row
from sklearn.metrics import adjusted_rand_score

from newstrace import stories
from newstrace.settings import DEFAULT
from newstrace.types import Article


def main() -> None:
    path = need(SHARED / "data" / "stories_ecbplus" / "docs.jsonl")
    docs = [json.loads(line) for line in path.open()]
    docs = [d for d in docs if d["in_coref_sentence_index"]]
    for split in ("train", "dev", "test"):
        part = [d for d in docs if d["split"] == split]
        arts = [Article(d["doc_id"], d["doc_id"], None, d["text"]) for d in part]
        start = time.perf_counter()
        grouped = stories.group(arts, DEFAULT)
        took = time.perf_counter() - start
        label = {a: s.id for s in grouped for a in s.articles}
        gold, pred = [d["subtopic"] for d in part], [label[d["doc_id"]] for d in part]
        ari, (p, r, f) = adjusted_rand_score(gold, pred), b_cubed(gold, pred)
        ref = "TF-IDF avg-link true k: ARI 0.759, B3 F1 0.848; goal 0.85 / 0.90" if split == "test" else "(tuning split)"
        row(f"ECB+ {split} ({len(part)} docs, {len(set(gold))} events) ARI", f"{ari:.3f}", ref)
        row(f"ECB+ {split} B3 P / R / F1", f"{p:.3f}/{r:.3f}/{f:.3f}", "")
        row(f"ECB+ {split} clusters found, seconds", f"{len(grouped)}, {took:.2f}", "")


if __name__ == "__main__":
    main()
