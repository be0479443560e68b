"""Headline claims the body does not support.

Three checks, most specific first:
- a part of the headline (split at colons, semicolons, commas, "and", "amid"...) none of whose
  content words appears in the body ("Commitment to Protecting Citizens");
- a figure in the headline that the body never gives;
- the whole headline judged unrelated to its own body by the stance model (`stance`, trained on
  FNC-1). Its "disagree" verdict is not used: on the FNC-1 test it is right only ~60% of the time.

    headline.find(versions, settings) -> [Flag, ...]
"""

from __future__ import annotations

import functools
import re

from . import stance, text_features
from .details import WORD_NUMBERS, WRITTEN_NUMBER, is_date_line, number_value
from .settings import Settings
from .types import Flag
from .versions import Versions, reporting_forms

_PARTS = re.compile(r"\s*[:;|]\s*|\s+[-–—]\s+|,\s+|\s+(?:and|amid|as|after|while|with|but|despite|over)\s+",
                    re.IGNORECASE)
QUOTE_MARKS = "'\"‘’“”«"
# A headline part needs this many content words to be a claim: shorter parts ("Latest updates",
# "Blood money") are labels (bench/eval_headline_rules.py counts how often the rules fire on FNC-1
# pairs whose body agrees with the headline).
MIN_CLAIM_WORDS = 3


def find(v: Versions, settings: Settings) -> list[Flag]:
    flags = []
    heads = [(k, v.sentence(k)) for aid in sorted(v.articles) for k in v.keys(aid) if v.sentence(k).headline]
    for key, sent in heads:
        if is_date_line(sent.text):
            continue
        body = v.articles[key[0]].body
        found = _unsupported_parts(v, key, sent, body) + _missing_figures(v, key, sent, body)
        if not found and len(body.split()) >= settings.headline_min_body_words:
            found = _stance(v, key, sent, body, settings)
        flags += found
    return flags


def _stems(text: str) -> list[str]:
    reporting = _reporting_forms()
    return [w[:5] for w in text_features.content_words(text) if w not in reporting and not w.isdigit()]


@functools.lru_cache(maxsize=1)
def _reporting_forms() -> frozenset[str]:
    return frozenset(text_features.content_words(" ".join(reporting_forms())))


def _unsupported_parts(v: Versions, key, sent, body: str) -> list[Flag]:
    body_stems = set(_stems(body))
    flags, at = [], 0
    for part in _PARTS.split(sent.text):
        start = sent.text.find(part, at)
        at = start + len(part)
        stems = _stems(part)
        if part.lstrip()[:1] in QUOTE_MARKS or WRITTEN_NUMBER.search(part):  # a quote or a figure: other checks
            continue
        if len(stems) >= MIN_CLAIM_WORDS and not any(s in body_stems for s in stems):
            text = part.strip(" ‘’'\"“”")
            s = sent.start + start + part.find(text)
            flags.append(Flag("headline_unsupported", v.span(key, s, s + len(text)),
                              "no word of this headline claim appears anywhere in the body"))
    return flags


def _missing_figures(v: Versions, key, sent, body: str) -> list[Flag]:
    """Counts of something in the headline ('50,000 without power') that the body never gives."""
    body_values = [number_value(m.group()) for m in WRITTEN_NUMBER.finditer(body)]
    body_values += [float(WORD_NUMBERS[w]) for w in text_features.words(body) if w in WORD_NUMBERS]
    flags = []
    for d in v.details(key):
        if d.kind != "number" or d.referential or not (d.specific or d.value[0] >= 10):
            continue
        low, high = d.value
        if any(b is not None and low * 0.95 <= b <= high * 1.05 for b in body_values):
            continue
        flags.append(Flag("headline_unsupported", v.span(key, d.start, d.end),
                          f"the headline's figure '{d.text}' appears nowhere in the body"))
    return flags


def _stance(v: Versions, key, sent, body: str, settings: Settings) -> list[Flag]:
    probs = stance.predict([(sent.text, body)])[0]
    if probs["unrelated"] < settings.headline_unrelated:
        return []
    why = f"the body does not address the headline (stance model: unrelated, p={probs['unrelated']:.2f})"
    return [Flag("headline_unsupported", v.span(key), why)]
