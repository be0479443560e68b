"""One canonical name per entity in a story: alias table, acronyms defined in the text, surnames.

The alias table (`data/aliases.tsv`) holds transliterations, foreign acronyms and misnamings with
their provenance; acronyms defined in the text ("special military operation (SVO)") and surnames of
people named in full are resolved from the articles themselves.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from . import nlp
from .types import Article, Entity, Span

_DEFINED = re.compile(r"([A-Z][\w’'\- ]+?|[a-z][\w\- ]+?)\s+\(([A-ZА-Я]{2,6})\)")
_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "place", "NORP": "group", "LOC": "place",
          "FAC": "place", "EVENT": "event"}


@functools.lru_cache(maxsize=1)
def alias_table() -> dict[str, tuple[str, str]]:
    """alias (lower-cased) -> (canonical, type), canonical names included."""
    text = resources.files(__package__).joinpath("data", "aliases.tsv").read_text(encoding="utf-8")
    table: dict[str, tuple[str, str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        canonical, kind, alias = line.split("\t")[:3]
        table[alias.lower()] = (canonical, kind)
        table.setdefault(canonical.lower(), (canonical, kind))
    return table


def resolve(articles: list[Article]) -> list[Entity]:
    """The story's entities with every mention, merged under one canonical name."""
    mentions = [m for a in articles for m in _mentions(a)]
    local = _defined_acronyms(articles)
    full_people = {name for name, kind, _ in mentions if kind == "person" and " " in name}
    groups: dict[str, tuple[str, list[Span]]] = {}
    for name, kind, span in mentions:
        canonical, kind = canonical_name(name, kind, local, full_people)
        groups.setdefault(canonical, (kind, []))[1].append(span)
    return [Entity(c, k, tuple(s)) for c, (k, s) in groups.items()]


def canonical_name(name: str, kind: str, local: dict[str, str] | None = None,
                   people: set[str] | frozenset = frozenset()) -> tuple[str, str]:
    key = name.lower().removeprefix("the ").strip()
    local = local or {}
    if key in local:
        key = local[key].lower()
    if key in alias_table():
        return alias_table()[key]
    if kind == "person" and " " not in name:
        longer = sorted(p for p in people if p.split()[-1] == name)
        if longer:
            return canonical_name(longer[0], kind, local, people)
    return (local.get(name.lower(), name), kind)


def _mentions(article: Article) -> list[tuple[str, str, Span]]:
    found = []
    for start, doc in _paragraph_docs(article):
        for ent in doc.ents:
            kind = _TYPES.get(ent.label_)
            if kind is None:
                continue
            text = ent.text.removeprefix("the ").removesuffix("’s").removesuffix("'s")
            s = start + ent.start_char + ent.text.find(text)
            found.append((text, kind, Span(article.id, s, s + len(text), text)))
    for match in _DEFINED.finditer(article.body):
        s = match.start(2)
        found.append((match.group(2), "term", Span(article.id, s, match.end(2), match.group(2))))
    return found


def _paragraph_docs(article: Article):
    starts = [m.start() for m in re.finditer(r"[^\n]+", article.body)]
    texts = [article.body[s : article.body.find("\n", s) if "\n" in article.body[s:] else None] for s in starts]
    return zip(starts, nlp.parse(texts))


def _defined_acronyms(articles: list[Article]) -> dict[str, str]:
    """Acronyms defined in the text: 'special military operation (SVO)' -> {'svo': ...}."""
    defined = {}
    for article in articles:
        for match in _DEFINED.finditer(article.body):
            long, short = match.group(1).strip(), match.group(2)
            words = long.split()[-len(short):]
            if len(words) == len(short) and all(w[0].lower() == c.lower() for w, c in zip(words, short)):
                defined[short.lower()] = " ".join(words)
    return defined
