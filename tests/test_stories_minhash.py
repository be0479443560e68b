"""The near-duplicate and content signatures: pure functions over batches (a distributed driver
reuses them), so results must not depend on how texts are batched."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings, strategies as st

from newstrace import minhash, similarity

TEXT = ("The council voted on Monday to close the old bridge for repairs. Engineers said the steel "
        "supports had corroded. Traffic will be diverted through the town centre for six months.")


def test_words_are_case_insensitive_and_split_on_punctuation():
    a, b = minhash.words(["Bridge, CLOSED!"]), minhash.words(["bridge closed"])
    assert np.array_equal(a.hashes, b.hashes) and list(a.capital) == [True, True]


def test_hashes_do_not_depend_on_the_batch():
    alone = minhash.shingles(minhash.words([TEXT]))[0]
    batch = minhash.shingles(minhash.words(["Another text entirely, with words.", TEXT, ""]))
    assert np.array_equal(alone, batch[0][batch[1][1] : batch[1][2]])


def test_identical_texts_have_identical_signatures_and_empty_texts_match_nothing():
    h, o = minhash.shingles(minhash.words([TEXT, TEXT, "", ""]))
    sig = minhash.signatures(h, o)
    assert (sig[0] == sig[1]).all()
    assert minhash.estimate(sig, np.array([[2, 3], [0, 2]])).max() < 0.1


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.floats(0.1, 0.9))
def test_estimated_jaccard_tracks_the_true_jaccard(seed, keep):
    rng = np.random.default_rng(seed)
    vocab = np.array([f"w{i}" for i in range(5000)])
    base = list(rng.choice(vocab, 400))
    other = [w if rng.random() < keep else str(rng.choice(vocab)) for w in base]
    words = minhash.words([" ".join(base), " ".join(other)])
    h, o = minhash.shingles(words, 3)
    a, b = set(h[o[0] : o[1]].tolist()), set(h[o[1] : o[2]].tolist())
    truth = len(a & b) / len(a | b)
    est = minhash.estimate(minhash.signatures(h, o, 256), np.array([[0, 1]]))[0]
    assert abs(est - truth) < 0.12


def test_candidates_are_the_pairs_sharing_a_band():
    keys = minhash._fmix(np.array([[1, 7], [2, 7], [1, 8], [3, 9]], dtype=np.uint64))  # keys are hashes
    assert minhash.candidates(keys).tolist() == [[0, 1], [0, 2]]


def test_a_huge_bucket_is_chained_not_expanded():
    keys = np.zeros((50, 1), dtype=np.uint64)
    assert len(minhash.candidates(keys, max_bucket=10)) == 49


def test_boilerplate_needs_an_outlet_repeating_a_paragraph():
    footer = "Read more of our journalism: subscribe today for full access to every article we publish."
    texts = [f"Story number {i} about something else entirely, told at length here.\n\n{footer}" for i in range(3)]
    keys = minhash.paragraph_keys(texts)
    assert len(minhash.boilerplate(["Daily", "Daily", "Daily"], keys)) == 1
    assert len(minhash.boilerplate(["Daily", "Daily", None], keys)) == 0
    stripped = minhash.strip(minhash.words(texts), minhash.boilerplate(["D"] * 3, keys))
    assert np.diff(stripped.offsets).tolist() == [11, 11, 11]  # the footer words are gone


def test_name_runs_and_content_terms():
    t = similarity.terms(minhash.words(["Warren Jeffs spoke in Texas. Jeffs said the trial was unfair."]))
    assert t.names.sum() == 3  # "Warren Jeffs", "Texas", "Jeffs"
    assert t.words.sum() == 14  # warren jeffs spoke texas jeffs trial unfair, each as word and stem


def test_content_similarity_prefers_the_same_event():
    texts = ["Mayor Ilse Brandt said the Ostrel earthquake destroyed three houses.",
             "Three homes collapsed in the Ostrel quake, mayor Ilse Brandt said.",
             "Fire chief Tomas Ruelas said the Port Salas earthquake closed a bridge."]
    v = similarity.vectors(similarity.terms(minhash.words(texts)))
    score, _ = similarity.scores(v, np.array([[0, 1], [0, 2]]), 0.3)
    assert score[0] > 0.3 > score[1]
