"""On whose authority does each sentence stand? Attribution kinds, sources, hedges and quotes.

The spaCy parse decides how the words relate: a reporting verb and its subject, "according to" and
its object, a passive "is said to" with no agent. The words themselves (reporting verbs, hedge cues,
anonymity phrases, vague-source nouns) come from the data files read by `lexicon`.
"""

from __future__ import annotations

from dataclasses import dataclass

from . import lexicon, nlp, quotes
from .types import Article, Label, Quote, Sentence, Source

SPEECH_NOUNS = frozenset(
    "remark remarks statement message words emphasis hope comments comment speech letter greeting "
    "address mention reference description account claim claims announcement".split()
)
ROLE_DETERMINERS = {"a", "an", "one", "two", "three", "several", "some"}
PRONOUNS = {"he", "she", "him", "her", "they"}


@dataclass(frozen=True)
class _Frame:
    source: Source
    scope: frozenset[int]  # token indices (in the doc) whose claim this source carries


def label(article: Article, sentences: list[Sentence]) -> list[Label]:
    """One Label per sentence of `article`, in order."""
    body_quotes = quotes.spans(article.body)
    people: list[str] = []
    labels: list[Label] = []
    for sent in sentences:
        if sent.headline:
            labels.append(_headline(article, sent))
            continue
        span = _span(article, sent)
        own = _label(article, sent, span, body_quotes, people, labels)
        labels.append(own)
        people.extend(e.text for e in span.ents if e.label_ == "PERSON")
    return labels


def _span(article: Article, sent: Sentence):
    start = article.body.rfind("\n", 0, sent.start) + 1
    end = article.body.find("\n", sent.end)
    paragraph = article.body[start : (end if end >= 0 else len(article.body))]
    doc = nlp.parse([paragraph])[0]
    return doc.char_span(sent.start - start, sent.end - start, alignment_mode="expand")


def _headline(article: Article, sent: Sentence) -> Label:
    doc = nlp.parse([sent.text])[0]
    return Label(article.id, sent.index, ("unattributed",), hedges=_hedges(doc[:], set()))


def _label(article, sent, span, body_quotes, people, previous) -> Label:
    inside = [q for q in body_quotes if q.start < sent.end and q.end > sent.start]
    quoted = {t.i for t in span if any(q.start <= span.doc[t.i].idx + _off(span, sent) < q.end for q in inside)}
    frames = _frames(span, people)
    if quoted and not any(f.scope & quoted for f in frames):
        frames += _speech_owner(span, people, quoted)
    hedges = _hedges(span, quoted)
    kinds = [f.source.kind for f in frames]
    if sent.continues is not None and not frames:
        lead = next((lab for lab in previous if lab.index == sent.continues), None)
        if lead is not None and lead.quotes:
            speaker = lead.quotes[0]
            frames = [_Frame(Source(speaker.speaker_kind, speaker.speaker, None), frozenset(quoted))]
            kinds = [speaker.speaker_kind]
    if _uncovered(span, frames, quoted):
        kinds.append("unattributed")
    found_quotes = _quotes(article, sent, inside, frames)
    attribution = tuple(dict.fromkeys(kinds)) or ("unattributed",)
    return Label(article.id, sent.index, attribution, tuple(f.source for f in frames), hedges, found_quotes)


def _off(span, sent: Sentence) -> int:
    """Offset that turns a doc character index into a body offset."""
    return sent.start - span.start_char


def _frames(span, people: list[str]) -> list[_Frame]:
    frames = []
    for tok in span:
        frame = _according_to(tok, span, people) or _reporting(tok, span, people)
        if frame is not None:
            frames.append(frame)
    return frames


def _speech_owner(span, people, quoted: set[int]) -> list[_Frame]:
    """A quote carried by a possessed speech noun: "Putin's emphasis on 'friendly relations'"."""
    for tok in span:
        if tok.lemma_.lower() in SPEECH_NOUNS or tok.lower_ in SPEECH_NOUNS:
            owner = next((c for c in tok.children if c.dep_ == "poss"), None)
            if owner is not None:
                return [_Frame(_source(owner, span, people, f"{owner.text}'s {tok.text}"), frozenset(quoted))]
    return []


def _according_to(tok, span, people) -> _Frame | None:
    if tok.lower_ != "according":
        return None
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if obj is None:
        return None
    source = _source(obj, span, people, "according to")
    return _Frame(source, _subtree(tok.head) - _subtree(tok) | _subtree(tok))


def _reporting(tok, span, people) -> _Frame | None:
    if tok.pos_ not in ("VERB", "AUX") or tok.lemma_.lower() not in lexicon.words("reporting_verbs"):
        if not (tok.pos_ == "VERB" and tok.lemma_.lower() in lexicon.words("passive_cues")):
            return None
    subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    agent = next((c for c in tok.children if c.dep_ == "agent"), None)
    passive = any(c.dep_ == "auxpass" for c in tok.children) or (tok.tag_ == "VBN" and tok.dep_ in ("acl", "advcl"))
    scope = _subtree(tok.head if tok.dep_ == "advcl" else tok)
    if agent is not None:
        who = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if who is not None:
            return _Frame(_source(who, span, people, f"{tok.text} by"), scope)
    if passive and tok.lemma_.lower() in lexicon.words("passive_cues"):
        aux = " ".join(c.text for c in tok.children if c.dep_ == "auxpass")
        return _Frame(Source("vague", None, f"{aux} {tok.text}".strip()), scope)
    if subject is None or tok.lemma_.lower() not in lexicon.words("reporting_verbs"):
        return None
    return _Frame(_source(subject, span, people, tok.text), scope)


def _source(head, span, people: list[str], cue: str) -> Source:
    """Classify the noun phrase headed by `head` as a source, and name it."""
    phrase = " ".join(t.text for t in head.subtree if t.dep_ not in ("punct",))
    sentence = span.text.lower()
    lemma = head.lemma_.lower()
    if any(p in sentence for p in lexicon.words("anonymous")) and head.pos_ != "PROPN":
        return Source("anonymous", phrase, cue)
    if lemma in SPEECH_NOUNS:
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        if owner is not None:
            return _source(owner, span, people, cue)
    if head.lower_ in PRONOUNS and head.lower_ != "they":
        return Source("on_record", people[-1] if people else head.text, cue)
    if head.pos_ == "PROPN" or head.ent_type_ in ("PERSON", "ORG", "GPE", "NORP"):
        return Source("on_record", _entity_name(head), cue)
    if lemma in lexicon.words("vague"):
        return Source("vague", phrase, cue)
    det = next((c.lower_ for c in head.children if c.dep_ in ("det", "nummod")), "")
    if det in ROLE_DETERMINERS:
        return Source("anonymous", phrase, cue)
    if det == "the" and people:
        return Source("on_record", people[-1], cue)
    return Source("vague", phrase, cue)


def _entity_name(head) -> str:
    for ent in head.doc.ents:
        if ent.start <= head.i < ent.end:
            return ent.text
    left = [t for t in head.lefts if t.dep_ == "compound"]
    return " ".join([t.text for t in left] + [head.text])


def _subtree(tok) -> frozenset[int]:
    return frozenset(t.i for t in tok.subtree)


def _uncovered(span, frames: list[_Frame], quoted: set[int]) -> bool:
    """Does the sentence make a claim (a clause) that no source carries?"""
    if not frames:
        return True
    covered = set(quoted)
    for frame in frames:
        covered |= frame.scope
    for tok in span:
        if tok.i in covered:
            continue
        if tok.pos_ in ("VERB", "AUX") and tok.dep_ in ("ROOT", "relcl", "conj", "ccomp", "acl", "advcl"):
            return True
    return False


def _hedges(span, quoted: set[int]) -> tuple[str, ...]:
    cues = lexicon.words("hedges")
    found = []
    for tok in span:
        if tok.i in quoted:
            continue
        if tok.lower_ in ("may", "might", "could") and tok.tag_ != "MD":
            continue
        if tok.lower_ in cues or (tok.pos_ == "VERB" and tok.lemma_.lower() in cues):
            found.append(tok.text)
    return tuple(found)


def _quotes(article: Article, sent: Sentence, inside, frames: list[_Frame]) -> tuple[Quote, ...]:
    found = []
    speaker = next((f.source for f in frames if f.source.kind != "vague" or f.source.name), None)
    for q in inside:
        start, end = max(q.start, sent.start), min(q.end, sent.end)
        text = article.body[start:end]
        who = speaker.name if speaker else None
        kind = speaker.kind if speaker else "unattributed"
        found.append(Quote(article.id, sent.index, start, end, text, who, kind))
    return tuple(found)
