"""What does not add up across the versions of a story: flags with the spans involved and a reason.

One function, `run`, calls each check in turn; each lives in a module named after what it finds:

    single_version_quote, anonymous_source, vague_source   here
    contradiction                                         contradiction.py
    uncorroborated_claim                                  uncorroborated.py
    attribution_drift                                     drift.py
    quote_altered                                         alteration.py
    headline_unsupported                                  headline.py (stance.py: the FNC-1 model)
    internal_inconsistency                                inconsistency.py
"""

from __future__ import annotations

from . import alteration, contradiction, drift, headline, inconsistency, uncorroborated
from .settings import DEFAULT, Settings
from .types import Article, Entity, Flag, Label, Sentence, Span, StoryAlignment
from .versions import Versions, is_pronoun


def run(articles: list[Article], sentences: dict[str, list[Sentence]], labels: dict[str, list[Label]],
        alignment: StoryAlignment, found: list[Entity] | None = None, settings: Settings = DEFAULT) -> list[Flag]:
    """Every flag of one story; `found` are its entities (people name quote speakers)."""
    v = Versions.of(articles, sentences, labels, alignment)
    people = {e.canonical for e in found or () if e.type == "person"}
    flags: list[Flag] = []
    if len(articles) > 1:
        flags += _single_version_quotes(alignment, v)
        flags += (conflicts := contradiction.find(v))
        skip = {(f.span.article, f.span.start) for f in conflicts} | {(f.span.article, f.span.text) for f in conflicts}
        flags += uncorroborated.find(v, skip, settings.uncorroborated_unattributed)
        flags += drift.find(v, settings)
        flags += alteration.find(v, people)
    flags += headline.find(v, settings)
    flags += inconsistency.find(v, settings.inconsistency_window)
    for a in articles:
        flags += _weak_sources(a, sentences[a.id], labels[a.id])
    return flags


def _single_version_quotes(alignment: StoryAlignment, v: Versions) -> list[Flag]:
    """Quotes carried by one version only; never a quote in a core sentence shared with others."""
    lone = {(art, start) for art, start, ids in alignment.quote_found_in if len(ids) == 1}
    flags = []
    for aid in sorted(v.articles):
        for key in v.keys(aid):
            for q in v.label(key).quotes:
                if (q.article, q.start) not in lone:
                    continue
                flags.append(Flag("single_version_quote", Span(q.article, q.start, q.end, q.text), _lone_why(q)))
    return flags


def _lone_why(q) -> str:
    if is_pronoun(q.speaker):
        return "a direct quote that no other version carries"
    if q.speaker and q.speaker_kind == "on_record":
        return f"a direct quote credited to {q.speaker} by name that no other version carries: ask where it comes from"
    if q.speaker:
        return f"a direct quote credited to {q.speaker} ({q.speaker_kind}) that no other version carries"
    return "a direct quote with no speaker that no other version carries"


def _weak_sources(article: Article, sentences: list[Sentence], labels: list[Label]) -> list[Flag]:
    flags = []
    for sent, lab in zip(sentences, labels):
        kinds = set(lab.attribution)
        if sent.headline or not kinds or kinds - {"anonymous", "vague"}:
            continue
        kind = "anonymous" if "anonymous" in kinds else "vague"
        names = ", ".join(s.name or s.cue or "?" for s in lab.sources if s.kind == kind)
        flags.append(Flag(f"{kind}_source", Span(article.id, sent.start, sent.end, sent.text),
                          f"the sentence stands only on {kind} sourcing ({names})"))
    return flags
