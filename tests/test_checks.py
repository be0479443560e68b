"""Unit behaviour of the checks' building blocks, and the seeds end to end."""

from __future__ import annotations

import json

import numpy as np
import pytest
from support import SEEDS, need_shared
from test_checks_cases import analyse, raised

from newstrace import details, entities, normalize, stance
from newstrace.types import Draft, Sentence


def _details(text: str):
    a = normalize.article(Draft(source="t", body=text, title="T"))
    return details.of(a, Sentence(a.id, 1, 0, len(a.body), a.body))


@pytest.mark.parametrize("a,b,field", [
    ("Thursday evening", "next week", "day"),
    ("12 May", "19 May", "day"),
    ("2015", "2009", "year"),
    ("9 p.m.", "11 p.m.", "clock"),
    ("March 2020", "2020", None),
    ("Thursday", "Thursday evening", None),
    ("Tuesday night", "Tuesday", None),
    ("next month", "next month", None),
])
def test_time_conflicts(a, b, field):
    assert details.times_conflict(details.time_value(a), details.time_value(b)) == field


def test_numbers_carry_unit_bounds_and_counted_phrase():
    found = {d.text: d for d in _details("About 38,000 households lost power and 14 repair crews "
                                        "were sent, while more than 200 people were evacuated.") if d.kind == "number"}
    households = next(d for t, d in found.items() if "38,000" in t)
    assert households.role == ("household", "count") and households.value[0] < 38000 < households.value[1]
    crews = found["14"]
    assert crews.value == (14, 14) and crews.context == ("repair", "crew")
    people = next(d for t, d in found.items() if "200" in t)
    assert people.value == (200, float("inf"))


def test_referential_numbers_are_not_claims():
    nations = [d for d in _details("The deal binds the two nations.") if d.kind == "number"]
    assert nations and nations[0].referential


def test_exported_trees_reproduce_scikit_learn():
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 4))
    y = np.where(x[:, 0] + x[:, 1] > 0.5, "a", np.where(x[:, 2] > 0, "b", "c"))
    clf = HistGradientBoostingClassifier(max_iter=20, random_state=0).fit(x, y)
    raw = stance.Trees.export(clf).raw(x)
    p = np.exp(raw - raw.max(axis=1, keepdims=True))
    assert np.allclose(p / p.sum(axis=1, keepdims=True), clf.predict_proba(x), atol=1e-6)


def test_shipped_stance_model_tells_related_from_unrelated():
    body = ("A small meteorite crashed into a wooded area near the capital overnight, the government said. "
            "Residents reported hearing a loud boom. Scientists said the crater was 12 metres wide.")
    related, unrelated = stance.predict([("Meteorite crashes near capital, leaving crater", body),
                                         ("Pop star cancels world tour after record label dispute", body)])
    assert related["unrelated"] < 0.5 < unrelated["unrelated"]
    assert abs(sum(related.values()) - 1.0) < 1e-6


def test_seeds_raise_gold_flags_merge_entities_and_spare_core_quotes():
    gold = json.loads((need_shared() / "gold.json").read_text(encoding="utf-8"))
    texts = [(SEEDS / d).read_text(encoding="utf-8").split("\n", 1) for d in gold["story"]["docs"]]
    versions = [{"title": t.strip(), "body": b.strip()} for t, b in texts]
    flags = analyse(versions)
    for f in gold["flags"]:
        assert raised(flags, f["kind"], f["text"]), f
    for q in gold["single_version_quotes"]:
        assert raised(flags, "single_version_quote", q["text"].strip(" .,")), q
    core = [c["text"] for c in gold["core_quotes"]]
    assert not [f for f in flags if f.kind == "single_version_quote" and any(c in f.span.text for c in core)]
    arts = [normalize.article(Draft(source=f"v{k}", body=v["body"], title=v["title"])) for k, v in enumerate(versions)]
    found = {e.canonical: {m.text for m in e.mentions} for e in entities.resolve(arts)}
    for e in gold["entities"]:
        assert set(e["mentions"]) <= found.get(e["canonical"], set()), e
