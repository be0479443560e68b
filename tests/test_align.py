"""Alignment: each sentence has at most one counterpart per other version, links are symmetric,
core sentences are exactly those another version carries; the core list credits speaker and via."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from newstrace import align
from newstrace.settings import DEFAULT
from newstrace.types import Article, Label, Quote, Sentence, Story

VOCAB = ["storm", "power", "homes", "crews", "cable", "mayor", "river", "bridge", "school", "closed",
         "repair", "winds", "flood", "road", "trees", "fallen", "outage", "utility", "engineers", "night"]


def _version(aid: str, texts: list[str]) -> tuple[Article, list[Sentence], list[Label]]:
    body, sents, labels, pos = "", [], [], 0
    for i, t in enumerate(texts):
        sents.append(Sentence(aid, i, pos, pos + len(t), t))
        labels.append(Label(aid, i, ("unattributed",)))
        body += t + " "
        pos += len(t) + 1
    return Article(aid, aid, None, body), sents, labels


def _run(versions: list[list[str]], use_embeddings: bool = False):
    arts, sentences, labels = [], {}, {}
    for k, texts in enumerate(versions):
        a, s, lab = _version(f"v{k}", texts)
        arts.append(a)
        sentences[a.id], labels[a.id] = s, lab
    story = Story("s1", tuple(a.id for a in arts))
    return align.story(story, arts, sentences, labels, None, DEFAULT), sentences


sentence = st.lists(st.sampled_from(VOCAB), min_size=3, max_size=9).map(lambda ws: " ".join(ws).capitalize() + ".")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(sentence, min_size=1, max_size=6), min_size=2, max_size=4))
def test_each_sentence_is_aligned_at_most_once_per_version(versions):
    al, sentences = _run(versions)
    seen = {}
    for link in al.links:
        key = (link.article, link.index, link.other)
        assert key not in seen, "a sentence has two counterparts in one version"
        seen[key] = link.other_index
        assert link.article != link.other
    for (a, i, b), j in seen.items():
        assert seen.get((b, j, a)) == i, "links are symmetric"
    assert {(l.article, l.index) for l in al.links} <= al.core_sentences


def test_reworded_statement_is_core_and_padding_is_not():
    al, _ = _run([
        ["Crews restored power to most homes in Calder Bay by Thursday evening.",
         "An unnamed engineer said the grid is fragile."],
        ["Most homes in Calder Bay had power again by Thursday evening, the utility said.",
         "Residents were angry about the slow repairs."],
    ])
    assert al.core_sentences == {("v0", 0), ("v1", 0)}
    (item,) = al.core
    assert item.kind == "statement" and set(item.articles) == {"v0", "v1"}


def _quoted(aid: str, text: str, quote: str, speaker: str | None) -> tuple[Article, list[Sentence], list[Label]]:
    a, sents, _ = _version(aid, [text])
    start = text.index(quote)
    q = Quote(aid, 0, start, start + len(quote), quote, speaker, "on_record" if speaker else "unattributed")
    return a, sents, [Label(aid, 0, ("on_record",), quotes=(q,))]


def test_shared_quote_is_credited_to_the_person_most_versions_name():
    parts = [
        _quoted("a", "Mayor Tomas Herrera said crews were \"working since midnight\" on the lines.",
                "working since midnight", "Tomas Herrera"),
        _quoted("b", "Crews have been \"working since midnight\", he said.", "working since midnight", "He"),
        _quoted("c", "The cooperative said teams were working since midnight.", "working since midnight", None),
    ]
    arts = [p[0] for p in parts]
    sentences, labels = {p[0].id: p[1] for p in parts}, {p[0].id: p[2] for p in parts}
    al = align.story(Story("s", ("a", "b", "c")), arts, sentences, labels, "Calder Wire", DEFAULT)
    quote = al.core[0]
    assert (quote.kind, quote.text, quote.speaker, quote.via) == ("quote", "working since midnight", "Tomas Herrera", "Calder Wire")
    assert quote.articles == ("a", "b", "c")
    assert al.core_sentences == {("a", 0), ("b", 0), ("c", 0)}


def test_embeddings_do_not_depend_on_the_batch_or_its_order():
    from newstrace import embed

    if not embed.available():
        pytest.skip("MiniLM not installed")
    texts = ["The dam held.", "Crews restored power to most of the 38,000 households by Thursday evening.",
             "Officials said the storm was the worst in a decade, and schools stayed shut."] * 30
    together = embed.sentences(texts, batch=8)
    alone = np.concatenate([embed.sentences([t]) for t in texts[:3]])
    assert np.allclose(together[:3], alone, atol=1e-5) and np.allclose(together[3:6], alone, atol=1e-5)
