"""Small checks of the labeller's parts: quote marks, the learned-cue model, hedges in context."""

from __future__ import annotations

from newstrace import attribution, cues, normalize, quotes, segment
from newstrace.types import Draft


def _labels(text: str, title: str | None = None):
    art = normalize.article(Draft(source="unit", title=title, body=text))
    sents = segment.sentences(art)
    return sents, attribution.label(art, sents)


def test_apostrophes_open_no_quote():
    text = "Kim’s aides don't talk about the '90s, and ‘the plan’ stays secret."
    found = [text[q.start:q.end] for q in quotes.spans(text)]
    assert found == ["the plan"]


def test_curly_and_straight_double_marks():
    text = 'He said "we are ready" and “so are they”.'
    assert [text[q.start:q.end] for q in quotes.spans(text)] == ["we are ready", "so are they"]


def test_model_scores_a_clear_cue_above_a_plain_verb():
    _, labels = _labels("Senator Maria Lind wants a new bridge. The river flooded the town.")
    assert any(s.cue and "wants" in s.cue for s in labels[0].sources)
    assert labels[0].attribution == ("unattributed",)  # "X wants": a cue, but the writer's claim
    assert not labels[1].sources


def test_rules_stand_alone_without_the_model(monkeypatch):
    monkeypatch.setattr(cues, "_model", lambda: {"weights": {}, "threshold": 1.0})
    _, labels = _labels("Senator Maria Lind wants a new bridge. Lind said the plan was ready.")
    assert not labels[0].sources
    assert labels[1].attribution == ("on_record",)


def test_possible_hedges_only_as_a_predicate():
    _, labels = _labels("The highest possible score is 300. A delay is possible.")
    assert labels[0].hedges == ()
    assert labels[1].hedges == ("possible",)


def test_may_the_month_is_no_hedge():
    _, labels = _labels("The bridge opened in May.")
    assert labels[0].hedges == ()


def test_every_label_holds_known_kinds():
    _, labels = _labels("“We are ready,” Lind said. Critics say the plan is late. It rained.", title="Plan ready")
    for lab in labels:
        assert lab.attribution and set(lab.attribution) <= {"on_record", "anonymous", "vague", "unattributed"}
        assert all(s.kind in {"on_record", "anonymous", "vague", "unattributed"} for s in lab.sources)
