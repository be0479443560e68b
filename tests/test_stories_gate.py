"""Quality gates on public data (skipped when ../shared is absent): floors only go up."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


def _bench(name: str):
    sys.path.insert(0, str(ROOT / "bench"))
    return __import__(name)


@pytest.mark.skipif(not (SHARED / "data" / "stories_ecbplus").exists(), reason="needs ../shared/data")
def test_ecbplus_test_split_event_grouping_floor():
    from sklearn.metrics import adjusted_rand_score

    from newstrace import stories
    from newstrace.settings import DEFAULT
    from newstrace.types import Article

    common = _bench("_common")
    docs = [json.loads(line) for line in (SHARED / "data" / "stories_ecbplus" / "docs.jsonl").open()]
    docs = [d for d in docs if d["split"] == "test" and d["in_coref_sentence_index"]]
    found = stories.group([Article(d["doc_id"], d["doc_id"], None, d["text"]) for d in docs], DEFAULT)
    label = {a: s.id for s in found for a in s.articles}
    gold, pred = [d["subtopic"] for d in docs], [label[d["doc_id"]] for d in docs]
    assert adjusted_rand_score(gold, pred) >= 0.85
    assert common.b_cubed(gold, pred)[2] >= 0.90


@pytest.mark.skipif(not (SHARED / "seeds" / "gold.json").exists(), reason="needs ../shared/seeds")
def test_seeds_one_story_core_quotes_and_sentence_core_floor():
    seeds = _bench("seeds_alignment")
    gold = json.loads((SHARED / "seeds" / "gold.json").read_text())
    report = seeds.run()
    assert len(report["stories"]) == 1
    found = seeds.core_quotes(report, gold)
    assert all(hit and speaker and via for _, hit, speaker, via in found), found
    assert seeds.sentence_f1(report, gold)[2] >= 0.85
