"""On whose authority does each sentence stand? Attribution kinds, sources, hedges and quotes.

For each sentence, `sources.find` reads the attribution frames from the spaCy parse (a cue, the source
it names, the words it carries). What no frame carries and no quote holds is the writer's own claim
(`unattributed`), and so is the writer's gloss set inside a sourced sentence: a clause describing the
source ("Putin's remarks, delivered in a tone of ...") or a closing appositive ("..., a term that
...", "..., a testament to ..."). Hedge cues come from `hedges`, quote spans from `quotes`; a quote
that carries on an earlier one keeps that quote's speaker.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import hedges, lexicon, nlp, quotes, segment, sources
from .sources import Context, Frame
from .types import Article, Label, Quote, Sentence, Source

CLAUSES = ("ROOT", "relcl", "conj", "ccomp", "acl", "advcl", "parataxis", "pcomp", "csubj")
SET_OFF = {",", "—", "–", "-", ";", ":"}


@dataclass(frozen=True)
class Reading:
    """A sentence's label with the frames behind it (`written` offsets point into the body)."""

    label: Label
    frames: tuple[Frame, ...]


def label(article: Article, sentences: list[Sentence]) -> list[Label]:
    """One Label per sentence of `article`, in order."""
    return [r.label for r in read(article, sentences)]


def read(article: Article, sentences: list[Sentence]) -> list[Reading]:
    """One Reading per sentence of `article`, in order."""
    body_quotes = quotes.spans(article.body)
    ctx = Context()
    readings: list[Reading] = []
    for sent in sentences:
        if sent.headline:
            readings.append(_headline(article, sent, ctx))
            continue
        span = segment.sentence_span(article, sent)[0]
        readings.append(_read(article, sent, span, body_quotes, ctx, readings))
    return _dash_lines(_backfill(sentences, readings))


def _headline(article: Article, sent: Sentence, ctx: Context) -> Reading:
    """A headline stands on a frame only when it names one ("..., police say"); quotes stay in the body."""
    span = nlp.parse([sent.text])[0][:]
    quoted = _quoted(span, quotes.spans(sent.text), 0)
    frames = [f for f in sources.find(span, quoted, Context(list(ctx.people))) if _is_verb_cue(span, f)]
    kinds = [f.source.kind for f in frames]
    if not frames or _uncovered(span, frames, quoted):
        kinds.append("unattributed")
    lab = Label(article.id, sent.index, tuple(dict.fromkeys(kinds)), tuple(f.source for f in frames),
                hedges.find(span, quoted))
    return Reading(lab, ())


def _is_verb_cue(span, frame: Frame) -> bool:
    return frame.cue is not None and span.doc[frame.cue].pos_ in ("VERB", "AUX") or (
        frame.cue is not None and span.doc[frame.cue].lower_ == "according")


def _read(article, sent, span, body_quotes, ctx: Context, previous: list[Reading]) -> Reading:
    inside = [q for q in body_quotes if q.start < sent.end and q.end > sent.start]
    offset = sent.start - span.start_char
    quoted = _quoted(span, inside, offset)
    _note_people(ctx, span, quoted)
    found = sources.find(span, quoted, ctx)
    frames = [f for f in found if f.source.kind != "unattributed"]  # cues of the writer's own claims
    frames += _quote_owner(span, quoted, frames, ctx, sent, previous)
    kinds = [f.source.kind for f in frames]
    if _uncovered(span, frames, quoted):
        kinds.append("unattributed")
    quoted_ = _quotes(article, sent, span, inside, frames, offset)
    attribution = tuple(dict.fromkeys(kinds)) or ("unattributed",)
    ctx.recent.extend(f.source for f in frames if f.source.kind != "vague")
    everything = frames + [f for f in found if f.source.kind == "unattributed"]
    lab = Label(article.id, sent.index, attribution, tuple(f.source for f in everything),
                hedges.find(span, quoted), quoted_)
    return Reading(lab, tuple(_to_body(f, offset) for f in everything))


def _quoted(span, inside, offset: int) -> set[int]:
    """Doc indices of the tokens of `span` that lie inside quotation marks."""
    return {t.i for t in span if any(q.start <= t.idx + offset < q.end for q in inside)}


def _note_people(ctx: Context, span, quoted: set[int]) -> None:
    """Persons named before this sentence, and in it (for "he" later in the same sentence)."""
    stop = lexicon.words("not_people")
    for ent in span.ents:
        if ent.label_ == "PERSON" and not any(t.lower_ in stop for t in ent) and ent.start not in quoted:
            name = ent.text.removesuffix("’s").removesuffix("'s")
            ctx.people.append(sources.full_name(name, ctx))  # "Putin" after "Vladimir Putin"
    root = span.root
    subject = next((c for c in root.children if c.dep_ == "nsubj" and c.pos_ == "PROPN"), None)
    if subject is not None and not subject.ent_type_ and subject.i not in quoted:
        name = " ".join(t.text for t in subject.lefts if t.dep_ == "compound" and t.pos_ == "PROPN")
        name = f"{name} {subject.text}".strip()
        if not ctx.people or name not in ctx.people[-1]:
            ctx.people.append(name)


def _quote_owner(span, quoted, frames, ctx, sent, previous) -> list[Frame]:
    """A quote no frame carries: its speech noun's owner, or the speaker of the quote it continues."""
    loose = quoted - set().union(*(f.scope for f in frames)) if frames else set(quoted)
    if not loose:
        return []
    owner = _speech_owner(span, loose, ctx)
    if owner is not None:
        return [owner]
    if sent.continues is not None and not frames:
        lead = next((r for r in previous if r.label.index == sent.continues), None)
        if lead is not None and lead.label.quotes:
            q = lead.label.quotes[-1]
            return [Frame(Source(q.speaker_kind, q.speaker, None), frozenset(quoted))] if q.speaker else []
    return []


def _speech_owner(span, loose: set[int], ctx: Context) -> Frame | None:
    """"Putin's emphasis on 'friendly relations'", "the mention of 'sapper troops'"."""
    nouns = lexicon.words("speech_nouns")
    for i in sorted(loose):
        for anc in span.doc[i].ancestors:
            if anc.i in loose or anc.pos_ != "NOUN" or anc.lemma_.lower() not in nouns:
                continue
            owner = next((c for c in anc.children if c.dep_ == "poss"), None)
            if owner is None and not any(s.kind == "on_record" for s in ctx.recent):
                continue
            source = (sources.classify(owner, ctx, anc.text) or Source("vague", owner.text, anc.text)) if owner is not None else next(
                Source(s.kind, s.name, anc.text) for s in reversed(ctx.recent) if s.kind == "on_record")
            scope = {anc.i} | (sources.subtree(owner) if owner is not None else set())
            scope |= {t.i for t in anc.subtree if t.pos_ not in ("VERB", "AUX")}  # the quote, not a predicate
            return Frame(source, frozenset(scope | loose), anc.i, sources.written(owner) if owner is not None else None)
    return None


def _glosses(span, frames: list[Frame]) -> frozenset[int]:
    """Tokens of the writer's gloss: a clause set off after a source, or a closing appositive."""
    gloss: set[int] = set()
    heads = {f.written for f in frames if f.written}
    for tok in span:
        if _describes_source(tok, heads) or _closing_appositive(tok, span):
            gloss |= sources.subtree(tok)
    return frozenset(gloss)


def _describes_source(tok, heads) -> bool:
    """"Putin's remarks, delivered in a tone of ...": a participle or relative clause on the source."""
    if tok.dep_ not in ("acl", "relcl") or tok.i == 0 or tok.doc[tok.left_edge.i - 1].text not in SET_OFF:
        return False
    head = tok.head
    if not any(s <= head.idx < e for s, e in heads):
        return False
    text = " ".join(t.lower_ for t in tok.subtree)
    return not any(p in text for p in lexicon.words("anonymous"))


def _closing_appositive(tok, span) -> bool:
    """"..., a term that has long been ...": an indefinite noun phrase set off after the clause."""
    if tok.dep_ not in ("appos", "dobj", "npadvmod", "attr", "conj") or tok.head.i > tok.i:
        return False
    det = next((c for c in tok.children if c.dep_ == "det"), None)
    if tok.lower_ == "one" and any(c.dep_ == "relcl" for c in tok.children):
        det = tok  # "..., one that seeks to ..."
    elif tok.pos_ != "NOUN" or det is None or det.lower_ not in ("a", "an") or tok.left_edge != det:
        return False
    before = det.i - 1
    while before > span.start and span.doc[before].is_quote:
        before -= 1
    return before >= span.start and span.doc[before].text in SET_OFF and tok.head.i < before


def _uncovered(span, frames: list[Frame], quoted: set[int]) -> bool:
    """Does the sentence make a claim (a clause) that no source carries?"""
    if not frames:
        return True
    gloss = _glosses(span, frames)
    covered = set(quoted).union(*(f.scope if f.cue in gloss else f.scope - gloss for f in frames))
    covered |= {f.cue for f in frames if f.cue is not None}
    return any(tok.i not in covered and tok.pos_ in ("VERB", "AUX") and tok.dep_ in CLAUSES for tok in span)


def _quotes(article, sent, span, inside, frames: list[Frame], offset: int) -> tuple[Quote, ...]:
    """The quotes of the sentence, each credited to the frame that carries it."""
    found = []
    for q in inside:
        start, end = max(q.start, sent.start), min(q.end, sent.end)
        while end > start and article.body[end - 1] in ",;: ":
            end -= 1  # "'We will rebuild,' she said": the comma is the sentence's, not the speaker's
        toks = {t.i for t in span if start <= t.idx + offset < end and not t.is_punct}
        carrier = _carrier(toks, frames)
        who = carrier.source.name if carrier else None
        kind = carrier.source.kind if carrier else "unattributed"
        found.append(Quote(article.id, sent.index, start, end, article.body[start:end], who, kind))
    return tuple(found)


def _carrier(toks: set[int], frames: list[Frame]) -> Frame | None:
    """The frame whose scope holds most of the quote; the narrowest one on ties."""
    best = max(frames, key=lambda f: (len(toks & f.scope), bool(f.source.name), f.source.cue != "according to",
                                      -len(f.scope)), default=None)  # "According to X, Y said '...'": Y
    if best is None or not toks & best.scope:
        cued = [f for f in frames if f.cue is not None and f.source.name]
        return min(cued, key=lambda f: min(abs(f.cue - i) for i in toks), default=None) if toks else None
    return best


def _to_body(frame: Frame, offset: int) -> Frame:
    written = (frame.written[0] + offset, frame.written[1] + offset) if frame.written else None
    return Frame(frame.source, frame.scope, frame.cue, written)


def _backfill(sentences: list[Sentence], readings: list[Reading]) -> list[Reading]:
    """A quote opened without a speaker takes the speaker named later in the same quote."""
    by_index = {r.label.index: r for r in readings}
    followers: dict[int, list[int]] = {}
    for sent in sentences:
        if sent.continues is not None and sent.continues in by_index:
            followers.setdefault(sent.continues, []).append(sent.index)
    for lead, rest in followers.items():
        group = [lead, *rest]
        named = next((q for i in group for q in by_index[i].label.quotes if q.speaker), None)
        if named is None:
            continue
        for i in group:
            r = by_index[i]
            if not r.frames and r.label.quotes and all(q.speaker is None for q in r.label.quotes):
                by_index[i] = _credit(r, named)
    return [by_index[r.label.index] for r in readings]


def _dash_lines(readings: list[Reading]) -> list[Reading]:
    """A line "— Ana Ruiz" under a quote credits the quote above it that has no speaker yet."""
    out = list(readings)
    for n, r in enumerate(readings):
        dash = next((f.source for f in r.frames if (f.source.cue or "").strip("“”\"'’") in sources.DASHES), None)
        if dash is None or r.label.quotes or not dash.name:
            continue
        k = n - 1
        while k >= 0 and out[k].label.quotes and all(q.speaker is None for q in out[k].label.quotes):
            out[k] = _credit(out[k], Quote("", 0, 0, 0, "", dash.name, dash.kind))
            k -= 1
    return out


def _credit(reading: Reading, speaker: Quote) -> Reading:
    lab = reading.label
    source = Source(speaker.speaker_kind, speaker.speaker, None)
    quotes_ = tuple(Quote(q.article, q.sentence, q.start, q.end, q.text, speaker.speaker, speaker.speaker_kind)
                    for q in lab.quotes)
    kinds = (speaker.speaker_kind,)  # the sentence had no frame: it is all quote
    return Reading(Label(lab.article, lab.index, kinds, (*lab.sources, source), lab.hedges, quotes_), reading.frames)
