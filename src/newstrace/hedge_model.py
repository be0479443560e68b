"""Which candidate hedge words hedge here: a small logistic model over the parse around each one.

Most cues hedge wherever the writer uses them ("reportedly", "allegedly", "hints at"): those need no
model. Others, listed in `weighed_hedges`, depend on their sentence: "may" hedges in "the fire may have
started in the kitchen" but only states a range in "patients may be unaware"; "many" weasels in
"many critics say" but counts in "many roads were closed". Every such candidate (a hedge cue the
rules of `hedges` accept from that list, a weasel quantifier or adverb, "is known to") is scored by a logistic
regression over its parse context and the rules' verdict. The weights were trained on the WikiWeasel
train split by `bench/train_labels_hedges.py` and ship as `knowledge/hedge_model.json` (weights and a
threshold only, no text). Without that file the rules stand alone.
"""

from __future__ import annotations

import functools
import json
import math
from importlib import resources

from . import lexicon

QUANTIFIERS = ("det", "amod", "nsubj", "nsubjpass", "dobj", "pobj", "nummod", "quantmod")
SAYING = ("reporting_verbs", "cognition_verbs", "passive_cues", "inference_verbs")


def candidate(tok) -> bool:
    """A weasel word the rules of `hedges` do not list: a quantifier with no figure ("most
    historians"), an adverb of generality ("generally regarded"), a passive "is known to"."""
    low = tok.lower_
    if low in _quantifiers():
        noun = tok.head if tok.dep_ in ("det", "amod", "nummod", "quantmod") else tok
        return tok.dep_ in QUANTIFIERS and tok.head.tag_ not in ("JJ", "RB", "JJS", "RBS") and (
            noun.head.dep_ != "relcl")  # "the access most observers have" describes, claims nothing
    if low in lexicon.words("weasel_adverbs"):
        return tok.dep_ == "advmod" and tok.head.pos_ in ("VERB", "AUX", "ADJ")
    return tok.lemma_.lower() == "know" and tok.tag_ == "VBN" and _known_to(tok)


def _quantifiers() -> frozenset[str]:
    return lexicon.words("weasel_quantifiers") | lexicon.words("weasel_more")


def _known_to(tok) -> bool:
    """"is known to have", "it is known that": a passive of knowing with no knower, not "known as"."""
    return any(c.dep_ == "auxpass" for c in tok.children) and not any(
        c.dep_ == "agent" or c.lower_ == "as" for c in tok.children) and any(
        c.dep_ in ("xcomp", "ccomp") for c in tok.children)


def features(tok, rule: bool) -> dict[str, float]:
    """The parse around candidate `tok` as named binary features."""
    f = {"bias": 1.0, f"low={tok.lower_}": 1.0, f"tag={tok.tag_}": 1.0, f"dep={tok.dep_}": 1.0,
         f"head_pos={tok.head.pos_}": 1.0, f"head_dep={tok.head.dep_}": 1.0}
    if rule:
        f["rule"] = 1.0
    if tok.tag_ == "MD":
        f.update(_modal(tok))
    elif tok.lower_ in _quantifiers():
        f.update(_quantifier(tok))
    else:
        f.update(_predicate(tok))
    return f


def _modal(tok) -> dict[str, float]:
    """"may have been" looks back at a fact; "may be required" states a rule; who the subject is."""
    verb = tok.head
    f = {f"modal_verb={verb.lemma_.lower()}": 1.0, f"modal_clause={verb.dep_}": 1.0}
    later = [c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i > tok.i]
    if any(c.lemma_.lower() == "have" for c in later):
        f["modal_perfect"] = 1.0
    if any(c.dep_ == "auxpass" for c in verb.children):
        f["modal_passive"] = 1.0
    for c in verb.children:
        if c.dep_ in ("advmod", "mark", "neg") and c.i != tok.i:
            f[f"modal_{c.dep_}={c.lower_}"] = 1.0
    f.update(_subject(verb, "modal"))
    return f


def _quantifier(tok) -> dict[str, float]:
    """"many critics say" (people, speaking) against "many roads were closed" (things, counted)."""
    noun = tok.head if tok.dep_ in ("det", "amod", "nummod", "quantmod") else tok
    f = {f"q_noun_dep={noun.dep_}": 1.0, f"q_noun_tag={noun.tag_}": 1.0, f"q_noun={noun.lemma_.lower()}": 1.0,
         f"q_clause={noun.head.dep_}": 1.0, f"q_word_dep={tok.lower_}_{noun.dep_}": 1.0}
    if noun.lemma_.lower() in lexicon.words("vague") or noun.lemma_.lower() in lexicon.words("roles"):
        f["q_people"] = 1.0
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children):
        f["q_of"] = 1.0
    if any(t.tag_ == "CD" for t in noun.subtree):
        f["q_figure"] = 1.0
    if noun.dep_ in ("nsubj", "nsubjpass"):
        f.update(_verb_lists(noun.head, "q_verb"))
    if any(c.dep_ == "det" and c.i < tok.i for c in noun.children):
        f["q_after_det"] = 1.0
    return f


def _predicate(tok) -> dict[str, float]:
    """Hedging verbs, adjectives and adverbs: what they bear on."""
    head = tok.head if tok.dep_ == "advmod" else tok
    f = _verb_lists(head, "p_head")
    f[f"p_lemma={tok.lemma_.lower()}"] = 1.0
    f[f"p_head={head.lemma_.lower()}"] = 1.0
    if any(c.dep_ == "auxpass" for c in head.children):
        f["p_passive"] = 1.0
    for c in tok.children:
        if c.dep_ in ("ccomp", "xcomp", "nsubj", "expl", "neg", "auxpass"):
            f[f"p_child={c.dep_}"] = 1.0
    f.update(_subject(head, "p"))
    return f


def _verb_lists(verb, prefix: str) -> dict[str, float]:
    lemma = verb.lemma_.lower()
    return {f"{prefix}_list={name}": 1.0 for name in SAYING if lemma in lexicon.words(name)}


def _subject(verb, prefix: str) -> dict[str, float]:
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subject is None:
        return {f"{prefix}_subj=none": 1.0}
    f = {f"{prefix}_subj_tag={subject.tag_}": 1.0}
    if subject.pos_ == "PRON":
        f[f"{prefix}_subj_pron={subject.lower_}"] = 1.0
    det = next((c.lower_ for c in subject.children if c.dep_ in ("det", "poss")), "none")
    f[f"{prefix}_subj_det={det if det in ('the', 'a', 'an', 'none') else 'other'}"] = 1.0
    if subject.ent_type_:
        f[f"{prefix}_subj_ent"] = 1.0
    return f


@functools.lru_cache(maxsize=1)
def _model() -> dict | None:
    path = resources.files(__package__).joinpath("knowledge", "hedge_model.json")
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def score(feats: dict[str, float]) -> float:
    """Probability that the candidate with these features hedges its sentence."""
    weights = _model()["weights"]
    z = sum(weights.get(name, 0.0) * value for name, value in feats.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def keeps(tok, rule: bool) -> bool:
    """Is candidate `tok` a hedge? The model's verdict, or the rules' when no model ships."""
    if _model() is None:
        return rule
    return score(features(tok, rule)) >= _model()["threshold"]
