"""One canonical name per entity in a story: alias table, acronyms, surnames, spelling variants, roles.

The alias table (`knowledge/aliases.tsv`) holds transliterations, foreign acronyms and misnamings with
their provenance. From the articles themselves come acronyms defined in the text ("special military
operation (SVO)") and their long forms, surnames and spelling variants of people named in full
(Zelenskiy ~ Zelensky by string similarity), roles that refer back to a person ("the Russian
leader" -> the person earlier titled "Russian President"; `knowledge/roles.tsv`) and a sentence-initial
"He"/"She" standing for the person last named.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata

from . import lexicon, nlp, segment
from .types import Article, Entity, Span

_DEFINED = re.compile(r"([A-Z][\w’'\- ]+?|[a-z][\w\- ]+?)\s+\(([A-ZА-Я]{2,6})\)")
_PRONOUN = re.compile(r"(?:^|(?<=[.!?]\s)|(?<=\n))(He|She)\b")
_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "place", "NORP": "group", "LOC": "place",
          "FAC": "place", "EVENT": "event"}
SIMILAR_NAME = 0.9  # difflib ratio above which two one-word names are spelling variants (Zelenskiy/Zelensky)
TITLES = {"mr", "mrs", "ms", "dr", "prof", "sir", "dame", "lord", "lady", "president", "mayor", "minister",
          "spokesperson", "spokesman", "spokeswoman", "coach", "general", "governor", "senator", "chancellor",
          "king", "queen", "prince", "princess", "judge", "pope", "premier", "chief", "director", "striker",
          "captain", "colonel", "sergeant", "officer", "commander", "secretary", "ambassador", "envoy"}


@functools.lru_cache(maxsize=1)
def alias_table() -> dict[str, tuple[str, str]]:
    """alias (folded) -> (canonical, type), canonical names included."""
    table: dict[str, tuple[str, str]] = {}
    for canonical, kind, alias in (row[:3] for row in lexicon.rows("aliases")):
        table[fold(alias)] = (canonical, kind)
        table.setdefault(fold(canonical), (canonical, kind))
    return table


@functools.lru_cache(maxsize=1)
def role_groups() -> dict[str, str]:
    return {role: group for role, group in (row[:2] for row in lexicon.rows("roles"))}


@functools.lru_cache(maxsize=1)
def _latin() -> dict[int, str]:
    """Cyrillic letter -> Latin letters, from `knowledge/transliteration.tsv`."""
    return {ord(row[0]): (row[1] if len(row) > 1 else "") for row in lexicon.rows("transliteration")}


@functools.lru_cache(maxsize=1 << 16)
def fold(name: str) -> str:
    """A name reduced for comparison: Latin letters, no accents, article, possessive or hyphens."""
    name = name.lower().translate(_latin())
    name = unicodedata.normalize("NFKD", name)
    name = "".join(c for c in name if not unicodedata.combining(c)).replace("’", "'").lower()
    name = re.sub(r"^the\s+", "", name.strip())
    name = re.sub(r"'s$", "", name)
    return " ".join(re.sub(r"[-‐–]", " ", name).split())


@functools.lru_cache(maxsize=1 << 18)
def same_entity(a: str, b: str) -> bool:
    """Two names for one entity: aliases, a surname of the full name, or a spelling variant."""
    fa, fb = fold(a), fold(b)
    if fa == fb:
        return True
    ca, cb = alias_table().get(fa, (fa,))[0], alias_table().get(fb, (fb,))[0]
    if fold(ca) == fold(cb):
        return True
    short, long = sorted((fa.split(), fb.split()), key=len)
    if short and len(short) < len(long) and long[-len(short):] == short and len(short[-1]) > 3:
        return True
    return len(fa) >= 6 and _similar(fa, fb)


def _similar(a: str, b: str) -> bool:
    """Spelling variants: Zelenskiy ~ Zelensky; Dmitri Ivanov ~ Dmitry Ivanov (not Austria ~ Australia)."""
    ta, tb = a.split(), b.split()
    if len(ta) != len(tb) or any(x[0] != y[0] for x, y in zip(ta, tb)):
        return False
    if len(ta) == 1:
        return difflib.SequenceMatcher(None, a, b).ratio() >= SIMILAR_NAME
    same = sum(x == y for x, y in zip(ta, tb))
    return same >= 1 and all(x == y or difflib.SequenceMatcher(None, x, y).ratio() >= 0.75 for x, y in zip(ta, tb))


def resolve(articles: list[Article]) -> list[Entity]:
    """The story's entities with every mention, merged under one canonical name."""
    local = _defined_acronyms(articles)
    mentions = [m for a in articles for m in _mentions(a, local)]
    people = _people(mentions)
    mentions += [m for a in articles for m in _surnames(a, people, mentions)]
    groups: dict[str, tuple[str, list[Span]]] = {}
    for name, kind, span in mentions:
        canonical, kind = canonical_name(name, kind, local, people)
        groups.setdefault(canonical, (kind, []))[1].append(span)
    for a in articles:
        for canonical, span in _references(a, mentions, local, people):
            groups.setdefault(canonical, ("person", []))[1].append(span)
    return [Entity(c, k, tuple(sorted(s, key=lambda x: (x.article, x.start)))) for c, (k, s) in groups.items()]


def _people(mentions) -> list[str]:
    """Full names of the people in the story, spelling variants folded onto the first seen."""
    full: list[str] = []
    for name, kind, _ in mentions:
        if kind == "person" and " " in name and fold(name) not in alias_table():
            if not any(_similar(fold(name), fold(p)) for p in full):
                full.append(name)
    return full


def canonical_name(name: str, kind: str, local: dict[str, str] | None = None,
                   people: list[str] | set[str] | frozenset = frozenset()) -> tuple[str, str]:
    """(canonical name, type) of a mention, given the story's acronyms and people."""
    key = fold(name)
    local = local or {}
    if key in local:
        key, kind = fold(local[key]), "term"
    if key in alias_table():
        return alias_table()[key]
    for p in sorted(people, key=lambda p: (-len(p), p)):  # the fullest name first, in a fixed order
        if fold(p) != key and (kind == "person" or " " not in key) and same_entity(p, name):
            return canonical_name(p, "person", local)
    return (local.get(fold(name), re.sub(r"^[Tt]he\s+", "", name)), kind)


def _mentions(article: Article, local: dict[str, str]) -> list[tuple[str, str, Span]]:
    found = []
    paragraphs = segment.paragraphs_of(article.body)
    for (start, _), doc in zip(paragraphs, nlp.parse([text for _, text in paragraphs])):
        for ent in doc.ents:
            kind = _TYPES.get(ent.label_)
            if kind is None:
                continue
            text = re.sub(r"^[Tt]he\s+", "", ent.text).removesuffix("’s").removesuffix("'s")
            text, kind = _untitled(text, kind)
            s = start + ent.start_char + ent.text.find(text)
            found.append((text, kind, Span(article.id, s, s + len(text), text)))
    for short, long in local.items():
        for m in re.finditer(rf"\b{re.escape(long)}\b", article.body, flags=re.IGNORECASE):
            found.append((m.group(), "term", Span(article.id, m.start(), m.end(), m.group())))
    for match in _DEFINED.finditer(article.body):
        s = match.start(2)
        found.append((match.group(2), "term", Span(article.id, s, match.end(2), match.group(2))))
    return found + _titled(article, found)


@functools.lru_cache(maxsize=1)
def _title_pattern() -> re.Pattern:
    titles = "|".join(sorted(TITLES, key=len, reverse=True))
    return re.compile(rf"\b(?i:{titles})\.?\s+([A-Z][a-z][\w’'-]*(?:\s+[A-Z][a-z][\w’'-]*){{0,2}})")


def _titled(article: Article, found) -> list[tuple[str, str, Span]]:
    """People the parser missed, found after a title: 'President Ana Torres'."""
    taken = [(s.start, s.end) for _, _, s in found]
    out = []
    for m in _title_pattern().finditer(article.body):
        s, e = m.span(1)
        if not any(a < e and s < b for a, b in taken):
            out.append((m.group(1), "person", Span(article.id, s, e, m.group(1))))
    return out


def _surnames(article: Article, people: list[str], found) -> list[tuple[str, str, Span]]:
    """Later mentions of a person by surname alone that the parser missed."""
    taken = [(s.start, s.end) for _, _, s in found if s.article == article.id]
    out = []
    for p in people:
        for m in re.finditer(rf"\b{re.escape(p.split()[-1])}\b", article.body):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                out.append((m.group(), "person", Span(article.id, m.start(), m.end(), m.group())))
                taken.append(m.span())
    return out


def _untitled(text: str, kind: str) -> tuple[str, str]:
    """'Spokesperson Mara Lindqvist' -> ('Mara Lindqvist', 'person'): a title is not part of the name."""
    words = text.split()
    k = 0
    while k < len(words) - 1 and words[k].lower().strip(".") in TITLES:
        k += 1
    return (" ".join(words[k:]), "person") if k and len(words) - k >= 1 else (text, kind)


def _defined_acronyms(articles: list[Article]) -> dict[str, str]:
    """Acronyms defined in the text: 'special military operation (SVO)' -> {'svo': ...}."""
    defined = {}
    for article in articles:
        for match in _DEFINED.finditer(article.body):
            long, short = match.group(1).strip(), match.group(2)
            words = long.split()[-len(short):]
            if len(words) == len(short) and all(w[0].lower() == c.lower() for w, c in zip(words, short)):
                defined[short.lower()] = " ".join(words)
                continue
            known = alias_table().get(fold(short), ("",))[0]  # a foreign acronym: СВО, SVO
            if known and fold(long).endswith(fold(known)):
                defined[short.lower()] = known
    return defined


def _references(article: Article, mentions, local, people) -> list[tuple[str, Span]]:
    """Roles ('the Russian leader') and sentence-initial pronouns resolved to a person named before."""
    named = sorted(((span.start, canonical_name(name, kind, local, people)[0], _titles(article.body, span.start))
                    for name, kind, span in mentions if span.article == article.id and kind == "person"))
    if not named:
        return []
    out = []
    for m in _role_phrases(article.body):
        who = _match_role(named, m.start(), m.group(1) or "", m.group(2).lower())
        if who:
            out.append((who, Span(article.id, m.start(), m.end(), m.group())))
    for m in _PRONOUN.finditer(article.body):
        before = [n for n in named if n[0] < m.start() and m.start() - n[0] < 600]
        if before:
            out.append((before[-1][1], Span(article.id, m.start(), m.end(), m.group())))
    return out


@functools.lru_cache(maxsize=1)
def _role_pattern() -> re.Pattern:
    roles = "|".join(sorted((re.escape(r) for r in role_groups()), key=len, reverse=True))
    return re.compile(rf"\b[Tt]he\s+((?:[A-Z][\w’'-]+\s+){{1,2}})?({roles})\b(?!\s+(?:of\s+)?[A-Z])")


def _role_phrases(text: str):
    return [m for m in _role_pattern().finditer(text) if m.group(2)[0].islower()]


def _titles(text: str, start: int) -> set[str]:
    """The title words written just before a name: 'Russian President' -> {'russian', 'president'}."""
    before = text[max(0, start - 60) : start].split()[-4:]
    words = []
    for w in reversed(before):
        if not re.fullmatch(r"[\w’'-]+", w):
            break
        words.append(w.lower())
    return set(words)


def _match_role(named, at: int, qualifiers: str, role: str) -> str | None:
    group = role_groups()[role]
    need = {q.lower() for q in qualifiers.split()}
    for _, canonical, titles in reversed([n for n in named if n[0] < at]):
        if need <= titles and any(role_groups().get(t) == group for t in titles):
            return canonical
    return None
