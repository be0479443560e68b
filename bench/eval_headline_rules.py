"""How often the headline rules fire on FNC-1 test pairs whose body agrees with the headline (false
alarms) and on pairs whose body is another story's (recall on unsupported headlines).

    PYTHONPATH=src python bench/eval_headline_rules.py [--pairs 1500]
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fnc  # noqa: E402

from newstrace import headline, normalize, segment  # noqa: E402
from newstrace.settings import DEFAULT  # noqa: E402
from newstrace.types import Draft, StoryAlignment  # noqa: E402
from newstrace.versions import Versions  # noqa: E402


def fires(title: str, body: str) -> list[str]:
    a = normalize.article(Draft(source="fnc", body=body, title=title))
    sents = {a.id: segment.sentences(a)}
    v = Versions.of([a], sents, {a.id: [None] * len(sents[a.id])}, StoryAlignment("x", (), ()))
    return [f.why.split(" (")[0][:30] for f in headline.find(v, DEFAULT)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pairs", type=int, default=1500)
    ap.add_argument("--split", default="competition_test", choices=["train", "competition_test"])
    args = ap.parse_args()
    pairs, gold, _ = fnc.read(args.split)
    rng = random.Random(0)
    for label in ("agree", "unrelated"):
        chosen = rng.sample([p for p, g in zip(pairs, gold) if g == label], args.pairs)
        hit = sum(1 for h, b in chosen if fires(h, b))
        print(f"headline rules fire on {hit}/{len(chosen)} = {100 * hit / len(chosen):.1f}% of FNC-1 {args.split} "
              f"'{label}' pairs"
              + ("   (false alarms: lower is better)" if label == "agree" else "   (recall: higher is better)"))


if __name__ == "__main__":
    main()
