"""One article saying two incompatible things about where the same message came from.

A provenance claim is a verb of publication with its agent ("a message released by the agency") or
a verb of provenance with its source ("the statement, sourced from a closed-door meeting"), about a
message noun (`knowledge/provenance.tsv`). Two claims about the same message, a few sentences apart, are
inconsistent when one says it was put out publicly by one party and the other that it came out of a
private source (a closed-door meeting, a leaked memo) that is a different thing.

    inconsistency.find(versions, window) -> [Flag, ...]
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from . import entities, lexicon, segment
from .types import Flag
from .versions import Key, Versions


@dataclass(frozen=True)
class Claim:
    key: Key
    kind: str  # "public" or "private"
    message: str  # lemma of the message noun
    definite: bool  # "the/this statement": may refer back to a message named before
    source: str
    start: int  # article offsets of the verb phrase
    end: int


@functools.lru_cache(maxsize=1)
def vocabulary() -> dict[str, str]:
    return {w.strip(): role.strip() for w, role in lexicon.rows("provenance")}


def find(v: Versions, window: int) -> list[Flag]:
    flags = []
    for aid in sorted(v.articles):
        claims = [c for k in v.keys(aid) if not v.sentence(k).headline for c in _claims(v, k)]
        for i, first in enumerate(claims):
            for second in claims[i + 1 :]:
                if _conflict(first, second, window):
                    flags.append(Flag("internal_inconsistency", v.span(second.key, second.start, second.end),
                                      _why(first, second), v.span(first.key, first.start, first.end)))
    return flags


def _conflict(a: Claim, b: Claim, window: int) -> bool:
    if {a.kind, b.kind} != {"public", "private"} or b.key[1] - a.key[1] > window:
        return False
    if not (a.message == b.message or b.definite):
        return False
    sa, sb = entities.fold(a.source), entities.fold(b.source)
    return not entities.same_entity(sa, sb) and sa not in sb and sb not in sa


def _why(a: Claim, b: Claim) -> str:
    public, private = (a, b) if a.kind == "public" else (b, a)
    return (f"the same {a.message} is said to be put out by {public.source} and to come from "
            f"{private.source}, a private source")


def _claims(v: Versions, key: Key) -> list[Claim]:
    article, sent = v.articles[key[0]], v.sentence(key)
    span, start = segment.sentence_span(article, sent)
    if span is None:
        return []
    found = []
    for tok in span:
        claim = _claim(key, tok, start)
        if claim:
            found.append(claim)
    return found


def _claim(key: Key, verb, offset: int) -> Claim | None:
    role = vocabulary().get(verb.lemma_.lower())
    if role not in ("public", "origin"):
        return None
    message = _message(verb)
    source = next((c for c in verb.children if c.dep_ in ("agent", "prep") and c.lower_ in ("by", "from")), None)
    target = next((c for c in source.children if c.dep_ == "pobj"), None) if source is not None else None
    if message is None or target is None:
        return None
    phrase = verb.doc[source.i : max(t.i for t in source.subtree) + 1]
    private = any(vocabulary().get(t.lower_) == "private" for t in phrase) or verb.lemma_.lower() == "leak"
    kind = "public" if role == "public" and source.lower_ == "by" and not private else "private" if private else None
    if kind is None:
        return None
    definite = any(c.lower_ in ("the", "this", "that", "these") for c in message.children)
    name = verb.doc[source.i + 1 : target.i + 1].text
    return Claim(key, kind, message.lemma_.lower(), definite, name,
                 verb.idx + offset, target.idx + len(target) + offset)


def _message(verb):
    """The message noun a verb says something about: 'message released by', 'the report was issued'."""
    if verb.dep_ in ("acl", "relcl") and vocabulary().get(verb.head.lemma_.lower()) == "object":
        return verb.head
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subject is not None and vocabulary().get(subject.lemma_.lower()) == "object":
        return subject
    return None
