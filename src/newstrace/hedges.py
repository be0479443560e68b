"""Hedge cues in a sentence: the words that weaken the writer's commitment, as written.

A cue counts only in the writer's own words: one inside quotation marks is the speaker's. Modal
verbs count only as modals ("may" the auxiliary, not the month), and verbs by their lemma.
"""

from __future__ import annotations

from . import lexicon

MODALS = {"may", "might", "could"}


def find(span, quoted: set[int]) -> tuple[str, ...]:
    """The hedge cues of `span` outside `quoted` token indices, in order."""
    cues = lexicon.words("hedges")
    found = []
    for tok in span:
        if tok.i in quoted or (tok.lower_ in MODALS and tok.tag_ != "MD"):
            continue
        if tok.lower_ in cues or (tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in cues):
            found.append(tok.text)
    return tuple(found)
