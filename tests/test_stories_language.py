"""Language-aware content terms and the optional article embeddings of the content score."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import numpy as np
import pytest

from newstrace import embed, minhash, similarity, static_embed, stories
from newstrace.errors import ModelError
from newstrace.settings import DEFAULT

CASE = Path(__file__).parent / "stories_cases" / "german_function_words.json"


def _stop_words(text: str) -> set[str]:
    w = minhash.words([text])
    words = text.lower().split()
    stop = similarity._stops(w.hashes, np.zeros(len(w.hashes), np.int64), 1)
    return {word for word, s in zip(words, stop) if s}


def test_each_article_loses_the_stop_words_of_its_own_language_only():
    german = _stop_words("der mann war nicht in der stadt und sie wurde gefragt")
    english = _stop_words("the war in the state left one man and his car behind")
    assert {"der", "war", "nicht", "und", "wurde"} <= german
    assert {"war", "state", "man", "car"}.isdisjoint(english) and {"the", "and", "in"} <= english


@pytest.mark.parametrize("upper, lower", [("Österreich ÄRZTE", "österreich ärzte"), ("Путин ПРИЕХАЛ", "путин приехал"),
                                          ("Śląsk Éric ΣΟΦΊΑ", "śląsk éric σοφία")])
def test_two_byte_letters_are_case_folded_and_capitals_start_names(upper, lower):
    a, b = minhash.words([upper]), minhash.words([lower])
    assert np.array_equal(a.hashes, b.hashes) and a.capital.all() and not b.capital.any()


def test_german_articles_of_different_events_do_not_match_on_function_words():
    case = json.loads(CASE.read_text())
    texts = [f"{a['title']}\n\n{a['body']}" for a in case["articles"]]
    score = stories.pair_scores(texts, np.array([[0, 1], [0, 2], [1, 2]]), DEFAULT)
    assert score[0] > DEFAULT.story_similarity and score[1:].max() < 0.25


def test_mixing_embeddings_keeps_pairs_without_one_and_is_relative_to_the_corpus_mean():
    dense = np.array([[1, 0], [1, 0], [0, 1], [0, 0]], np.float32)
    pairs = np.array([[0, 1], [0, 2], [0, 3]])
    mixed = similarity.mix_dense(np.array([0.2, 0.2, 0.2], np.float32), dense, pairs, 0.5)
    mean = float(np.square(dense[:3].mean(axis=0)).sum())
    assert mixed[0] == pytest.approx(0.5 * 0.2 + 0.5)  # identical embeddings: cosine 1
    assert mixed[1] == pytest.approx(0.1) and mean > 0  # orthogonal: below the mean, floored at 0
    assert mixed[2] == pytest.approx(0.2)  # no embedding for article 3: lexical score kept


def test_grouping_leaves_embeddings_off_by_default():
    assert stories.dense_vectors(["Some text here."], DEFAULT) is None
    with pytest.raises(ModelError):
        embed.articles(["text"], "glove")


@pytest.mark.parametrize("text, latin", [("Die Ärzte beschließen über Gebühren", True), ("Türkiye'de açıklandı", True),
                                         ("Путин заявил в среду", False), ("中国外交部发言人说", False),
                                         ("أعلنت الحكومة اليوم", False), ("12 345 !!", False)])
def test_latin_share_tells_scripts_the_english_vocabulary_can_read(text, latin):
    assert (embed.latin_share(text) >= embed.LATIN_SHARE) is latin


def test_static_vectors_weigh_rare_tokens_up(monkeypatch):
    tokenizer = static_embed._tokenizer()
    table = np.zeros((tokenizer.get_vocab_size(), 2), np.float32)
    common, rare = tokenizer.token_to_id("the"), tokenizer.token_to_id("bridge")
    table[common], table[rare] = [1, 0], [0, 1]
    monkeypatch.setattr(static_embed, "_table", lambda: (table, tokenizer))
    vec = static_embed.texts(["the bridge", "the the", "the cat", ""])
    assert vec[0, 1] > vec[0, 0] > 0  # "bridge" is in one text of four, "the" in three
    assert np.allclose(np.linalg.norm(vec[:3], axis=1), 1) and not vec[3].any()


def test_static_table_is_used_when_asked_and_built(monkeypatch):
    if not static_embed.available():
        pytest.skip("static table not built (bench/build_static_embeddings.py)")
    settings = dataclasses.replace(DEFAULT, story_embeddings="static", story_embedding_weight=0.3)
    dense = stories.dense_vectors(["The bridge reopened on Monday.", "Путин заявил"], settings)
    assert dense.shape == (2, static_embed.DIMS) and dense[0].any() and not dense[1].any()


def test_minilm_raises_a_rewrite_that_shares_few_words():
    if not embed.available():
        pytest.skip("embed extra not installed")
    texts = ["Heavy rain flooded the streets of the old town and forced dozens of families from their homes.",
             "Downpours left roads under water in the historic centre, and many residents had to evacuate.",
             "The central bank kept interest rates unchanged and said inflation was slowing."]
    pairs = np.array([[0, 1], [0, 2]])
    lexical = stories.pair_scores(texts, pairs, DEFAULT)
    mixed = stories.pair_scores(texts, pairs, dataclasses.replace(DEFAULT, story_embeddings="minilm",
                                                                  story_embedding_weight=0.3))
    assert mixed[0] > lexical[0] and mixed[0] > mixed[1]
