"""Which words of a sentence are attribution cues: a small logistic model over parse features.

The rules of `sources` find the clear frames ("X said", "according to X"). News attributes in many
more ways ("Trump wants ...", "called for", "Caddell continued:"), so every candidate word (a verb, a
noun the tagger took for a verb, a colon or dash after a name) is scored by a logistic regression
whose features are the parse around it and the rules' own verdict. The weights were trained on the
PolNeAR train split by `bench/train_labels_cues.py` and ship as `knowledge/cue_model.json` (weights and
a threshold only, no text). Without that file every candidate scores 0 and the rules stand alone.
"""

from __future__ import annotations

import functools
import json
import math
from importlib import resources

from . import lexicon

LISTS = ("reporting_verbs", "cognition_verbs", "inference_verbs", "clause_verbs", "agent_verbs",
         "passive_cues", "speech_nouns", "rumour_nouns", "hedges")
SUBJECT_LISTS = ("roles", "bodies", "vague", "speech_nouns", "public_roles")
MARKS = {":", "—", "–", "―", "--"}


def candidates(span, quoted: set[int]) -> list:
    """Words outside quotes that could be a cue."""
    return [t for t in span if t.i not in quoted and (
        (t.pos_ in ("VERB", "AUX") and t.dep_ not in ("aux", "auxpass"))
        or (t.pos_ == "NOUN" and t.lemma_.lower() in lexicon.words("speech_nouns") | lexicon.words("rumour_nouns"))
        or t.lower_ == "according" or t.text in MARKS)]


def features(tok, span, quoted: set[int], rule_cues: set[int]) -> dict[str, float]:
    """The parse around `tok` as named binary features."""
    lemma = tok.lemma_.lower()
    f = {"bias": 1.0, f"lemma={lemma}": 1.0, f"pos={tok.pos_}": 1.0, f"tag={tok.tag_}": 1.0,
         f"dep={tok.dep_}": 1.0, f"head_pos={tok.head.pos_}": 1.0, f"head_dep={tok.head.dep_}": 1.0}
    f.update({f"list={name}": 1.0 for name in LISTS if lemma in lexicon.words(name)})
    for c in tok.children:
        f[f"child={c.dep_}"] = 1.0
        if c.dep_ in ("prep", "prt"):
            f[f"{c.dep_}={c.lower_}"] = 1.0
            f[f"lemma_{c.dep_}={lemma}_{c.lower_}"] = 1.0
    f.update(_subject_features(tok))
    f.update(_quote_features(tok, span, quoted))
    if tok.i in rule_cues:
        f["rule_cue"] = 1.0
    if rule_cues:
        f["rule_in_sentence"] = 1.0
    if tok.text in MARKS:
        f.update(_mark_features(tok, span, quoted))
    if "child=ccomp" in f:
        f[f"lemma_ccomp={lemma}"] = 1.0
    return f


def _subject_features(tok) -> dict[str, float]:
    subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return {"subj=none": 1.0}
    lemma = subject.lemma_.lower()
    f = {f"subj_pos={subject.pos_}": 1.0, f"subj_ent={subject.ent_type_ or 'none'}": 1.0}
    if subject.pos_ == "PRON":
        f[f"subj_pron={subject.lower_}"] = 1.0
    f.update({f"subj_list={name}": 1.0 for name in SUBJECT_LISTS if lemma in lexicon.words(name)})
    return f


def _quote_features(tok, span, quoted: set[int]) -> dict[str, float]:
    f = {}
    if quoted:
        f["sent_has_quote"] = 1.0
    if any(t.i in quoted for t in tok.subtree):
        f["quote_in_subtree"] = 1.0
    if any(t.i in quoted for t in span.doc[max(span.start, tok.i - 3) : tok.i]):
        f["quote_just_before"] = 1.0
    if any(t.i in quoted for t in span.doc[tok.i + 1 : min(span.end, tok.i + 4)]):
        f["quote_just_after"] = 1.0
    return f


def _mark_features(tok, span, quoted) -> dict[str, float]:
    before = [t for t in span.doc[span.start : tok.i] if not t.is_punct]
    f = {f"mark={tok.text}": 1.0, f"mark_words_before={min(len(before), 6)}": 1.0}
    if before and before[-1].pos_ == "PROPN":
        f["mark_after_name"] = 1.0
    return f


@functools.lru_cache(maxsize=1)
def _model() -> dict:
    path = resources.files(__package__).joinpath("knowledge", "cue_model.json")
    if not path.is_file():
        return {"weights": {}, "threshold": 1.0}
    return json.loads(path.read_text(encoding="utf-8"))


def score(feats: dict[str, float]) -> float:
    """Probability that the word with these features is an attribution cue."""
    weights = _model()["weights"]
    z = sum(weights.get(name, 0.0) * value for name, value in feats.items())
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def accepted(span, quoted: set[int], rule_cues: set[int]) -> list:
    """Candidates the model takes for cues, beyond the rules' own."""
    threshold = _model()["threshold"]
    return [t for t in candidates(span, quoted)
            if t.i not in rule_cues and score(features(t, span, quoted, rule_cues)) >= threshold]
