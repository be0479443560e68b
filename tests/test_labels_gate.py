"""Quality gate for the sentence labeller: floors on the seed gold and a quick PolNeAR dev subset.

The figures come from bench/eval_labels.py (which prints them beside their references); the floors
sit a little below the measured values and only go up. The data is read from ../shared at run time.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
SHARED = Path(__file__).resolve().parents[2] / "shared"

# measured 2026-11-24 with bench/eval_labels.py: seeds attribution micro-F1 0.990, hedged F1 1.000;
# PolNeAR dev, first 12 articles, sentence cue F1 0.928 (all 84 dev articles: 0.887); WikiWeasel test,
# every 8th sentence, "hedged or vague" F1 0.597 (all 7,288 test sentences: 0.600)
FLOORS = {"seed_attribution_f1": 0.97, "seed_hedged_f1": 0.95, "polnear_dev12_cue_f1": 0.90,
          "wikiweasel_test8_f1": 0.58}


@pytest.fixture(scope="module")
def bench():
    if not (SHARED / "seeds" / "gold.json").exists():
        pytest.skip("../shared/seeds is not present on this machine")
    sys.path.insert(0, str(BENCH))
    import eval_labels

    return eval_labels


def _f1(counts) -> float:
    tp, fp, fn = counts
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def test_seed_figures_hold(bench):
    res = bench.seed_results()
    c = res["counts"]
    micro = tuple(sum(c[k][x] for k in ("on_record", "anonymous", "vague", "unattributed")) for x in ("tp", "fp", "fn"))
    assert res["matched"] == 36
    assert _f1(micro) >= FLOORS["seed_attribution_f1"]
    assert _f1((c["hedged"]["tp"], c["hedged"]["fp"], c["hedged"]["fn"])) >= FLOORS["seed_hedged_f1"]


def test_polnear_dev_subset_cue_detection_holds(bench):
    if not (SHARED / "data" / "polnear" / "dev").exists():
        pytest.skip("../shared/data/polnear is not present on this machine")
    import labels_data

    counts = bench.polnear_counts(labels_data.polnear("dev", 12))["cue"]
    assert _f1((counts["tp"], counts["fp"], counts["fn"])) >= FLOORS["polnear_dev12_cue_f1"]


def test_wikiweasel_subset_holds(bench):
    if not (SHARED / "data" / "wikiweasel" / "test.csv").exists():
        pytest.skip("../shared/data/wikiweasel is not present on this machine")
    import labels_data

    rows = labels_data.wikiweasel("test")[::8]  # the file is sorted by label: take every 8th row
    preds = bench.wikiweasel_predictions(rows)
    tp = sum(p and y for p, (_, y) in zip(preds, rows))
    fp = sum(p and not y for p, (_, y) in zip(preds, rows))
    fn = sum(y and not p for p, (_, y) in zip(preds, rows))
    assert _f1((tp, fp, fn)) >= FLOORS["wikiweasel_test8_f1"]
