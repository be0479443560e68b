"""Attribution drift: the same aligned statement stands on different authority in two versions.

This is how laundering happens between outlets. Four kinds, each flagged on the version where the
authority is weaker, with the stronger sentence as `other`:
- attributed in one version, asserted as fact in the other;
- a named source in one, only an anonymous or vague one in the other;
- a hedge ("reportedly", "could") in one, a flat statement in the other;
- a direct quote in one, its words given without quote marks (a paraphrase) in the other.

    drift.find(versions, settings) -> [Flag, ...]
"""

from __future__ import annotations

import functools

from . import entities, lexicon, text_features
from .details import WRITTEN_NUMBER, number_value
from .settings import Settings
from .types import Flag, Label
from .versions import Key, Versions, is_pronoun, reporting_forms

WEAK = {"anonymous", "vague"}
QUOTE_MIN_WORDS = 4  # a quote shorter than this is a phrase, not a statement that can be paraphrased


def find(v: Versions, settings: Settings) -> list[Flag]:
    strength = {((l.article, l.index), (l.other, l.other_index)): l.similarity for l in v.alignment.links}
    found: dict = {}
    for a, b in v.linked_pairs():
        if v.sentence(a).headline or _asks(v, a) or _asks(v, b) or not _same_figures(v, a, b) \
                or not _one_statement(strength.get((a, b), 0.0), *_overlap(v, a, b), settings):
            continue
        for weak, strong, why in _drifts(v, a, b) + _drifts(v, b, a):
            reasons = found.setdefault(weak, (strong, []))[1]
            if found[weak][0] == strong and why not in reasons:
                reasons.append(why)
    return [Flag("attribution_drift", v.span(weak), "; ".join(reasons), v.span(strong))
            for weak, (strong, reasons) in sorted(found.items())]


def _asks(v: Versions, key: Key) -> bool:
    """A question asserts nothing, so it cannot take a claim's authority away."""
    return v.sentence(key).text.rstrip(" \"'”’)").endswith("?")


def _same_figures(v: Versions, a: Key, b: Key) -> bool:
    """Sentences that both give figures but share none report different facts (9 dead there, 3 hurt
    here); whether one figure contradicts the other is the contradiction check's question."""
    fa, fb = _figures(v.sentence(a).text), _figures(v.sentence(b).text)
    return not (fa and fb) or bool(fa & fb)


def _figures(text: str) -> set[float]:
    return {number_value(m.group()) for m in WRITTEN_NUMBER.finditer(text)} - {None}


def _one_statement(similarity: float, overlap: float, shorter: int, settings: Settings) -> bool:
    """Aligned sentences that make one statement: similar enough, or sharing nearly all the words of
    a shorter sentence that says something (different attributions lower the similarity of sentences
    that otherwise say the same). A sentence of one or two content words ("Trust me.", a dateline)
    states too little to tell."""
    if overlap < settings.drift_overlap or shorter < settings.drift_statement_words:
        return False
    return similarity >= settings.drift_similarity or (
        overlap >= settings.drift_strong_overlap and shorter >= settings.drift_overlap_words
        and similarity >= settings.drift_overlap_floor)


def _overlap(v: Versions, a: Key, b: Key) -> tuple[float, int]:
    """Share of the shorter statement's content words that the other carries (attribution words left
    out: the source and its verb are what may differ), and how many words the shorter has."""
    wa, wb = _statement_words(v, a), _statement_words(v, b)
    shorter = min(len(wa), len(wb))
    return len(wa & wb) / max(1, shorter), shorter


def _statement_words(v: Versions, key: Key) -> set[str]:
    lab = v.label(key)
    attribution = " ".join(f"{s.name or ''} {s.cue or ''}" for s in lab.sources)
    drop = _attribution_words() | set(text_features.content_words(attribution))
    return set(text_features.content_words(v.sentence(key).text)) - drop


@functools.lru_cache(maxsize=1)
def _attribution_words() -> frozenset[str]:
    """The content words of every reporting verb form and anonymity phrase."""
    return frozenset(text_features.content_words(" ".join([*reporting_forms(), *lexicon.words("anonymous")])))


def _drifts(v: Versions, strong: Key, weak: Key) -> list[tuple[Key, Key, str]]:
    """Ways in which `weak` stands on less authority than `strong` for the same statement."""
    ls, lw = v.label(strong), v.label(weak)
    there = v.name(strong[0])
    out = []
    sources = _named(ls) or _weak_names(ls)
    quoted = any(m in v.sentence(weak).text for m in '"“”«»') or lw.quotes  # quote marks credit a speaker
    if sources and set(lw.attribution) == {"unattributed"} and not lw.sources and not quoted \
            and not _mentions(v, weak, ls):
        out.append((weak, strong, f"asserted as fact: {there} attributes it to {sources}"))
    elif _named(ls) and not _named(lw) and set(lw.attribution) & WEAK and not _mentions(v, weak, ls) \
            and not _same_sources(ls, lw) and not any(is_pronoun(s.name) for s in lw.sources):
        out.append((weak, strong, f"named source dropped: {there} credits {_named(ls)}, this version "
                                  f"only {_weak_names(lw) or 'an unnamed source'}"))
    weak_text = v.sentence(weak).text.lower()
    hedges = [h for h in ls.hedges if not _negated(v.sentence(strong).text, h) and h.lower() not in weak_text
              and h.lower() not in _quantities()]
    if hedges and not lw.hedges and not set(lw.attribution) & WEAK:
        out.append((weak, strong, f"hedge dropped: {there} writes '{hedges[0]}', this version states it flatly"))
    quote = None if quoted or _same_sources(ls, lw) else _paraphrased_quote(v, strong, weak)
    if quote:
        out.append((weak, strong, f"quote and paraphrase: {there} quotes '{quote}' directly, this version gives "
                                  "the words without quote marks"))
    return out


@functools.lru_cache(maxsize=1)
def _quantities() -> frozenset[str]:
    """Weasel quantifiers and frequency words ("several", "numerous", "often"): they make a claim
    vaguer, but a version that gives a figure instead or leaves them out has not dropped a hedge."""
    return lexicon.words("weasel_quantifiers") | lexicon.words("weasel_more") | lexicon.words("weasel_adverbs")


def _mentions(v: Versions, key: Key, lab: Label) -> bool:
    """Does the sentence have one of the label's sources speak ("Herrera asked residents...")?"""
    words = entities.fold(v.sentence(key).text).split()
    forms = reporting_forms()
    for s in lab.sources:
        last = entities.fold(s.name).split()[-1] if s.name else None
        if last and any(w.strip(",") == last and words[k + 1 : k + 2] and words[k + 1] in forms
                        for k, w in enumerate(words)):
            return True
    return False


def _negated(text: str, hedge: str) -> bool:
    """'couldn't say' is no hedge on the claim: the cue only appears negated."""
    low = text.lower().replace("’", "'")
    return hedge in low and low.count(hedge) == low.count(hedge + "n't") + low.count(hedge + " not")


def _same_sources(strong: Label, weak: Label) -> bool:
    """The weak version names the same source, only labelled differently."""
    named = [a.name for a in strong.sources if a.kind == "on_record" and a.name]
    return any(b.name and entities.same_entity(a, b.name) for a in named for b in weak.sources)


def _named(lab: Label) -> str:
    names = [s.name for s in lab.sources if s.kind == "on_record" and s.name]
    return ", ".join(dict.fromkeys(names))


def _weak_names(lab: Label) -> str:
    names = [s.name or s.cue for s in lab.sources if s.kind in WEAK and (s.name or s.cue) and not is_pronoun(s.name)]
    return ", ".join(f"'{n}'" for n in dict.fromkeys(names))


def _paraphrased_quote(v: Versions, quoted: Key, plain: Key) -> str | None:
    """A quote of `quoted` whose words `plain` carries mostly, outside quote marks, and nowhere quoted."""
    if v.label(plain).quotes:
        return None
    found = {(art, start): ids for art, start, ids in v.alignment.quote_found_in}
    plain_words = set(text_features.content_words(v.sentence(plain).text))
    for q in v.label(quoted).quotes:
        words = text_features.content_words(q.text)
        if len(text_features.words(q.text)) < QUOTE_MIN_WORDS or not words or text_features.is_title(q.text):
            continue
        if plain[0] in found.get((q.article, q.start), ()) and not _quoted_elsewhere(v, plain[0], q.text):
            return q.text.strip(" ,.")
        if len(words) >= QUOTE_MIN_WORDS and sum(w in plain_words for w in words) / len(words) >= 0.6 \
                and not _quoted_elsewhere(v, plain[0], q.text):
            return q.text.strip(" ,.")
    return None


def _quoted_elsewhere(v: Versions, article: str, text: str) -> bool:
    """Does `article` quote these words somewhere (the paraphrase then only sums up its own quote)?"""
    key = text_features.quote_key(text)
    for k in v.keys(article):
        for q in v.label(k).quotes:
            other = text_features.quote_key(q.text)
            if len(other.split()) >= 2 and (other in key or key in other):
                return True
    return False
