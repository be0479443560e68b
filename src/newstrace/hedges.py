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
        if (tok.lower_ in cues or (tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in cues)) and _hedging(tok):
            found.append(tok.text)
        elif _weasel(tok):
            found.append(tok.text)
    return tuple(found)


def _hedging(tok) -> bool:
    """Verbs of seeming and believing hedge only with a clause ("appears to", "believe that"), and
    "possible"/"likely" only as a predicate, not as "the highest possible score"."""
    lemma = tok.lemma_.lower()
    if lemma in ("appear", "seem", "believe", "think"):
        return any(c.dep_ in ("xcomp", "ccomp", "acomp", "attr", "oprd") for c in tok.children) or tok.dep_ in ("parataxis",)
    if lemma in ("possible", "likely", "unlikely") and tok.pos_ == "ADJ":
        if tok.dep_ == "amod":  # "a possible reason", not "the highest possible score", "every possible help"
            return not any(c.tag_ in ("JJS", "RBS") or c.lower_ in ("every", "all", "any")
                           for c in tok.head.children)
        return tok.dep_ in ("acomp", "ROOT", "ccomp", "conj", "advmod")
    return True


def _weasel(tok) -> bool:
    """"Some argue", "many critics have": an unspecified quantity as the subject of a claim."""
    if tok.lower_ not in lexicon.words("weasel_quantifiers"):
        return False
    if tok.dep_ in ("advmod", "acomp") or tok.head.tag_ in ("JJ", "RB", "JJS"):
        return False  # "most powerful", "he is certain"
    return tok.dep_ in ("det", "amod", "nsubj", "nsubjpass", "dobj", "pobj", "nummod", "quantmod")
