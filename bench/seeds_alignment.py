"""The seed articles (../shared/seeds): one story, its core quotes, and the sentence `core` labels.

    PYTHONPATH=src python bench/seeds_alignment.py

Runs the whole pipeline on the two seeds in a temporary database and prints each figure beside the
goal: one story; every gold core quote found in the story's core list with its speaker and `via`;
F1 of the per-sentence `core` flag against gold (sentences matched by exact text).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from _common import SHARED, need, row

from newstrace import pipeline, text_features
from newstrace.settings import DEFAULT
from newstrace.store import Store


def run() -> dict:
    seeds = need(SHARED / "seeds")
    paths = sorted(str(p) for p in seeds.glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "seeds.db") as store:
        return pipeline.analyze(paths, store, DEFAULT)


def core_quotes(report: dict, gold: dict) -> list[tuple[str, bool, bool, bool]]:
    """(gold quote, found in a core item, speaker right, via right) for each gold core quote."""
    items = [c for s in report["stories"] for c in s["core"]]
    out = []
    for q in gold["core_quotes"]:
        key = text_features.quote_key(q["text"])
        hits = [c for c in items if key in text_features.quote_key(c["text"]) or
                (c["kind"] == "quote" and text_features.quote_key(c["text"]) in key and c["text"])]
        out.append((q["text"], bool(hits), any(c.get("speaker") == q["speaker"] for c in hits),
                    any(c.get("via") == q["via"] for c in hits)))
    return out


def sentence_f1(report: dict, gold: dict) -> tuple[float, float, float, list[str]]:
    by_doc = {a["id"]: Path(a["source"]).name for a in report["articles"]}
    mine = {(by_doc[s["article"]], " ".join(s["text"].split())): s["core"] for s in report["sentences"]}
    tp = fp = fn = 0
    misses = []
    for g in gold["sentences"]:
        key = (g["doc"], " ".join(g["text"].split()))
        got = mine.get(key)
        if got is None:
            got = any(key[1] in k[1] or k[1] in key[1] for k, v in mine.items() if k[0] == g["doc"] and v)
        tp += got and g["core"]
        fp += got and not g["core"]
        fn += (not got) and g["core"]
        if bool(got) != g["core"]:
            misses.append(f"{'FP' if got else 'FN'} {g['doc'][:3]} {g['text'][:90]}")
    p, r = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0), misses


def main() -> None:
    gold = json.loads(need(SHARED / "seeds" / "gold.json").read_text())
    report = run()
    row("seeds: stories", str(len(report["stories"])), "goal 1")
    found = core_quotes(report, gold)
    row("seeds: gold core quotes in the core list", f"{sum(f[1] for f in found)}/{len(found)}", "goal 5/5")
    row("seeds: ... with speaker Vladimir Putin", f"{sum(f[2] for f in found)}/{len(found)}", "goal 5/5")
    row("seeds: ... via Korean Central News Agency", f"{sum(f[3] for f in found)}/{len(found)}", "goal 5/5")
    p, r, f, misses = sentence_f1(report, gold)
    row("seeds: sentence core P / R / F1", f"{p:.3f}/{r:.3f}/{f:.3f}", "goal F1 >= 0.85")
    for m in misses:
        print("  ", m, file=sys.stderr)
    for c in report["stories"][0]["core"][:12]:
        print("   core:", c["kind"], c.get("speaker"), c.get("via"), len(c["articles"]), c["text"][:70], file=sys.stderr)


if __name__ == "__main__":
    main()
