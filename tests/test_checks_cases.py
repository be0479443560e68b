"""Data-driven check cases: one JSON file per case in tests/cases/checks, with its expectation.

Each case holds two or three versions of a short story written for this test, the flags it must
raise (kind + a text the flag's span covers; for two-sided kinds either side) and the kinds it must
not raise at all.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace import align, attribution, checks, entities, normalize, segment
from newstrace.settings import DEFAULT
from newstrace.types import Draft, Story

CASES = sorted((Path(__file__).parent / "cases" / "checks").glob("*.json"))
TWO_SIDED = ("contradiction", "quote_altered")


def analyse(versions: list[dict]):
    arts = [normalize.article(Draft(source=f"v{k}", body=v["body"], title=v.get("title"), outlet=f"version {k + 1}"))
            for k, v in enumerate(versions)]
    sentences = {a.id: segment.sentences(a) for a in arts}
    labels = {a.id: attribution.label(a, sentences[a.id]) for a in arts}
    found = entities.resolve(arts)
    al = align.story(Story("case", tuple(a.id for a in arts)), arts, sentences, labels, None, DEFAULT)
    return checks.run(arts, sentences, labels, al, found, DEFAULT)


def covers(span, text: str) -> bool:
    return span is not None and bool(span.text) and (text in span.text or span.text in text)


def raised(flags, kind: str, text: str) -> bool:
    return any(f.kind == kind and (covers(f.span, text) or kind in TWO_SIDED and covers(f.other, text)) for f in flags)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path):
    case = json.loads(path.read_text(encoding="utf-8"))
    flags = analyse(case["versions"])
    seen = [(f.kind, f.span.text) for f in flags]
    for want in case.get("expect", []):
        assert raised(flags, want["kind"], want["text"]), f"{case['description']}: missing {want}; got {seen}"
    for kind in case.get("absent", []):
        assert not any(f.kind == kind for f in flags), f"{case['description']}: unexpected {kind}; got {seen}"
    for f in flags:
        assert f.why and f.span.text, "every flag carries a span and a reason"


def test_there_are_cases_of_every_kind():
    kinds = {w["kind"] for p in CASES for w in json.loads(p.read_text()).get("expect", [])}
    assert {"contradiction", "attribution_drift", "quote_altered", "internal_inconsistency",
            "uncorroborated_claim", "headline_unsupported"} <= kinds
