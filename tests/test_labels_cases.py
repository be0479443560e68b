"""Data-driven cases for the sentence labeller: one JSON file per case in tests/cases/labels/.

Each case has a `description`, an article (`text`, optional `title`; paragraphs separated by a blank
line) written for the test, and `expect`: a list of checks on the sentence that contains `sentence`
(or on the headline when `headline` is true):
- `attribution`: the exact set of kinds;
- `sources`: each listed source is found (same kind; `name` and `cue` contained, case-insensitive);
- `no_sources`: true when the sentence must name no source at all;
- `hedges`: the exact set of hedge cues (lower-cased); `quotes`: each listed quote is found (its text
  contains `text`; `speaker` contained in ours, or null for none; same `speaker_kind`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace import attribution, normalize, segment
from newstrace.types import Draft

CASES = sorted((Path(__file__).parent / "cases" / "labels").glob("*.json"))


def _labelled(case: dict):
    art = normalize.article(Draft(source="case", title=case.get("title"), body=case["text"]))
    sents = segment.sentences(art)
    return sents, attribution.label(art, sents)


def _find(sents, labels, check: dict):
    for sent, lab in zip(sents, labels):
        if check.get("headline") and sent.headline or not check.get("headline") and not sent.headline and (
                check["sentence"] in sent.text):
            return sent, lab
    raise AssertionError(f"no sentence contains {check.get('sentence')!r}: {[s.text for s in sents]}")


def _source_found(want: dict, sources) -> bool:
    return any(s.kind == want["kind"]
               and want.get("name", "").lower() in (s.name or "").lower()
               and want.get("cue", "").lower() in (s.cue or "").lower() for s in sources)


def _quote_found(want: dict, quotes) -> bool:
    for q in quotes:
        speaker_ok = q.speaker is None if want.get("speaker", "") is None else (
            want.get("speaker", "").lower() in (q.speaker or "").lower())
        if want["text"] in q.text and speaker_ok and q.speaker_kind == want.get("speaker_kind", q.speaker_kind):
            return True
    return False


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path):
    case = json.loads(path.read_text(encoding="utf-8"))
    sents, labels = _labelled(case)
    for check in case["expect"]:
        sent, lab = _find(sents, labels, check)
        where = f"{case['description']}\n  sentence: {sent.text!r}\n  got: {lab}"
        if "attribution" in check:
            assert set(lab.attribution) == set(check["attribution"]), where
        for want in check.get("sources", []):
            assert _source_found(want, lab.sources), f"source {want} missing; {where}"
        if check.get("no_sources"):
            assert not lab.sources, where
        if "hedges" in check:
            assert {h.lower() for h in lab.hedges} == set(check["hedges"]), where
        for want in check.get("quotes", []):
            assert _quote_found(want, lab.quotes), f"quote {want} missing; {where}"


def test_there_are_cases_for_every_pattern():
    assert len(CASES) >= 30
