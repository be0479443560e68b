"""What does not add up across the versions of a story: flags with the spans involved and a reason.

First version: quotes carried by one version only, and sentences whose only authority is an
anonymous or vague source. Issue "Checks a reader needs" adds the rest.
"""

from __future__ import annotations

from .types import Article, Flag, Label, Sentence, Span, StoryAlignment


def run(articles: list[Article], sentences: dict[str, list[Sentence]], labels: dict[str, list[Label]],
        alignment: StoryAlignment) -> list[Flag]:
    flags: list[Flag] = []
    if len(articles) > 1:
        flags += _single_version_quotes(alignment, labels)
    for a in articles:
        flags += _weak_sources(a, sentences[a.id], labels[a.id])
    return flags


def _single_version_quotes(alignment: StoryAlignment, labels) -> list[Flag]:
    lone = {(art, start) for art, start, ids in alignment.quote_found_in if len(ids) == 1}
    flags = []
    for labs in labels.values():
        for lab in labs:
            for q in lab.quotes:
                if (q.article, q.start) not in lone:
                    continue
                who = f"credited to {q.speaker}" if q.speaker else "with no speaker"
                flags.append(Flag("single_version_quote", Span(q.article, q.start, q.end, q.text),
                                  f"a direct quote {who} that no other version carries"))
    return flags


def _weak_sources(article: Article, sentences: list[Sentence], labels: list[Label]) -> list[Flag]:
    flags = []
    for sent, lab in zip(sentences, labels):
        kinds = set(lab.attribution)
        if sent.headline or not kinds or kinds - {"anonymous", "vague"}:
            continue
        kind = "anonymous" if "anonymous" in kinds else "vague"
        names = ", ".join(s.name or s.cue or "?" for s in lab.sources if s.kind == kind)
        flags.append(Flag(f"{kind}_source", Span(article.id, sent.start, sent.end, sent.text),
                          f"the sentence stands only on {kind} sourcing ({names})"))
    return flags
