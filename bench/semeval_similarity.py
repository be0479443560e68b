"""SemEval-2022 Task 8 sample: story similarity against the human "Overall" score.

    PYTHONPATH=src python bench/semeval_similarity.py

Same-language pairs of `testing_set.csv` in ../shared/data/semeval2022_t8_sample/. This is the HFL
team's example set, NOT the official evaluation set (whose winner scored 0.818): figures here are a
smoke test, not comparable with the task's leaderboard. Overall runs from 1 (very similar) to 4, so
the correlation is reported with its sign flipped. Term weights are learned on the pairs' own texts
(no training on the labels).
"""

from __future__ import annotations

import csv

import numpy as np
from _common import SHARED, need, row
from scipy.stats import pearsonr

from newstrace import embed, stories
from newstrace.settings import DEFAULT


def load(name: str) -> list[dict]:
    csv.field_size_limit(10**8)
    path = need(SHARED / "data" / "semeval2022_t8_sample" / f"{name}.csv")
    with path.open(newline="") as f:
        return [r for r in csv.DictReader(f) if r["lang1"] == r["lang2"]]


def main() -> None:
    pairs = load("testing_set")
    n = len(pairs)
    texts = [r["text1"] for r in pairs] + [r["text2"] for r in pairs]
    ij = np.stack([np.arange(n), np.arange(n) + n], axis=1)
    overall = np.array([float(r["Overall"]) for r in pairs])
    langs = np.array([r["lang1"] for r in pairs])
    score = stories.pair_scores(texts, ij, DEFAULT)
    row(f"SemEval-22 T8 sample, {n} same-language pairs: Pearson", f"{-pearsonr(score, overall)[0]:.3f}",
        "char TF-IDF 0.516; goal 0.70 (sample, not the official set)")
    for lang in sorted(set(langs)):
        m = langs == lang
        row(f"  {lang} ({m.sum()} pairs)", f"{-pearsonr(score[m], overall[m])[0]:.3f}", "")
    if embed.available():
        vec = embed.sentences([t[:2000] for t in texts])
        cosine = (vec[:n] * vec[n:]).sum(axis=1)
        mixed = np.where(langs == "en", (score + cosine) / 2, score)
        row("  with MiniLM embeddings mixed in for English pairs", f"{-pearsonr(mixed, overall)[0]:.3f}", "")
        m = langs == "en"
        row("  en pairs, grouping score + MiniLM", f"{-pearsonr(mixed[m], overall[m])[0]:.3f}", "")


if __name__ == "__main__":
    main()
