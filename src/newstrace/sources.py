"""Attribution frames in one parsed sentence: a cue, the source it names, and the words it carries.

A frame comes from the parse, not from the raw text: a reporting verb and its subject ("X said"), a
participle that inherits its clause's subject ("..., adding that"), "according to X", a passive with
an agent ("as described by X") or without one ("is said to", "is seen as": vague), a speech noun
("speculation among analysts"), or a dash after a quote ("— X"). `kind` tells what the source is:
on_record, anonymous or vague. The knowledge (which words) comes from the data files via `lexicon`.
"""

from __future__ import annotations

import re

from dataclasses import dataclass, field

from . import cues, lexicon
from .types import Source

PERSONAL = {"he", "she", "him", "her"}
PLURAL = {"they", "them"}
INDEFINITE = {"a", "an", "one", "two", "three", "four", "several", "some", "many", "most", "few", "other"}
VAGUE_DETERMINERS = {"some", "many", "most", "few", "several", "other", "certain"}
DEFINITE = {"the", "this", "that", "these", "those"}
NAMED = ("PERSON", "ORG", "GPE", "NORP", "FAC")
DASHES = {"—", "–", "--", "―"}
AGENT_ENDINGS = ("er", "or", "ist", "ian", "ant", "ent", "ee", "ess", "man", "woman", "people", "staff", "team",
                 "body", "group", "community", "public", "press", "media", "force", "member", "agency")


@dataclass
class Context:
    """What earlier sentences of the article tell about who is who."""

    people: list[str] = field(default_factory=list)  # persons named so far, last one last
    recent: list[Source] = field(default_factory=list)  # sources found so far


@dataclass(frozen=True)
class Frame:
    source: Source
    scope: frozenset[int]  # doc token indices whose claim this source carries
    cue: int | None = None  # doc index of the cue token
    written: tuple[int, int] | None = None  # doc character span of the source as written


def find(span, quoted: set[int], ctx: Context, learned: bool = True) -> list[Frame]:
    """Every frame whose cue lies in `span` outside quotation marks: the rules' frames, then the
    cues the trained model (`cues`) finds beyond them when `learned`."""
    frames = []
    for tok in span:
        if tok.i in quoted:
            continue
        frame = (_according_to(tok, ctx) or _verb(tok, ctx, quoted) or _speech_noun(tok, ctx)
                 or _dash(tok, span, quoted, ctx) or _reportedly(tok))
        if frame is not None:
            frames.append(frame)
    label = _speaker_label(span, ctx)
    if label is not None and not any(f.cue == label.cue for f in frames):
        frames.append(label)
    frames = _outside_sources(frames, span.doc)
    if learned:
        rule_cues = {f.cue for f in frames if f.cue is not None}
        found = [f for tok in cues.accepted(span, quoted, rule_cues)
                 if not (tok.text in cues.MARKS and any(tok.i - 5 < i < tok.i for i in rule_cues))
                 and (f := _learned(tok, span, quoted, ctx))]
        frames = _outside_sources([*frames, *found], span.doc)
    return [_trim(f, span) for f in frames]


def _reportedly(tok) -> Frame | None:
    """"reportedly" with nobody named: it is reported, by someone unsaid."""
    if tok.lower_ not in lexicon.words("vague_adverbs"):
        return None
    return Frame(Source("vague", None, tok.text), subtree(tok.head), tok.i)


def _outside_sources(frames: list[Frame], doc) -> list[Frame]:
    """Drop frames whose cue lies inside another frame's source ("an official, who asked not to be named")."""
    spans = [f.written for f in frames if f.written]
    return [f for f in frames if f.cue is None or not any(
        s <= doc[f.cue].idx < e for s, e in spans if (s, e) != f.written)]


def _learned(tok, span, quoted, ctx) -> Frame | None:
    """A frame for a cue the model found: its source is the subject, agent or owner, or the name
    before a colon or dash; no source, no frame."""
    if tok.text in cues.MARKS:
        before = [t for t in span.doc[span.start : tok.i] if t.pos_ in ("PROPN", "NOUN", "PRON")]
        if not before or tok.i - span.start > 6 and not any(t.i in quoted for t in span.doc[tok.i + 1 : tok.i + 3]):
            return None  # a colon or dash that introduces a speaker's words, not a list or an aside
        head, scope = before[-1], frozenset(range(tok.i, span.end))
    else:
        head = _subject(tok) or _agent(tok) or next((c for c in tok.children if c.dep_ == "poss"), None)
        scope = subtree(tok) if tok.pos_ != "NOUN" else frozenset(
            t.i for t in tok.subtree if t.pos_ not in ("VERB", "AUX"))  # a speech noun carries no predicate
        if head is None:  # a cue with nobody named: recorded, and the claim stays the writer's
            return Frame(Source("unattributed", None, _cue_text(tok)), scope, tok.i)
        if not _speaks(head, tok.lemma_.lower(), tok, quoted):
            return None
    source = classify(head, ctx, _cue_text(tok)) if tok.text not in cues.MARKS else None
    source = source or _fallback(head, _cue_text(tok))
    bare = tok.lemma_.lower() in lexicon.words("clause_verbs") and not _has_content(tok, quoted)
    if bare or not (_speechlike(tok) or tok.text in cues.MARKS) or classify(head, ctx, "") is None and tok.text not in cues.MARKS:
        # "X wants ...", "the ad mentions ...": a cue, but the claim is the writer's
        source = Source("unattributed", source.name, source.cue)
    return Frame(source, scope, tok.i, written(head))


def _speechlike(tok) -> bool:
    lemma = tok.lemma_.lower()
    if tok.pos_ == "NOUN":
        return lemma in lexicon.words("speech_nouns")
    return any(lemma in lexicon.words(name) for name in (
        "reporting_verbs", "cognition_verbs", "inference_verbs", "passive_cues"))


def _fallback(head, cue: str) -> Source:
    if head.pos_ == "PROPN" or head.ent_type_ in NAMED:
        return Source("on_record", _phrase(head), cue)
    return Source("vague", _phrase(head), cue)


# ---------------------------------------------------------------- cues

def _according_to(tok, ctx) -> Frame | None:
    if tok.lower_ != "according":
        return None
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    obj = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    if obj is None:
        return None
    comma = next((t for t in obj.subtree if t.text == "," and to.i < t.i < obj.i), None)
    if comma is not None:  # a misparse that runs the object on into the clause: "to the X, 14 crews"
        source = _before_comma(tok.doc[to.i + 1 : comma.i], ctx)
    else:
        source = classify(obj, ctx, "according to")
        if source is None and not _attests(obj):
            return None  # "according to a fixed rhythm": in line with, not on the word of
        source = source or Source("vague", _phrase(obj), "according to")
    scope = subtree(tok.head) if tok.head is not tok else subtree(tok)
    return Frame(source, scope, tok.i, written(obj))


def _before_comma(words, ctx: Context) -> Source:
    """The source named by the words between "according to" and a comma, without a usable parse."""
    phrase, last = words.text, words[-1]
    if any(t.pos_ == "PROPN" for t in words):
        return Source("on_record", phrase, "according to")
    earlier = _antecedent(last, ctx)
    if earlier is not None:
        return Source(earlier.kind, earlier.name, "according to")
    known = lexicon.words("bodies") | lexicon.words("public_roles")
    return Source("on_record" if last.lemma_.lower() in known else "vague", phrase, "according to")


def _verb(tok, ctx, quoted) -> Frame | None:
    """A verb of saying or believing with its source: agent, nobody (passive), or subject."""
    if tok.pos_ not in ("VERB", "AUX") and not _verb_tagged_noun(tok):
        return None
    lemma = tok.lemma_.lower()
    reporting = lemma in lexicon.words("reporting_verbs") or lemma in lexicon.words("cognition_verbs")
    agent = _agent(tok)
    if agent is not None and (reporting or lemma in lexicon.words("agent_verbs")):
        source = classify(agent, ctx, f"{tok.text} by")
        if source is None and not _someone(agent):
            return None  # "released by the hydrolysis of ATP", "characterised by a fusion of styles"
        source = source or Source("vague", _phrase(agent), f"{tok.text} by")
        return Frame(source, _clause(tok), tok.i, written(agent))
    if _passive(tok) and lemma in lexicon.words("passive_cues") and not _naming(tok) and not _sighted(tok):
        aux = " ".join(c.text for c in tok.children if c.dep_ == "auxpass")
        return Frame(Source("vague", None, f"{aux} {tok.text}".strip()), _clause(tok), tok.i)
    if not reporting or _passive(tok):
        return None
    return _said_by_subject(tok, lemma, ctx, quoted)


def _said_by_subject(tok, lemma: str, ctx, quoted) -> Frame | None:
    """"X said ...", "..., said X", "X, speaking to reporters, added that ..."."""
    subject = _subject(tok)
    if subject is None or subject.lower_ in ("i", "we", "it", "that", "this", "which", "there"):
        return None
    if lemma in lexicon.words("clause_verbs") and not _has_content(tok, quoted):
        return None
    source = classify(subject, ctx, _cue_text(tok))
    if source is None or not _speaks(subject, lemma, tok, quoted):
        return None
    return Frame(source, subtree(tok), tok.i, written(subject))


def _someone(head) -> bool:
    """Could the noun phrase headed by `head` speak: a person, a group, a body or a medium? A noun of
    agency ("physicians", "editors", "residents") counts; "the hydrolysis", "a mix" do not."""
    lemma = head.lemma_.lower()
    named = any(t.pos_ == "PROPN" or t.ent_type_ in NAMED for t in head.subtree)  # "Scott's family"
    return named or head.pos_ == "PRON" or lemma.endswith(AGENT_ENDINGS) or any(
        lemma in lexicon.words(name) for name in ("vague", "roles", "bodies", "public_roles"))


def _attests(head) -> bool:
    """Can "according to" the noun phrase headed by `head` attribute? Not when it names a rule or a
    measure to go by ("according to a fixed schedule")."""
    return head.lemma_.lower() not in lexicon.words("norm_nouns") or any(t.pos_ == "PROPN" for t in head.subtree)


def _sighted(tok) -> bool:
    """"a bird was seen at the lake", "the hills can be seen": seeing, not a view attributed to anyone."""
    if tok.lemma_.lower() != "see" or any(c.lower_ == "as" or c.dep_ in ("xcomp", "oprd", "ccomp", "attr")
                                         for c in tok.children):
        return False
    if tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ in ("as", "to"):
        return False  # "was seen as more wedded to ...", parsed with "as" elsewhere
    return any(c.dep_ in ("prep", "advmod", "npadvmod") or c.lower_ in ("can", "could") for c in tok.children)


def _naming(tok) -> bool:
    """"is called X", "is known as X": a passive that names, and attributes nothing."""
    return tok.lemma_.lower() in ("call", "dub", "label", "know") and any(
        c.dep_ in ("oprd", "attr", "xcomp", "dobj") or (c.dep_ == "prep" and c.lower_ == "as") for c in tok.children)


def _verb_tagged_noun(tok) -> bool:
    """"Trump claims that ...": a verb the tagger read as a noun, with a subject and a clause."""
    return tok.pos_ == "NOUN" and any(c.dep_ == "nsubj" for c in tok.children) and any(
        c.dep_ == "ccomp" for c in tok.children)


def _speech_noun(tok, ctx) -> Frame | None:
    """"speculation among analysts", "reports from Moscow": a noun of speech with its source."""
    if tok.pos_ != "NOUN" or tok.lemma_.lower() not in lexicon.words("rumour_nouns"):
        return None
    who = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ in ("among", "from", "by")
                for g in c.children if g.dep_ == "pobj"), None) or next(
        (c for c in tok.children if c.dep_ == "poss"), None)
    specific = any(c.dep_ == "det" and c.lower_ not in ("a", "an", "some", "no") for c in tok.children)
    clause = any(c.dep_ in ("acl", "ccomp", "relcl") for c in tok.children)
    if who is None and specific and not clause:
        return None  # "the report was delayed": a document, not a crowd
    if who is None and not clause and not _voices(tok):
        return None  # "amid much speculation", "ended weeks of speculation", "the rumor mill": no source
    source = (classify(who, ctx, tok.text) if who is not None else None) or Source("vague", tok.text, tok.text)
    head = tok.head if tok.dep_ in ("dobj", "nsubj", "pobj", "attr") else tok
    while head.dep_ == "prep" or (head.pos_ == "ADP"):
        head = head.head
    if tok.dep_ == "pobj" and tok.head.head.lower_ == "according":
        return None  # "according to reports" is read by `_according_to`
    return Frame(source, subtree(head), tok.i, written(who) if who is not None else written(tok))


def _voices(tok) -> bool:
    """A rumour noun with no one named and no clause voices a claim only as the subject ("reports
    say", "speculation is that") or in "in reports"; as an object or in a phrase that sets the scene
    ("amid much speculation", "ended weeks of speculation", "the rumor mill") it is no source."""
    if tok.dep_ in ("nsubj", "nsubjpass"):
        return True
    return tok.dep_ == "pobj" and tok.head.lower_ in ("in", "by") and tok.head.head.pos_ in ("VERB", "AUX")


def _speaker_label(span, ctx) -> Frame | None:
    """A transcript's or a headline's speaker label: "PENCE: Well, ...", "Poll: Clinton leads"."""
    words = [t for t in span if not (t.is_quote or t.is_space)]
    colon = next((k for k, t in enumerate(words[:5]) if t.text == ":"), None)
    if not colon or len(words) < colon + 3:
        return None
    name = words[:colon]
    if not all(t.pos_ in ("PROPN", "NOUN") and t.text[:1].isupper() for t in name):
        return None
    head = name[-1]
    source = classify(head, ctx, ":") or Source("on_record", " ".join(t.text for t in name), ":")
    return Frame(source, frozenset(t.i for t in span if t.i > words[colon].i), words[colon].i, written(head))


def _dash(tok, span, quoted, ctx) -> Frame | None:
    """A quote closed by a dash and a name: "'We will rebuild.' — Mayor Ana Ruiz", or a line of
    its own ("— Ana Ruiz") under the quote it credits."""
    if tok.text.strip("“”\"'’") not in DASHES or tok.i + 1 >= span.end:
        return None
    first = all(t.is_quote or t.is_space for t in span.doc[span.start : tok.i])
    if not first and not any(i < tok.i for i in quoted):
        return None
    rest = [t for t in span.doc[tok.i + 1 : span.end] if not t.is_punct]
    if not rest or len(rest) > 8 or any(t.pos_ in ("VERB", "AUX") for t in rest):
        return None
    head = next((t for t in rest if t.head.i < tok.i + 1 or t.head.i >= span.end or t.head == t), rest[-1])
    source = classify(head, ctx, tok.text) or Source("vague", _phrase(head), tok.text)
    return Frame(source, frozenset(quoted) | frozenset(t.i for t in rest), tok.i, written(head))


# ---------------------------------------------------------------- sources

def classify(head, ctx: Context, cue: str) -> Source | None:
    """What kind of source the noun phrase headed by `head` is, and its name (resolved)."""
    lemma, low = head.lemma_.lower(), head.lower_
    phrase = _phrase(head)
    if _anonymous(head):
        return Source("anonymous", phrase, cue)
    if low in PERSONAL:
        return Source("on_record", ctx.people[-1] if ctx.people else head.text, cue)
    if low in PLURAL:
        earlier = next((s for s in reversed(ctx.recent) if s.kind != "unattributed"), None)
        return Source(earlier.kind, earlier.name, cue) if earlier else Source("vague", head.text, cue)
    named = _named(head)
    if named is not None:
        return Source("on_record", full_name(named, ctx), cue)
    return _common(head, lemma, phrase, ctx, cue)


def full_name(name: str, ctx: Context) -> str:
    """"Putin" after "Vladimir Putin": the fuller name named before."""
    fuller = next((p for p in reversed(ctx.people) if p.endswith(" " + name)), None)
    return fuller or name


def _common(head, lemma, phrase, ctx, cue) -> Source | None:
    det = _determiner(head)
    if lemma in lexicon.words("speech_nouns"):
        owner = next((c for c in head.children if c.dep_ == "poss"), None)
        if owner is not None:
            return classify(owner, ctx, cue) or Source("vague", phrase, cue)
        earlier = ctx.recent[-1] if ctx.recent else None
        return Source(earlier.kind, earlier.name, cue) if earlier else Source("vague", phrase, cue)
    if det in DEFINITE:
        earlier = _antecedent(head, ctx)
        if earlier is not None:  # "the engineer said" after "one engineer, speaking on condition ..."
            return Source(earlier.kind, earlier.name, cue)
    if lemma in lexicon.words("vague") or det in VAGUE_DETERMINERS:
        return Source("vague", phrase, cue)
    if lemma in lexicon.words("public_roles") or _compound_in(head, "public_roles"):
        return Source("on_record", phrase, cue)
    if lemma in lexicon.words("bodies") and det not in INDEFINITE:
        return Source("on_record", phrase, cue)
    if det in ("the", "this", "that") and ctx.people and _age(head):
        return Source("on_record", ctx.people[-1], cue)  # "the 55-year-old said", after "Peter Capaldi"
    if lemma in lexicon.words("roles"):
        if det in ("the", "this", "that") and head.tag_ == "NN" and ctx.people:
            return Source("on_record", ctx.people[-1], cue)
        return Source("anonymous", phrase, cue)
    if head.text[:1].isupper() and head.tag_ in ("NN", "NNS") and det == "":
        return Source("on_record", head.text, cue)  # a name the tagger missed: "Sanders said"
    return None  # a thing, not a source: "the involvement highlights ..."


def _age(head) -> bool:
    """"the 55-year-old": a person described by age, who news names before describing."""
    return bool(re.search(r"\d+ ?-? ?years? ?-? ?old$", " ".join(t.lower_ for t in head.subtree if t.i <= head.i)))


def _antecedent(head, ctx: Context) -> Source | None:
    """The latest earlier source whose name holds this noun: "the cooperative" after "the Calder Bay
    Electric Cooperative said", "the engineer" after "one engineer at the utility"."""
    words = {head.lower_, head.lemma_.lower()}
    for earlier in reversed(ctx.recent):
        if earlier.kind == "unattributed" or not earlier.name:
            continue
        if words & set(earlier.name.lower().replace("’s", "").split()):
            return earlier
    return None


def _anonymous(head) -> bool:
    """The phrase or the clause around it says the source is unnamed on purpose."""
    if head.pos_ == "PROPN" and head.ent_type_ in ("PERSON", "ORG"):
        return False
    text = " " + " ".join(t.lower_ for t in head.subtree) + " "
    around = [c for c in head.head.children if c.dep_ in ("advcl", "npadvmod", "acl") and c.i > head.i]
    clause = " " + " ".join(t.lower_ for c in around for t in c.subtree) + " "
    phrases = lexicon.words("anonymous")
    return any(f" {p} " in text for p in phrases) or any(
        f" {p} " in clause for p in phrases if " " in p and not p.startswith(("a ", "one ")))


def _named(head) -> str | None:
    """The name of a person or body heading or standing in apposition to the phrase."""
    for tok in [head, *[c for c in head.children if c.dep_ in ("appos", "compound")]]:
        ent = next((e for e in head.doc.ents if e.start <= tok.i < e.end and e.label_ in NAMED), None)
        if ent is not None and (tok is not head or tok.pos_ == "PROPN"):
            return _clean(ent.text)
        if tok.pos_ == "PROPN" and tok.dep_ != "compound" or (tok is head and tok.pos_ == "PROPN"):
            left = [t.text for t in tok.lefts if t.dep_ == "compound" and t.pos_ == "PROPN"]
            return " ".join([*left, tok.text])
    return None


def _clean(name: str) -> str:
    for suffix in ("’s", "'s"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name.removeprefix("the ").removeprefix("The ")


def _determiner(head) -> str:
    return next((c.lower_ for c in head.children if c.dep_ in ("det", "nummod", "amod")
                 and c.lower_ in INDEFINITE | VAGUE_DETERMINERS | {"the", "this", "that"}), "")


def _compound_in(head, name: str) -> bool:
    return any(c.dep_ == "compound" and c.lemma_.lower() in lexicon.words(name) for c in head.children)


def _has_content(tok, quoted) -> bool:
    """A clausal complement or a quote: what makes "maintained" report and not just "keep"."""
    return any(c.dep_ in ("ccomp", "xcomp", "parataxis", "oprd") or c.dep_ == "prep" and c.lower_ == "as"
               for c in tok.children) or any(t.i in quoted for t in tok.subtree)


def _speaks(subject, lemma: str, tok, quoted) -> bool:
    """Inference verbs ("suggests", "shows") report only when a person or body is their subject;
    a speech noun ("Putin's remarks highlight") reports only what it quotes."""
    if subject.lemma_.lower() in lexicon.words("speech_nouns") and not any(t.i in quoted for t in tok.subtree):
        return False
    if lemma not in lexicon.words("inference_verbs"):
        return True
    return subject.lemma_.lower() not in lexicon.words("speech_nouns") and (
        subject.pos_ in ("PROPN", "PRON") or subject.lemma_.lower() in lexicon.words("roles")
        or subject.lemma_.lower() in lexicon.words("bodies") or _anonymous(subject)
        or subject.lemma_.lower() in lexicon.words("vague") and subject.lemma_.lower() not in ("report", "study"))


# ---------------------------------------------------------------- parse helpers

def _subject(tok):
    """The subject of `tok`, or of the clause it continues ("..., adding that", "and warned")."""
    seen = 0
    while tok is not None and seen < 4:
        subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            if subject.tag_ == "WDT" or subject.lower_ in ("who", "that"):
                return subject.head.head if subject.head.dep_ == "relcl" else None
            return subject
        if tok.dep_ not in ("conj", "advcl", "xcomp") or tok.head is tok:
            return None
        tok, seen = tok.head, seen + 1
    return None


def _agent(tok):
    agent = next((c for c in tok.children if c.dep_ == "agent"), None)
    return next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None


def _passive(tok) -> bool:
    return any(c.dep_ == "auxpass" for c in tok.children) or (
        tok.tag_ == "VBN" and tok.dep_ in ("acl", "advcl") and not any(c.dep_ == "aux" for c in tok.children))


def _clause(tok) -> frozenset[int]:
    """Words carried by a passive cue: its clause, or the noun phrase it modifies."""
    if tok.dep_ in ("acl", "advcl") and tok.head is not tok:
        return subtree(tok.head)
    return subtree(tok)


def _cue_text(tok) -> str:
    parts = [c.text for c in tok.children if c.dep_ in ("aux", "neg") and c.i < tok.i]
    particle = [c.text for c in tok.children if c.dep_ == "prt"]
    where = [f"in a {g.text}" for c in tok.children if c.dep_ == "prep" and c.lower_ == "in" for g in c.children
             if g.dep_ == "pobj" and g.lemma_.lower() in lexicon.words("speech_nouns")]
    whom = [c.text for c in tok.children if c.dep_ in ("dobj", "dative") and c.lemma_.lower() in ("reporter", "journalist")]
    return " ".join([*parts[-1:], tok.text, *particle, *whom, *where[:1]])


def _phrase(head) -> str:
    inside = subtree(head)
    words = [t for t in head.subtree if t.dep_ not in ("relcl", "acl", "advcl", "appos") or t is head]
    keep = [t for t in words if not t.is_punct and all(a.dep_ not in ("relcl", "acl", "advcl")
                                                         for a in t.ancestors if a.i in inside and a is not head)]
    return " ".join(t.text for t in keep) or head.text


def written(head) -> tuple[int, int] | None:
    """Character span of the noun phrase headed by `head`, without trailing clauses."""
    if head is None:
        return None
    toks = [t for t in head.subtree if not t.is_punct]
    clauses = [c for c in head.children if c.dep_ in ("relcl", "acl", "advcl") and c.i > head.i]
    if clauses:
        toks = [t for t in toks if t.i < clauses[0].left_edge.i]
    if not toks:
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def subtree(tok) -> frozenset[int]:
    return frozenset(t.i for t in tok.subtree)


def _trim(frame: Frame, span) -> Frame:
    """Keep a frame's scope inside its sentence."""
    scope = frozenset(i for i in frame.scope if span.start <= i < span.end)
    return Frame(frame.source, scope, frame.cue, frame.written)
