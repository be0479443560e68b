"""The specific details a sentence states: numbers with their unit, dates and times, places, names.

Each detail carries its role in the sentence (the verb and preposition it hangs on, or the noun a
number counts), so two versions can be compared slot by slot: "reconnected by Thursday evening"
against "reconnected by next week", "38,000 households" against "83,000 households".

    details.of(article, sentence) -> [Detail, ...]
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from . import lexicon, nlp, segment
from .types import Article, Sentence

NUMBER_ENTS = {"CARDINAL", "MONEY", "QUANTITY", "PERCENT"}
TIME_ENTS = {"DATE", "TIME"}
PLACE_ENTS = {"GPE", "LOC", "FAC"}
NAME_ENTS = {"PERSON", "ORG", "NORP"} | PLACE_ENTS
WORD_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
                                                     "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9,
          "k": 1e3}
GENERIC_MODIFIERS = {"new", "additional", "extra", "further", "remaining", "total", "same"}
WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
MONTHS = "january february march april may june july august september october november december".split()
# Words of a date line ("Posted Tue, Sept. 26, 2013 - 3:47 pm EDT") besides months and weekdays.
STAMP_WORDS = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue",
               "wed", "thu", "fri", "sat", "sun", "posted", "updated", "published", "last", "modified", "am",
               "pm", "a.m", "p.m", "utc", "gmt", "est", "edt", "ist", "cet", "bst", "on", "at", "by"}
SEASONS = "spring summer autumn fall winter".split()
RELATIVE = ("this week", "next week", "last week", "all week", "this weekend", "next weekend", "the weekend",
            "next month", "this month", "last month", "next year", "this year", "last year")


@dataclass(frozen=True)
class Detail:
    kind: str  # "number", "time", "place" or "name"
    text: str
    start: int  # offsets into the article body (title for a headline)
    end: int
    role: tuple[str, str]  # (head lemma, relation): the noun counted, or the verb and preposition
    value: object  # number: (low, high); time: dict of fields; names: lower-cased text
    specific: bool = True
    context: tuple[str, ...] = ()  # number: the counted noun with its modifiers ("repair", "crew")
    referential: bool = False  # "the two nations": a number that refers back rather than claims
    projected: bool = False  # "aims to plant 10,000 trees": a plan or forecast, not a count of what happened


@functools.lru_cache(maxsize=1)
def unit_groups() -> dict[str, str]:
    """unit lemma -> a group name, from `knowledge/units.tsv` (units that count the same thing)."""
    groups = {}
    for row in lexicon.rows("units"):
        words = " ".join(row).split()
        groups.update({w: words[0] for w in words})
    return groups


def of(article: Article, sentence: Sentence) -> list[Detail]:
    """Every detail of `sentence`, with offsets into the article."""
    span, offset = _span(article, sentence)
    if span is None:
        return []
    found = []
    for ent in _merged_ents(span):
        found += _detail(ent, offset)
    taken = {(d.start, d.end) for d in found}
    for tok in span:
        if tok.like_num and tok.ent_type_ == "" and (tok.idx + offset, tok.idx + offset + len(tok)) not in taken:
            found += _number(span.doc[tok.i : tok.i + 1], offset)
    return found


def _span(article: Article, sentence: Sentence):
    if sentence.headline:
        doc = nlp.parse([sentence.text])[0]
        return doc[:], sentence.start
    return segment.sentence_span(article, sentence)


def _merged_ents(span) -> list:
    """The span's entities, with adjacent DATE and TIME entities joined ("Thursday" + "evening")."""
    ents = [e for e in span.doc.ents if e.start >= span.start and e.end <= span.end]
    merged = []
    for e in ents:
        if merged and e.label_ in TIME_ENTS and merged[-1].label_ in TIME_ENTS and merged[-1].end == e.start:
            merged[-1] = span.doc[merged[-1].start : e.end]
            merged[-1].label_ = "DATE"
            continue
        merged.append(e)
    return merged


def _detail(ent, offset: int) -> list[Detail]:
    if ent.label_ in NUMBER_ENTS:
        return _number(ent, offset)
    if ent.label_ in TIME_ENTS:
        value = time_value(ent.text)
        return [Detail("time", ent.text, ent.start_char + offset, ent.end_char + offset, _role(ent), value,
                       bool(value))]
    if ent.label_ in NAME_ENTS:
        kind = "place" if ent.label_ in PLACE_ENTS else "name"
        text = re.sub(r"^(?:the|The)\s+", "", ent.text)
        start = ent.end_char - len(text) + offset
        return [Detail(kind, text, start, ent.end_char + offset, _role(ent), text.lower(), True)]
    return []


def _role(ent) -> tuple[str, str]:
    """The verb (or noun) an entity hangs on and how: ('reconnect', 'by'), ('lose', 'nsubj')."""
    root = ent.root
    relation = root.dep_
    head = root.head
    if relation == "pobj":
        relation, head = head.lemma_.lower(), head.head
    steps = 0
    while head.pos_ not in ("VERB", "AUX") and head.dep_ in ("prep", "pobj", "compound", "amod") and steps < 3:
        head, steps = head.head, steps + 1
    return (head.lemma_.lower(), relation)


def _number(ent, offset: int) -> list[Detail]:
    value = number_value(ent.text)
    if value is None:
        return []
    low, high = _bounds(ent, value)
    unit, context = _unit(ent)
    before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    referential = before in ("the", "both", "these", "those", "their", "its", "his", "her") or ent.text.lower() == "one"
    return [Detail("number", ent.text, ent.start_char + offset, ent.end_char + offset, (unit, "count"),
                   (low, high), unit != "", context, referential, _projected(ent.root))]


def _projected(token) -> bool:
    """Is the clause that holds this number a plan, target or forecast?"""
    words = lexicon.words("projections")
    verb, steps = token, 0
    while verb.pos_ not in ("VERB", "AUX") and verb.head is not verb and steps < 4:
        verb, steps = verb.head, steps + 1
    chain = [verb] + ([verb.head] if verb.dep_ in ("xcomp", "ccomp") else [])
    return any(v.lower_ in words or v.lemma_.lower() in words or any(c.dep_ == "aux" and c.lower_ in words
               for c in v.children) for v in chain)


# A figure as written in running text: "50,000", "2.5 million" (its value: `number_value`).
WRITTEN_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?(?:\s+(?:thousand|million|billion))?")


def number_value(text: str) -> float | None:
    words = re.findall(r"\d[\d,]*(?:\.\d+)?|[a-z]+", text.lower())
    value, seen = None, False
    for w in words:
        if w[0].isdigit():
            value, seen = float(w.replace(",", "")), True
        elif w in WORD_NUMBERS and not seen:
            value, seen = float(WORD_NUMBERS[w]) * (value if w == "hundred" and value else 1), True
        elif w in SCALES and value is not None:
            value *= SCALES[w]
    return value


APPROX = {"about", "around", "nearly", "almost", "roughly", "approximately", "some", "estimated", "close", "an"}
AT_LEAST = {"more", "over", "least", "above", "exceeding"}
AT_MOST = {"fewer", "less", "under", "most", "below", "up"}


def _bounds(ent, value: float) -> tuple[float, float]:
    before = {t.lower_ for t in ent.doc[max(ent.start - 3, 0) : ent.end]}
    if before & AT_LEAST:
        return value, math.inf
    if before & AT_MOST:
        return 0.0, value
    if before & APPROX or value >= 1000 and value % 100 == 0:
        return value * 0.85, value * 1.15
    return value, value


def _unit(ent) -> tuple[str, tuple[str, ...]]:
    """The noun a number counts ('households', 'crews'), folded into its unit group, with modifiers."""
    root = ent.root
    while root.dep_ in ("compound", "quantmod", "nummod") and root.head is not root and root.head.like_num:
        root = root.head
    context: tuple[str, ...] = ()
    measure = _measure(ent)
    if measure:
        return measure, (measure,)
    if root.dep_ in ("nummod", "quantmod", "compound") and root.head.pos_ in ("NOUN", "PROPN"):
        head = root.head
        noun = head.lemma_.lower()
        context = tuple(c.lemma_.lower() for c in head.children if c.dep_ in ("compound", "amod") and c.i < head.i
                        and c.lower_ not in ENGLISH_STOP_WORDS and c.lower_ not in GENERIC_MODIFIERS)
    elif ent.label_ == "PERCENT" or "%" in ent.text:
        noun = "percent"
    elif ent.label_ == "MONEY":
        noun = "money"
    else:
        return "", ()
    unit = unit_groups().get(noun, noun)
    return unit, context + (unit,)


def _measure(ent) -> str:
    """A hyphenated measure after the number ('7,800-square-metre', '34-year-old'): the unit is the measure."""
    doc = ent.doc
    k = next((t.i + 1 for t in ent if t.like_num), ent.start + 1)
    words = []
    while k + 1 < len(doc) and doc[k].text in ("-", "‐", "–") and doc[k + 1].is_alpha:
        words.append(doc[k + 1].lower_)
        k += 2
    return "-".join(words)


def time_value(text: str) -> dict:
    """The fields of a time expression that can disagree: weekday, month, year, week, clock time."""
    low = text.lower()
    words = re.findall(r"[a-z]+|\d+(?::\d+)?", low)
    fields = {}
    for w in words:
        if w in WEEKDAYS:
            fields["weekday"] = w
        elif w in MONTHS and w != "may":
            fields["month"] = w
        elif w in SEASONS:
            fields["season"] = w
        elif re.fullmatch(r"(1[89]|20)\d\d", w):
            fields["year"] = w
    relative = next((p for p in RELATIVE if p in low), None)
    if relative:
        fields["period"] = relative
    day = re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({'|'.join(MONTHS)})\b|"
                    rf"\b({'|'.join(MONTHS)})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b", low)
    if day:
        fields["month"] = day.group(2) or day.group(3)
        fields["day"] = int(day.group(1) or day.group(4))
    clock = re.search(r"\b(\d{1,2})(?::(\d\d))?\s*([ap])\.?m\b", low)
    if clock:
        fields["clock"] = (int(clock.group(1)) % 12 + (12 if clock.group(3) == "p" else 0), int(clock.group(2) or 0))
    return fields


def times_conflict(a: dict, b: dict) -> str | None:
    """The field on which two time expressions disagree, or None when they can both be true."""
    for key in ("year", "month", "day", "weekday", "clock", "period"):
        if key in a and key in b and a[key] != b[key]:
            return key
    for x, y in ((a, b), (b, a)):
        if x.get("period", "").startswith(("next", "last")) and "weekday" in y and "period" not in y:
            return "day"
    return None


def is_date_line(text: str) -> bool:
    """A date line scraped as a title or a sentence ("Posted September 26, 2013 - 3:47pm", "8 / 2 / 13",
    "March 14, 2013 - UNITED STATES -"): beyond dates and times at most two capitalised words, no claim."""
    known = {*MONTHS, *WEEKDAYS, *STAMP_WORDS}
    words = [w for w in re.findall(r"[^\W\d_]+", text) if w.lower() not in known]
    return len(words) <= 2 and all(w == w.upper() for w in words) and (not words or bool(re.search(r"\d", text)))
