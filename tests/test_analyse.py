"""Stories analysed on worker processes give the same report as one process, and stored labels are reused."""

from __future__ import annotations

from pathlib import Path

from newstrace import analyse, pipeline
from newstrace.settings import DEFAULT
from newstrace.store import Store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _report(tmp_path: Path, name: str, jobs: int) -> dict:
    with Store(str(tmp_path / name)) as store:
        return pipeline.analyze([str(EXAMPLES)], store, DEFAULT, jobs=jobs)


def test_two_processes_give_the_report_of_one(tmp_path, monkeypatch):
    monkeypatch.setattr(analyse, "MIN_PARALLEL", 0)  # the example is small: use the pool anyway
    one, two = _report(tmp_path, "one.db", 1), _report(tmp_path, "two.db", 2)
    assert len(one["stories"]) >= 2 and one == two


def test_labels_stored_by_a_run_are_not_computed_again(tmp_path, monkeypatch):
    first = _report(tmp_path, "d.db", 1)
    monkeypatch.setattr(analyse.attribution, "label", lambda *_: (_ for _ in ()).throw(AssertionError("labelled again")))
    with Store(str(tmp_path / "d.db")) as store:
        again = pipeline.report(store, None, DEFAULT)
    assert again["sentences"] == first["sentences"]
