"""Versions that disagree: the same slot filled with incompatible values in aligned statements.

A slot is a number counting the same thing (38,000 vs 83,000 households), a time hanging on the same
verb and preposition (reconnected by Thursday evening vs by next week), or a place or name in the
same role. Precision first: a value the other version also carries anywhere is not a conflict, and
numbers whose sentences speak of different outcomes (killed vs injured) are never compared. The flag
goes on the version whose value fewer versions carry.

    contradiction.find(versions) -> [Flag, ...]
"""

from __future__ import annotations

import functools

from . import entities, lexicon, text_features
from .details import Detail, is_date_line, times_conflict
from .types import Flag
from .versions import Key, Versions

# When a version says something is a matter of reporting, not of the event: "said on Monday".
SAYING = {"say", "tell", "add", "state", "report", "announce", "write", "note", "confirm", "according", "accord"}
NAME_RELATIONS = {"nsubj", "nsubjpass", "dobj", "in", "at", "from", "to", "near", "into"}


@functools.lru_cache(maxsize=1)
def outcome_groups() -> dict[str, str]:
    groups = {}
    for group, words in (row[:2] for row in lexicon.rows("outcomes")):
        groups.update({w: group for w in words.split()})
    return groups


def find(v: Versions) -> list[Flag]:
    conflicts = []
    for a, b in _candidate_pairs(v):
        if not (is_date_line(v.sentence(a).text) or is_date_line(v.sentence(b).text)):
            conflicts += _conflicts(v, a, b)
    flags, seen = [], set()
    for weak, strong, why in sorted(conflicts, key=lambda c: (c[0][0], c[0][1].start)):
        key = (weak[0][0], weak[1].start)
        if key in seen:
            continue
        seen.add(key)
        flags.append(Flag("contradiction", v.span(weak[0], weak[1].start, weak[1].end), why,
                          v.span(strong[0], strong[1].start, strong[1].end)))
    return flags


def _candidate_pairs(v: Versions) -> list[tuple[Key, Key]]:
    """Aligned sentences, plus sentences of two versions that count the same modified noun or that
    put a time, place or name on the same verb and share two content words."""
    pairs = set(v.linked_pairs())
    ids = sorted(v.articles)
    for i, x in enumerate(ids):
        for y in ids[i + 1 :]:
            for ka in v.keys(x):
                for kb in v.keys(y):
                    if v.sentence(ka).headline == v.sentence(kb).headline and (
                            _same_counted_phrase(v, ka, kb) or _same_event(v, ka, kb)):
                        pairs.add((ka, kb))
    return sorted(pairs)


def _same_counted_phrase(v: Versions, ka: Key, kb: Key) -> bool:
    """Both count the same modified noun ("38,000 households") and share the statement around it."""
    phrases = {d.context for d in v.details(ka) if d.kind == "number" and len(d.context) >= 2}
    return any(d.kind == "number" and d.context in phrases for d in v.details(kb)) and _shared_words(v, ka, kb) >= 3


def _shared_words(v: Versions, ka: Key, kb: Key) -> int:
    return len(set(text_features.content_words(v.sentence(ka).text)) & set(text_features.content_words(v.sentence(kb).text)))


LIGHT_VERBS = {"be", "have", "do", "make", "take", "get", "go", "come"}


def _same_event(v: Versions, ka: Key, kb: Key) -> bool:
    roles = {d.role for d in v.details(ka) if d.kind != "number" and d.role[0] not in LIGHT_VERBS}
    if not any(d.kind != "number" and d.role in roles for d in v.details(kb)):
        return False
    return _shared_words(v, ka, kb) >= 2


def _conflicts(v: Versions, ka: Key, kb: Key) -> list:
    out = []
    for da in v.details(ka):
        for db in v.details(kb):
            why = _disagree(v, ka, da, kb, db)
            if why:
                out.append(_orient(v, (ka, da), (kb, db), why))
    return out


def _disagree(v: Versions, ka: Key, da: Detail, kb: Key, db: Detail) -> str | None:
    if da.kind != db.kind or not (da.specific and db.specific) or da.role != db.role or _other_speakers(v, ka, kb):
        return None
    if da.kind == "number":
        return _numbers(v, ka, da, kb, db)
    if da.kind == "time":
        return _times(v, ka, da, kb, db)
    return _names(v, ka, da, kb, db)


def _other_speakers(v: Versions, ka: Key, kb: Key) -> bool:
    """Both sentences give the words of a named person, and not of the same one: two analysts in two
    cities say two things, they do not disagree."""
    na = [s.name for s in v.label(ka).sources if s.kind == "on_record" and s.name]
    nb = [s.name for s in v.label(kb).sources if s.kind == "on_record" and s.name]
    return bool(na and nb) and not any(entities.same_entity(x, y) for x in na for y in nb)


def _numbers(v: Versions, ka: Key, da: Detail, kb: Key, db: Detail) -> str | None:
    if _overlap(da.value, db.value) or _outcomes_differ(v, ka, kb) or da.projected != db.projected:
        return None
    if _ambiguous(v, ka, da) or _ambiguous(v, kb, db):
        return None
    if _carries_number(v, kb[0], da) or _carries_number(v, ka[0], db) or not _same_participants(v, ka, kb):
        return None
    return f"both count {da.role[0]}"


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _ambiguous(v: Versions, key: Key, d: Detail) -> bool:
    """The sentence gives two different counts of the same thing: which one matches is unclear."""
    return any(o.kind == "number" and o.role == d.role and not _overlap(o.value, d.value) for o in v.details(key))


def _carries_number(v: Versions, article: str, d: Detail) -> bool:
    return any(o.kind == "number" and o.role == d.role and _overlap(o.value, d.value)
               for o in v.article_details(article))


def _outcomes_differ(v: Versions, ka: Key, kb: Key) -> bool:
    table = outcome_groups()
    ga = {table[w] for w in text_features.words(v.sentence(ka).text) if w in table}
    gb = {table[w] for w in text_features.words(v.sentence(kb).text) if w in table}
    return bool(ga or gb) and ga != gb


def _times(v: Versions, ka: Key, da: Detail, kb: Key, db: Detail) -> str | None:
    if da.role[0] in SAYING or da.role[1] in ("nsubj", "nsubjpass", "compound", "npadvmod"):
        return None
    field = times_conflict(da.value, db.value)
    if field is None or _carries_time(v, kb[0], da) or _carries_time(v, ka[0], db):
        return None
    if _several_times(v, ka, field) or _several_times(v, kb, field) or not _same_participants(v, ka, kb):
        return None
    return f"a different {field} for the same event"


def _several_times(v: Versions, key: Key, field: str) -> bool:
    """The sentence gives several values (hosted in 2001 and 2005): a recurring event, not one date."""
    return len({str(d.value.get(field)) for d in v.details(key) if d.kind == "time" and field in d.value}) > 1


def _same_participants(v: Versions, ka: Key, kb: Key, apart: tuple[Detail, ...] = ()) -> bool:
    """When both sentences name who or what took part, they must share one (Emmys vs Academy Awards;
    Clark's 25 points vs Ford's 2,290). Names in `apart` (the two that disagree) do not count."""
    na = [d.text for d in v.details(ka) if d.kind in ("name", "place") and d not in apart]
    nb = [d.text for d in v.details(kb) if d.kind in ("name", "place") and d not in apart]
    if apart and not (na and nb):
        return False  # a name against a name, and nothing else named to show it is the same event
    return not (na and nb) or any(entities.same_entity(x, y) or _shares_name_word(x, y) for x in na for y in nb)


def _carries_time(v: Versions, article: str, d: Detail) -> bool:
    return any(o.kind == "time" and o.role == d.role and times_conflict(o.value, d.value) is None
               for o in v.article_details(article))


def _names(v: Versions, ka: Key, da: Detail, kb: Key, db: Detail) -> str | None:
    if da.role[1] not in NAME_RELATIONS or da.role[0] in SAYING or da.role[0] == "be":
        return None
    if entities.same_entity(da.text, db.text) or _shares_name_word(da.text, db.text):
        return None
    if _is_source(v, ka, da.text) or _is_source(v, kb, db.text):
        return None
    if _carries_name(v, kb[0], da) or _carries_name(v, ka[0], db):
        return None
    if not v.linked(ka, kb) and not _same_participants(v, ka, kb, (da, db)):
        return None  # two sentences on one topic that the alignment did not pair: other people, other facts
    return f"a different {da.kind} in the same role"


def _shares_name_word(a: str, b: str) -> bool:
    """'Mount Cook National Park' and 'Aoraki Mount Cook' share a capitalised word: likely one place."""
    wa = {w for w in a.split() if w[:1].isupper() and len(w) > 2}
    return bool(wa & {w for w in b.split() if w[:1].isupper() and len(w) > 2})


def _is_source(v: Versions, key: Key, name: str) -> bool:
    """A name that is the sentence's source speaks about the event; it does not fill a role in it."""
    return any(s.name and entities.same_entity(s.name, name) for s in v.label(key).sources)


def _carries_name(v: Versions, article: str, d: Detail) -> bool:
    return any(o.kind in ("place", "name") and entities.same_entity(o.text, d.text)
               for o in v.article_details(article))


def _support(v: Versions, d: Detail) -> int:
    """How many versions carry this value for this slot."""
    check = {"number": _carries_number, "time": _carries_time}.get(d.kind, _carries_name)
    return sum(1 for a in v.articles if check(v, a, d))


def _orient(v: Versions, left, right, what: str):
    """(weaker side, stronger side, why): the flag goes where fewer versions carry the value."""
    (ka, da), (kb, db) = left, right
    if _support(v, db) < _support(v, da):
        (ka, da), (kb, db) = (kb, db), (ka, da)
    n = _support(v, db)
    others = f"{v.name(kb[0])}" + (f" and {n - 1} other version{'s' * (n > 2)}" if n > 1 else "")
    why = f"'{da.text}' here, '{db.text}' in {others}: the versions disagree ({what})"
    return (ka, da), (kb, db), why
