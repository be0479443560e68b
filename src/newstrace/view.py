"""The report as plain data, built once: the terminal, JSON and HTML views all render this dict.

Its shape is the contract in `report.schema.json` (newstrace.report/1), with a few extra keys.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from . import codec
from .types import LABELS, Article, Entity, Flag, Label, Sentence, Skipped, Story, StoryAlignment

SCHEMA = "newstrace.report/1"


@dataclass
class Analysis:
    """Everything the pipeline computed, keyed by article id or story id."""

    articles: list[Article]
    sentences: dict[str, list[Sentence]]
    labels: dict[str, list[Label]]
    stories: list[Story]
    alignments: dict[str, StoryAlignment] = field(default_factory=dict)
    entities: dict[str, list[Entity]] = field(default_factory=dict)
    flags: dict[str, list[Flag]] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)


def build(analysis: Analysis) -> dict:
    story_of = {a: s.id for s in analysis.stories for a in s.articles}
    core = {key for al in analysis.alignments.values() for key in al.core_sentences}
    links: dict[tuple[str, int], list] = {}
    for al in analysis.alignments.values():
        for link in al.links:
            links.setdefault((link.article, link.index), []).append(link)
    return {
        "schema": SCHEMA,
        "articles": [_article(a, analysis, story_of.get(a.id), core) for a in analysis.articles],
        "stories": [_story(s, analysis) for s in analysis.stories],
        "sentences": [_sentence(s, lab, links.get((s.article, s.index), []), core) for a in analysis.articles
                      for s, lab in zip(analysis.sentences[a.id], analysis.labels[a.id])],
        "quotes": _quotes(analysis),
        "entities": [dict(codec.dump(e), story=sid) for sid, es in analysis.entities.items() for e in es],
        "flags": [_flag(f, sid) for sid, fs in analysis.flags.items() for f in fs],
        "skipped": [codec.dump(s) for s in analysis.skipped],
    }


def _article(a: Article, analysis: Analysis, story: str | None, core: set) -> dict:
    body = [(s, lab) for s, lab in zip(analysis.sentences[a.id], analysis.labels[a.id]) if not s.headline]
    sourcing = Counter({k: 0 for k in LABELS})
    for _, lab in body:
        sourcing.update(set(lab.attribution))
    added = [lab for s, lab in body if (s.article, s.index) not in core]
    padding = len(added) / len(body) if body else 0.0
    adds = Counter(_main_kind(lab) for lab in added)
    return {
        "id": a.id, "source": a.source, "title": a.title, "outlet": a.outlet, "published": a.published,
        "language": a.language, "url": a.url, "story": story, "sourcing": dict(sourcing),
        "padding_ratio": round(padding, 3), "sentence_count": len(body),
        "adds": {"sentences": len(added), **{k: adds.get(k, 0) for k in LABELS}},
    }


def _main_kind(lab: Label) -> str:
    """The weakest authority a sentence stands on, for the "what each version adds" summary."""
    for kind in ("unattributed", "vague", "anonymous", "on_record"):
        if kind in lab.attribution:
            return kind
    return "unattributed"


def _story(s: Story, analysis: Analysis) -> dict:
    alignment = analysis.alignments.get(s.id)
    return {
        "id": s.id,
        "articles": list(s.articles),
        "core": [codec.dump(c) for c in alignment.core] if alignment else [],
        "merges": [codec.dump(m) for m in s.merges],
    }


def _sentence(s: Sentence, lab: Label, links: list, core: set) -> dict:
    return {
        "article": s.article, "index": s.index, "start": s.start, "end": s.end, "text": s.text,
        "headline": s.headline, "paragraph": s.paragraph, "continues": s.continues,
        "attribution": list(lab.attribution),
        "sources": [codec.dump(src) for src in lab.sources],
        "hedges": list(lab.hedges),
        "core": (s.article, s.index) in core,
        "aligned": [{"article": l.other, "index": l.other_index, "similarity": l.similarity} for l in links],
    }


def _quotes(analysis: Analysis) -> list[dict]:
    found_in = {(a, start): list(ids) for al in analysis.alignments.values() for a, start, ids in al.quote_found_in}
    out = []
    for a in analysis.articles:
        for lab in analysis.labels[a.id]:
            for q in lab.quotes:
                out.append({
                    "article": q.article, "sentence": q.sentence, "start": q.start, "end": q.end,
                    "text": q.text, "speaker": q.speaker, "speaker_kind": q.speaker_kind,
                    "found_in": found_in.get((q.article, q.start), [q.article]),
                })
    return out


def _flag(f: Flag, story: str) -> dict:
    return {
        **codec.dump(f.span), "kind": f.kind, "why": f.why, "story": story,
        "other": codec.dump(f.other) if f.other else None,
    }
