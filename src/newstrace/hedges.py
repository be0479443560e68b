"""Hedge cues in a sentence: the words that weaken the writer's commitment, as written.

A cue counts only in the writer's own words: one inside quotation marks is the speaker's. Modal
verbs count only as modals ("may" the auxiliary, not the month), and verbs by their lemma.
"""

from __future__ import annotations

from . import hedge_model, lexicon

MODALS = {"may", "might", "could"}


def find(span, quoted: set[int]) -> tuple[str, ...]:
    """The hedge cues of `span` outside `quoted` token indices, in order."""
    found = []
    for tok in span:
        if tok.i in quoted:
            continue
        rule = _rule(tok)
        if rule and not weighed(tok) or (rule or hedge_model.candidate(tok)) and hedge_model.keeps(tok, rule):
            found.append(tok.text)
    return tuple(found)


def weighed(tok) -> bool:
    """Does the hedge model weigh this cue? A modal only with a generic subject ("patients may feel",
    "visitors may park": a range or a permission); "the minister may resign" and "may have caused"
    (a guess about the past) hedge by rule."""
    if tok.lower_ not in lexicon.words("weighed_hedges"):
        return False
    perfect = any(c.lemma_.lower() == "have" and c.dep_ == "aux" and c.i > tok.i for c in tok.head.children)
    return tok.tag_ != "MD" or _generic(tok.head) and not perfect


def _generic(verb) -> bool:
    """A bare noun ("patients", "surgery") or "you"/"one" as the subject of `verb`."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subject is None or subject.lower_ in ("you", "one"):
        return subject is not None
    return subject.pos_ == "NOUN" and not subject.ent_type_ and not any(
        c.dep_ in ("det", "poss", "nummod") for c in subject.children)


def _rule(tok) -> bool:
    """Is `tok` a hedge cue by the word lists and the parse alone?"""
    if tok.lower_ in MODALS and tok.tag_ != "MD":
        return False
    cues = lexicon.words("hedges")
    listed = tok.lower_ in cues or (tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in cues)
    return listed and _hedging(tok) or _weasel(tok)


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
