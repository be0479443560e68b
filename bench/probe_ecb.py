"""Spot check on real retellings: run the checks on ECB+ events (several outlets' articles about one
event) and print every contradiction, quote alteration and drift for a person to judge.

    PYTHONPATH=src python bench/probe_ecb.py [--split dev] [--events 8]

ECB+ texts are one sentence per line with approximate detokenisation; the first line is used as the
title. Output: one line per flag with both spans, for manual precision judgement.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import storyrun  # noqa: E402

DOCS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "stories_ecbplus" / "docs.jsonl"
KINDS = ("contradiction", "quote_altered", "attribution_drift", "internal_inconsistency", "uncorroborated_claim",
         "headline_unsupported")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--split", default="dev")
    ap.add_argument("--events", type=int, default=8)
    ap.add_argument("--versions", type=int, default=6)
    args = ap.parse_args()
    events = collections.defaultdict(list)
    for line in DOCS.open(encoding="utf-8"):
        row = json.loads(line)
        if row["split"] == args.split:
            events[row["subtopic"]].append(row)
    counts = collections.Counter()
    for name in sorted(events)[: args.events]:
        rows = events[name][: args.versions]
        versions = [{"title": r["text"].split("\n", 1)[0], "body": r["text"].split("\n", 1)[1].replace("\n", "\n\n"),
                     "outlet": r["doc_id"]} for r in rows if "\n" in r["text"]]
        _, _, flags = storyrun.analyse(versions)
        for f in flags:
            if f.kind in KINDS:
                counts[f.kind] += 1
                other = f.other.text if f.other else ""
                print(f"{name} {f.kind}: {f.span.text!r} <> {other!r} | {f.why[:120]}")
        print(f"{name}: {len(versions)} versions, {sum(f.kind in KINDS for f in flags)} flags", file=sys.stderr)
    print("flags per kind:", dict(counts))


if __name__ == "__main__":
    main()
