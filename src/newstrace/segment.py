"""Sentences with offsets, from spaCy's parser, one paragraph at a time.

Quotes that run over several sentences stay attached to their speaker: a sentence that lies inside a
quote opened earlier (or is a quote on its own right after a quoted sentence) records in `continues`
the index of the sentence that opened the quote.
"""

from __future__ import annotations

import re

from . import nlp, quotes
from .types import Article, Sentence

_PARAGRAPH = re.compile(r"[^\n]+")
_CLOSERS = "’”»)]"
_STRAIGHT = "\""


def sentences(article: Article) -> list[Sentence]:
    """The headline (if any) as sentence 0, then every body sentence in order."""
    found: list[Sentence] = []
    if article.title:
        found.append(Sentence(article.id, 0, 0, len(article.title), article.title, headline=True))
    paragraphs = paragraphs_of(article.body)
    docs = nlp.parse([text for _, text in paragraphs])
    for number, ((offset, text), doc) in enumerate(zip(paragraphs, docs)):
        for start, end in _bounds(text, doc):
            found.append(
                Sentence(article.id, len(found), offset + start, offset + end,
                         text[start:end], paragraph=number)
            )
    return _link_quotes(article.body, found)


def paragraphs_of(body: str) -> list[tuple[int, str]]:
    """(offset, text) of each paragraph: one per line of a normalized body."""
    return [(m.start(), m.group()) for m in _PARAGRAPH.finditer(body)]


def paragraph_bounds(body: str, start: int, end: int) -> tuple[int, int]:
    """Start and end offsets of the paragraph holding `body[start:end]`."""
    last = body.find("\n", end)
    return body.rfind("\n", 0, start) + 1, (last if last >= 0 else len(body))


def sentence_span(article: Article, sentence: Sentence):
    """The spaCy span of a body sentence, parsed with its paragraph as `sentences` parsed it (so
    `nlp.parse` serves it from its cache), and the paragraph's offset in the body."""
    start, end = paragraph_bounds(article.body, sentence.start, sentence.end)
    doc = nlp.parse([article.body[start:end]])[0]
    return doc.char_span(sentence.start - start, sentence.end - start, alignment_mode="expand"), start


def _bounds(text: str, doc) -> list[tuple[int, int]]:
    """spaCy's sentence spans, mended where it splits after a closing quote mark or mid-sentence."""
    bounds: list[tuple[int, int]] = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        piece = text[start:end].strip()
        if not piece:
            continue
        glued = piece[0] in _CLOSERS or piece[0].islower() or piece[0] in ",;:—–" or (
            bounds and piece[0] in _STRAIGHT and text[bounds[-1][0] : start].count(piece[0]) % 2 == 1)
        if bounds and glued:
            bounds[-1] = (bounds[-1][0], end)
        else:
            bounds.append((start, end))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e - (len(text[s:e]) - len(text[s:e].rstrip())))
            for s, e in bounds]


def _link_quotes(body: str, found: list[Sentence]) -> list[Sentence]:
    """Set `continues` on sentences that carry on a quote opened in an earlier sentence."""
    spans = quotes.spans(body)
    linked: list[Sentence] = []
    opener: int | None = None  # sentence that opened the quote in progress
    previous_quoted: int | None = None
    left_open: int | None = None  # a quote ran to the end of the previous paragraph unclosed
    for sent in found:
        if sent.headline:
            linked.append(sent)
            continue
        inside = [q for q in spans if q.start < sent.end and q.end > sent.start]
        continues = None
        if inside and inside[0].start < sent.start:  # a quote opened before this sentence
            continues = opener
        elif inside and left_open is not None and inside[0].start <= sent.start + 1:
            continues = left_open
        elif inside and _wholly_quoted(body, sent, inside) and previous_quoted is not None:
            continues = previous_quoted
        left_open = None
        if continues is not None:
            sent = Sentence(**{**sent.__dict__, "continues": continues})
        if inside:
            opener = sent.continues if sent.continues is not None else sent.index
            previous_quoted = opener
            if not inside[-1].closed and inside[-1].end <= sent.end:
                left_open = opener
        else:
            previous_quoted = None
        linked.append(sent)
    return linked


def _wholly_quoted(body: str, sent: Sentence, inside) -> bool:
    """The sentence is nothing but a quote: no words of the writer outside the marks."""
    outside = body[sent.start : inside[0].start] + body[inside[-1].end : sent.end]
    return not any(ch.isalnum() for ch in outside)
