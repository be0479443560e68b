"""Helpers shared by the bench scripts: where the shared data lives, clustering metrics."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "src"))


def need(path: Path) -> Path:
    if not path.exists():
        sys.exit(f"{path} not found: this bench needs the shared data folder beside the repository")
    return path


def b_cubed(gold, pred) -> tuple[float, float, float]:
    """B³ precision, recall and F1 of a clustering `pred` against `gold` (one label per item)."""
    gold, pred = np.asarray(gold), np.asarray(pred)
    both = Counter(zip(gold.tolist(), pred.tolist()))
    g, p = Counter(gold.tolist()), Counter(pred.tolist())
    inter = np.array([both[(a, b)] for a, b in zip(gold.tolist(), pred.tolist())], dtype=float)
    precision = float(np.mean(inter / np.array([p[b] for b in pred.tolist()])))
    recall = float(np.mean(inter / np.array([g[a] for a in gold.tolist()])))
    return precision, recall, 2 * precision * recall / (precision + recall)


def pair_prf(gold, pred) -> tuple[float, float, float]:
    """Precision, recall and F1 over the pairs of items put in one cluster."""
    def pairs(counts):
        return sum(c * (c - 1) // 2 for c in counts.values())

    both = pairs(Counter(zip(list(gold), list(pred))))
    p, r = both / max(pairs(Counter(pred)), 1), both / max(pairs(Counter(gold)), 1)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def row(name: str, value: str, reference: str = "") -> None:
    print(f"{name:<58} {value:>14}   {reference}")
