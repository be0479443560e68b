"""The pair score's parts: calibration, word weights by place, stems of Arabic and CJK words, and a
shared sign-off template that must not merge two different stories."""

from __future__ import annotations

import dataclasses

import numpy as np

from newstrace import minhash, similarity, stories
from newstrace.settings import DEFAULT
from newstrace.types import Article


def test_calibration_keeps_the_ends_and_the_order():
    raw = np.linspace(0, 1, 101).astype(np.float32)
    cal = similarity.calibrate(raw, 0.4, 0.1)
    assert cal[0] == 0 and abs(cal[-1] - 1) < 1e-6
    assert np.all(np.diff(cal) > 0)
    assert cal[20] < 0.11 and cal[70] > 0.9 and cal[50] - cal[30] > 0.4  # steep around the centre
    assert similarity.calibrate(raw, 0.4, 0.0) is raw


def _stem(word: str) -> int:
    return int(minhash.words([word]).stems[0])


def test_arabic_stems_skip_the_definite_article():
    president, the_president, and_the_president = "رئيس", "الرئيس", "والرئيس"
    assert _stem(the_president) == _stem(president) == _stem(and_the_president)
    assert _stem("الرياضة") != _stem(the_president)  # "the sport": same first letters after "al-"
    assert _stem("الى") != _stem(president)  # too short to strip
    folded = minhash.words(["أحمد"])
    assert folded.hashes[0] == minhash.words(["احمد"]).hashes[0] and not folded.capital[0]  # alef forms fold


def test_cjk_characters_stem_as_pairs():
    china_economy, chinese_language = minhash.words(["中国经济"]), minhash.words(["中文"])
    assert len(china_economy.hashes) == 4  # one word per character
    assert china_economy.hashes[0] == chinese_language.hashes[0]
    assert china_economy.stems[0] != chinese_language.stems[0]  # 中国 against 中文
    assert china_economy.stems[0] == minhash.words(["中国"]).stems[0]


def test_tail_words_weigh_less():
    w = minhash.words(["alpha beta gamma delta epsilon zeta eta theta"])
    settings = dataclasses.replace(DEFAULT, story_lead_words=2, story_tail_words=3, story_tail_weight=0.5)
    counts = similarity.terms(w, settings).words
    weights = sorted(set(np.round(counts.data, 2)))
    assert weights == [0.5, 1.0, 2.0]
    assert np.isclose(counts.data, 0.5).sum() == 2 * 3  # words and stems of the last three words


SIGN_OFF = ("Sign up for our morning newsletter to receive the day's top regional headlines, weather "
            "alerts and traffic updates delivered straight to your inbox every weekday before seven.")
FLOOD = ("Flood waters close Marlow bridge",
         "The Marlow river bridge was closed on Tuesday after flood waters rose above the deck. Council "
         "engineer Petra Lund said inspectors would check the piers once the level drops. Drivers were "
         "sent through Hensford, adding twenty minutes to the commute.")
CONCERT = ("Orchestra cancels winter concert",
           "The Kessling Philharmonic cancelled its winter concert after its conductor fell ill. Director "
           "Omar Feld said tickets would be refunded within a fortnight. The season resumes in March "
           "with a programme of Sibelius symphonies.")


def test_a_shared_sign_off_does_not_merge_two_stories():
    arts = [Article(f"a{k}", f"a{k}", title, f"{body}\n\n{SIGN_OFF}") for k, (title, body) in enumerate((FLOOD, CONCERT))]
    texts = [stories._text(a) for a in arts]
    pair = np.array([[0, 1]])
    flat = dataclasses.replace(DEFAULT, story_tail_words=0)
    assert stories.pair_scores(texts, pair, DEFAULT)[0] < stories.pair_scores(texts, pair, flat)[0]
    assert stories.pair_scores(texts, pair, DEFAULT)[0] < DEFAULT.story_similarity
    assert len(stories.group(arts, DEFAULT)) == 2
