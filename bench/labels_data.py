"""Evaluation data for the sentence labeller, read from ../shared at run time (never copied here).

- seeds: the two seed articles and their hand labels (gold.json);
- PolNeAR: articles with Source/Cue spans; a sentence is positive when such a span lies in it;
- WikiWeasel: Wikipedia sentences labelled uncertain (weasel or hedge wording).
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path

from newstrace import ingest, normalize
from newstrace.types import Article

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
SEEDS = SHARED / "seeds"
POLNEAR = SHARED / "data" / "polnear"
WIKIWEASEL = SHARED / "data" / "wikiweasel"

_SPAN = re.compile(r"^T\d+\t(\w[\w-]*) ([\d; ]+)\t", re.M)


def seed_articles() -> dict[str, Article]:
    """The seed articles by file name (000_*.txt, 001_*.txt)."""
    found = {}
    for path in sorted(SEEDS.glob("0*.txt")):
        draft = ingest.read([str(path)]).drafts[0]
        found[path.name] = normalize.article(draft)
    return found


def seed_gold() -> list[dict]:
    return json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))["sentences"]


@dataclass(frozen=True)
class PolnearDoc:
    name: str
    text: str
    sources: tuple[tuple[int, int], ...]
    cues: tuple[tuple[int, int], ...]

    def article(self) -> Article:
        return Article(id=self.name, source=self.name, title=None, body=self.text)


def polnear(split: str, limit: int | None = None) -> list[PolnearDoc]:
    """One annotation file per article (the first in sorted order), as the data README advises."""
    docs = []
    for path in sorted((POLNEAR / split / "text").glob("*.txt"))[:limit]:
        anns = sorted((POLNEAR / split / "attributions").glob(path.stem + "_*.ann"))
        spans = _ann_spans(anns[0].read_text(encoding="utf-8")) if anns else {}
        docs.append(PolnearDoc(path.stem, path.read_text(encoding="utf-8"),
                               tuple(spans.get("Source", ())), tuple(spans.get("Cue", ()))))
    return docs


def _ann_spans(text: str) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    for kind, offsets in _SPAN.findall(text):
        for part in offsets.split(";"):
            start, end = part.split()
            spans.setdefault(kind, []).append((int(start), int(end)))
    return spans


def wikiweasel(split: str) -> list[tuple[str, int]]:
    """(sentence, 1 if uncertain) with the Penn-style brackets and quote marks put back."""
    with open(WIKIWEASEL / f"{split}.csv", encoding="utf-8", newline="") as handle:
        rows = [(r["text"].strip(), int(r["label"])) for r in csv.DictReader(handle)]
    return [(_untokenise(t), y) for t, y in rows if t]


def _untokenise(text: str) -> str:
    text = re.sub(r" (['’](?:s|re|ve|ll|d|m)|n't)\b", r"\1", text)
    text = text.replace("-LRB-", "(").replace("-RRB-", ")").replace("( ", "(").replace(" )", ")")
    text = text.replace("``", "“").replace("''", "”").replace("“ ", "“").replace(" ”", "”")
    return re.sub(r"` ?([^`]+?) ?'(?=\W|$)", r"‘\1’", text)
