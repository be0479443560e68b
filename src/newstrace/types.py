"""Plain, frozen data types passed between the pipeline's stages.

Data flows one way:

    Draft (ingest) -> Article (normalize) -> Sentence (segment)
        -> Label (attribution) -> Story (stories) -> StoryAlignment (align)
        -> Flag (checks) -> view dict (view) -> text / JSON / HTML (render)

Offsets are character offsets into `Article.body` (end exclusive). A headline sentence is the one
exception: its offsets point into `Article.title`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LABELS = ("on_record", "anonymous", "vague", "unattributed")


@dataclass(frozen=True)
class Origin:
    """Where an article's bytes came from, so a reader can get back to them.

    `offset` and `length` are byte offsets of the record (a JSONL line, a WARC record) in `path`.
    """

    path: str | None = None      # the file read (None for a fetched URL)
    url: str | None = None       # the page's address: fetched, in a WARC header, or in the metadata
    feed: str | None = None      # the feed the entry came from
    entry: str | None = None     # the feed entry's id
    record: str | None = None    # WARC-Record-ID
    captured: str | None = None  # WARC-Date, or when the page was fetched
    offset: int | None = None
    length: int | None = None


@dataclass(frozen=True)
class Draft:
    """What a reader took out of one input, before normalisation."""

    source: str
    body: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    fmt: str = "text"
    language: str | None = None
    author: str | None = None
    origin: Origin | None = None


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str


@dataclass(frozen=True)
class Article:
    id: str
    source: str
    title: str | None
    body: str
    url: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    fmt: str = "text"
    author: str | None = None
    origin: Origin | None = None


@dataclass(frozen=True)
class Sentence:
    article: str
    index: int
    start: int
    end: int
    text: str
    headline: bool = False
    paragraph: int = 0
    continues: int | None = None  # index of the sentence whose quote this one carries on


@dataclass(frozen=True)
class Span:
    article: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Source:
    kind: str  # one of LABELS
    name: str | None
    cue: str | None


@dataclass(frozen=True)
class Quote:
    article: str
    sentence: int
    start: int
    end: int
    text: str
    speaker: str | None
    speaker_kind: str  # one of LABELS


@dataclass(frozen=True)
class Label:
    """What one sentence stands on: attribution kinds, who, hedges and quotes."""

    article: str
    index: int
    attribution: tuple[str, ...]
    sources: tuple[Source, ...] = ()
    hedges: tuple[str, ...] = ()
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class Merge:
    """Why two articles were put in one story."""

    a: str
    b: str
    similarity: float
    method: str
    shared: tuple[str, ...] = ()


@dataclass(frozen=True)
class Story:
    id: str
    articles: tuple[str, ...]
    merges: tuple[Merge, ...] = ()


@dataclass(frozen=True)
class Link:
    """Sentence `index` of `article` is carried by sentence `other_index` of `other`."""

    article: str
    index: int
    other: str
    other_index: int
    similarity: float


@dataclass(frozen=True)
class CoreItem:
    kind: str  # "quote" or "statement"
    text: str
    speaker: str | None
    via: str | None
    articles: tuple[str, ...]


@dataclass(frozen=True)
class StoryAlignment:
    story: str
    links: tuple[Link, ...]
    core: tuple[CoreItem, ...]
    core_sentences: frozenset[tuple[str, int]] = field(default_factory=frozenset)
    quote_found_in: tuple[tuple[str, int, tuple[str, ...]], ...] = ()  # (article, quote start, ids)


@dataclass(frozen=True)
class Entity:
    canonical: str
    type: str
    mentions: tuple[Span, ...]


@dataclass(frozen=True)
class Flag:
    kind: str
    span: Span
    why: str
    other: Span | None = None
