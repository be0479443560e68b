"""The screen: language hold-back and the extraction-quality gate, case by case."""

from __future__ import annotations

import pytest

from newstrace import quality
from newstrace.settings import INGEST
from newstrace.types import Article

PROSE = ("The regional water board said on Tuesday that the reservoir had reached its lowest level in a "
         "decade, and asked households to limit garden watering until the autumn rains arrive. Officials "
         "said supplies were not at risk, but that the board would review its drought plan next month.")
MENU = "\n".join(["Home", "News", "Sport", "Weather", "Contact us", "Sign in to read more", "Privacy",
                  "Cookie settings", PROSE[:200], "Terms", "Follow us"])
CASES = [
    ("a complete article extracted from HTML", "html", PROSE, None),
    ("a menu and link list around one snippet", "html", MENU, "not comparable"),
    ("a one-line teaser in a feed", "feed", "Reservoir at lowest level in a decade.", "not comparable"),
    ("a short plain text is not gated: the user gave exactly this text", "text",
     "Reservoir at lowest level in a decade, officials say.", None),
    ("German prose", "text", "Der Wasserverband teilte am Dienstag mit, dass der Stausee den niedrigsten "
     "Stand seit zehn Jahren erreicht habe, und bat die Haushalte, weniger zu gießen.", "not analysed"),
    ("Chinese prose", "text", "地区水务局周二表示，水库水位已降至十年来的最低点，并要求居民在秋雨到来之前限制浇灌花园。", "not analysed"),
    ("English full of foreign names", "text", "Jürgen Müller, Zoë Ødegaard and Željko Šimić met "
     "Sébastien Lefèvre in Kraków on Monday, the ministry said.", None),
]


@pytest.mark.parametrize("description, fmt, body, expected", CASES, ids=[c[0] for c in CASES])
def test_screen(description: str, fmt: str, body: str, expected: str | None):
    article, reason = quality.screen(Article(id="x", source="s", title=None, body=body, fmt=fmt), INGEST)
    if expected is None:
        assert reason is None, description
    else:
        assert reason is not None and reason.startswith(expected), description
    assert article.language
