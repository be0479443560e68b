"""The hedge model (`newstrace.hedge_model`): its shipped weights, and the rules standing alone without them."""

from __future__ import annotations

import json
from importlib import resources

from newstrace import hedge_model, hedges, nlp


def _hedges(text: str) -> tuple[str, ...]:
    span = nlp.parse([text])[0][:]
    return hedges.find(span, set())


def test_shipped_model_is_weights_and_threshold_only():
    path = resources.files("newstrace").joinpath("knowledge", "hedge_model.json")
    model = json.loads(path.read_text(encoding="utf-8"))
    assert set(model) == {"source", "C", "threshold", "weights"}
    assert 0.0 < model["threshold"] < 1.0
    assert all(isinstance(w, float) for w in model["weights"].values())
    assert len(model["weights"]) < 2000  # small: named features, no text


def test_rules_stand_alone_without_a_model(monkeypatch):
    monkeypatch.setattr(hedge_model, "_model", lambda: None)
    assert _hedges("Visitors may park on the east side.") == ("may",)  # the rules' verdict
    assert _hedges("Most experts agree the bridge was unsafe.") == ()  # a candidate the rules never flag


def test_model_weighs_generic_modals_but_not_specific_ones():
    assert _hedges("Visitors may park on the east side.") == ()
    assert _hedges("The minister may resign before the vote.") == ("may",)
    assert _hedges("Visitors may have parked on the east side.") == ("may",)  # a guess about the past


def test_candidates_leave_counted_quantities_alone():
    assert _hedges("Most of the 300 passengers were rescued.") == ()
    assert _hedges("The limited access most observers have to the site.") == ()
