"""FNC-1 data and its official score, shared by the headline-stance bench scripts."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared"
FNC = SHARED / "data" / "fnc1"
LABELS = ("agree", "disagree", "discuss", "unrelated")


def read(split: str) -> tuple[list[tuple[str, str]], list[str], list[str]]:
    """(headline, body) pairs, gold stances and body ids of `train` or `competition_test`."""
    csv.field_size_limit(sys.maxsize)
    with open(FNC / f"{split}_bodies.csv", encoding="utf-8") as f:
        bodies = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(f)}
    pairs, gold, ids = [], [], []
    with open(FNC / f"{split}_stances.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            pairs.append((row["Headline"], bodies[row["Body ID"]]))
            gold.append(row["Stance"])
            ids.append(row["Body ID"])
    return pairs, gold, ids


def score(gold: list[str], pred: list[str]) -> tuple[float, float, float]:
    """(FNC score, best possible, percentage) as computed by the official scorer."""
    got = best = 0.0
    for g, p in zip(gold, pred):
        best += 0.25 if g == "unrelated" else 1.0
        if (g == "unrelated") == (p == "unrelated"):
            got += 0.25
        if g != "unrelated" and g == p:
            got += 0.75
    return got, best, 100.0 * got / best


def macro_f1(gold: list[str], pred: list[str]) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(gold, pred, labels=list(LABELS), average="macro"))
