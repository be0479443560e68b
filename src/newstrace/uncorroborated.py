"""Specific details that one version adds and no other carries, on weak or no sourcing.

A detail is specific when a reader could check it: a date with a year, month, season or weekday, a
count of something, a place, a named unit ("the 11th Brigade"). It is uncorroborated when no other
version's text carries it, and the flag is raised when the sentence stands on anonymous or vague
sourcing ("in the summer of 2023", per "insiders"). Details the writer adds with no source at all
are flagged only when settings ask for it: in real retellings they are mostly background.

    uncorroborated.find(versions, skip) -> [Flag, ...]
"""

from __future__ import annotations

from . import entities, lexicon, text_features
from .details import WRITTEN_NUMBER, Detail, number_value
from .types import Flag
from .versions import Key, Versions, is_pronoun

WEAK = {"anonymous", "vague"}


def find(v: Versions, skip: set = frozenset(), writer_only: bool = False) -> list[Flag]:
    """`skip`: (article, start) and (article, text) of details already flagged as contradictions;
    `writer_only`: also flag details the writer states with no source at all."""
    if len(v.articles) < 2:
        return []
    flags = []
    for aid in sorted(v.articles):
        for key in v.keys(aid):
            sourcing = _sourcing(v, key, writer_only)
            if sourcing is None:
                continue
            for d in v.details(key):
                if d.kind in ("place", "name") and sourcing.startswith("stated by the writer"):
                    continue  # places the writer adds are mostly context ("north of the city")
                if _in_source(v, key, d):
                    continue  # "residents of Cobb told ...": the place says who speaks, it claims nothing
                if (aid, d.start) not in skip and (aid, d.text) not in skip and _checkable(d) and not _carried(v, aid, d):
                    flags.append(Flag("uncorroborated_claim", v.span(key, d.start, d.end),
                                      f"a {_what(d)} found in no other version, {sourcing}", v.span(key)))
    return flags


def _sourcing(v: Versions, key: Key, writer_only: bool) -> str | None:
    """How the sentence is sourced, when it is weak; None for headlines and on-record sentences."""
    sent, lab = v.sentence(key), v.label(key)
    kinds = set(lab.attribution)
    if sent.headline:
        return None
    weak = [s.name or s.cue for s in lab.sources if s.kind in WEAK and (s.name or s.cue) and not is_pronoun(s.name)]
    if kinds & WEAK:
        return "sourced to " + ", ".join(f"'{w}'" for w in dict.fromkeys(weak)) if weak else "on vague sourcing"
    if kinds == {"unattributed"} and writer_only:
        return "stated by the writer with no source"
    return None


def _in_source(v: Versions, key: Key, d: Detail) -> bool:
    return any(s.name and d.text in s.name for s in v.label(key).sources)


def _checkable(d: Detail) -> bool:
    if d.kind == "time":
        return bool(set(d.value) & {"year", "month", "weekday", "clock"})
    if d.kind == "number":
        return d.specific and not d.referential
    if d.kind == "place":
        return True
    return any(w in lexicon.words("named_units") for w in text_features.words(d.text))


def _what(d: Detail) -> str:
    return {"time": "date", "number": "figure", "place": "place"}.get(d.kind, "named unit")


def _carried(v: Versions, article: str, d: Detail) -> bool:
    others = [a for a in v.articles if a != article]
    if d.kind == "time":
        needed = [str(x) for k, x in d.value.items() if k in ("year", "month", "weekday", "season")]
        return any(all(n in _text_words(v, o) for n in needed) for o in others) if needed else True
    if d.kind == "number":
        return any(_has_number(v, o, d.value) for o in others)
    return any(_has_name(v, o, d.text) for o in others)


def _text_words(v: Versions, article: str) -> set[str]:
    a = v.articles[article]
    return set(text_features.words(f"{a.title or ''} {a.body}"))


def _has_number(v: Versions, article: str, bounds: tuple[float, float]) -> bool:
    a = v.articles[article]
    for m in WRITTEN_NUMBER.finditer(f"{a.title or ''} {a.body}"):
        value = number_value(m.group())
        if value is not None and bounds[0] <= value <= bounds[1]:
            return True
    return any(o.kind == "number" and o.value[0] <= bounds[1] and bounds[0] <= o.value[1]
               for o in v.article_details(article))


def _has_name(v: Versions, article: str, name: str) -> bool:
    a = v.articles[article]
    if entities.fold(name) in entities.fold(f"{a.title or ''} {a.body}"):
        return True
    return any(o.kind in ("place", "name") and entities.same_entity(o.text, name)
               for o in v.article_details(article))
