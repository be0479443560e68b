"""How well the checks find what a reader needs: seeds, the storm example, data-driven cases.

    PYTHONPATH=src python bench/eval_checks.py

Prints each figure beside its reference. Progress on stderr.
"""

from __future__ import annotations

import glob
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import storyrun  # noqa: E402

from newstrace import ingest, normalize  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
CASES = ROOT / "tests" / "cases" / "checks"
EXAMPLE = ROOT / "examples" / "storm"


def log(*args) -> None:
    print(*args, file=sys.stderr, flush=True)


TWO_SIDED = ("contradiction", "quote_altered")  # either side of the disagreement may carry the flag


def _covers(span, text: str) -> bool:
    return bool(span) and bool(span.text) and (text in span.text or span.text in text)


def hit(flags, kind: str, text: str) -> bool:
    return any(f.kind == kind and (_covers(f.span, text) or kind in TWO_SIDED and _covers(f.other, text))
               for f in flags)


def cases() -> None:
    everything = sorted(CASES.glob("*.json"))
    blind = [p for p in everything if json.loads(p.read_text(encoding="utf-8")).get("blind")]
    _score(everything, "all cases")
    _score(blind, "blind cases (written before the checks were tuned on them)")


def _score(paths, name: str) -> None:
    tp = fp = fn = 0
    other_ok = other_n = 0
    for path in paths:
        case = json.loads(path.read_text(encoding="utf-8"))
        _, _, flags = storyrun.analyse(case["versions"])
        expected = case.get("expect", [])
        want = [e for e in expected if e["kind"] == "contradiction"]
        got = [f for f in flags if f.kind == "contradiction"]
        found = [e for e in want if hit(got, "contradiction", e["text"])]
        tp += len(found)
        fn += len(want) - len(found)
        fp += sum(1 for f in got if not any(hit([f], "contradiction", e["text"]) for e in want))
        for e in expected:
            if e["kind"] != "contradiction":
                other_n += 1
                other_ok += hit(flags, e["kind"], e["text"])
        for kind in case.get("absent", []):
            if kind != "contradiction":
                other_n += 1
                other_ok += not any(f.kind == kind for f in flags)
        bad = [e for e in expected if not hit(flags, e["kind"], e["text"])]
        bad += [k for k in case.get("absent", []) if any(f.kind == k for f in flags)]
        if bad:
            log(f"  {path.name}: missed or wrong {bad}; flags {[(f.kind, f.span.text) for f in flags]}")
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    print(f"{name}: contradiction precision {p:.2f} ({tp}/{tp + fp})  recall {r:.2f} ({tp}/{tp + fn})   "
          "(goal: precision first, 1.00)")
    print(f"{name}: other checks (drift, alteration, provenance, uncorroborated, headline) {other_ok}/{other_n} right")


def read(paths: list[str]):
    batch = ingest.read(paths)
    return [normalize.article(d) for d in batch.drafts]


def seeds() -> None:
    gold_path = SHARED / "seeds" / "gold.json"
    if not gold_path.exists():
        print("seeds: ../shared/seeds not found, skipped")
        return
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    docs = [str(SHARED / "seeds" / d) for d in gold["story"]["docs"]]
    arts = read(docs)
    versions = [{"title": a.title, "body": a.body, "outlet": Path(d).name} for a, d in zip(arts, docs)]
    _, found, flags = storyrun.analyse(versions)
    want = gold["flags"]
    ok = sum(hit(flags, f["kind"], f["text"]) for f in want)
    print(f"seeds: gold flags raised {ok}/{len(want)}   (goal {len(want)}/{len(want)})")
    lone = gold["single_version_quotes"]
    ok = sum(hit(flags, "single_version_quote", q["text"].strip(" .,")) for q in lone)
    print(f"seeds: single-version quotes raised {ok}/{len(lone)}   (goal {len(lone)}/{len(lone)})")
    merged = sum(_merged(found, e) for e in gold["entities"])
    print(f"seeds: entities with every alias merged {merged}/{len(gold['entities'])}   (goal {len(gold['entities'])})")
    core = [c["text"] for c in gold["core_quotes"]]
    on_core = [f for f in flags if f.kind in ("single_version_quote", "quote_altered")
               and any(c in f.span.text or f.span.text.strip(" ,.") in c for c in core)]
    print(f"seeds: flags on a core quote {len(on_core)}   (goal 0)")
    extra = [f for f in flags if f.kind not in ("single_version_quote", "anonymous_source", "vague_source")
             and not any(hit([f], g["kind"], g["text"]) for g in want)]
    print(f"seeds: other flags raised beyond gold {len(extra)}   (not in gold; read them: {[(f.kind, f.span.text[:40]) for f in extra]})")


def _merged(found, gold_entity) -> bool:
    names = set(gold_entity["mentions"]) | {gold_entity["canonical"]}
    for e in found:
        texts = {m.text for m in e.mentions}
        if e.canonical == gold_entity["canonical"]:
            return set(gold_entity["mentions"]) <= texts
    return False


def storm() -> None:
    example = EXAMPLE if EXAMPLE.exists() else Path("/work/main/examples/storm")
    arts = read(sorted(glob.glob(str(example / "*"))))
    _, _, flags = storyrun.analyse([{"title": a.title, "body": a.body, "outlet": a.outlet or Path(a.source).name} for a in arts])
    expected = [("contradiction", "83,000"), ("contradiction", "22"), ("contradiction", "next week"),
                ("attribution_drift", "38,000 households")]
    ok = [e for e in expected if hit(flags, *e)]
    print(f"storm example: expected flags raised {len(ok)}/{len(expected)} "
          f"(38,000 vs 83,000; 14 vs 22 crews; Thursday evening vs next week; attributed vs asserted)")
    for f in flags:
        if f.kind not in ("anonymous_source", "vague_source"):
            log(f"  storm {f.kind}: {f.span.text[:60]!r} | {f.why}")


if __name__ == "__main__":
    cases()
    seeds()
    storm()
