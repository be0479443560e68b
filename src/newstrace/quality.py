"""The extraction-quality gate and the language screen: which stored articles analysis should leave out.

An HTML extraction that is very short or mostly fragments (menus, link lists, captions) is "not
comparable": comparing it with real versions would report everything they say as padding. Articles in
another language are stored but not analysed until analysis supports them.
"""

from __future__ import annotations

from dataclasses import replace

from . import language
from .settings import IngestSettings
from .types import Article

EXTRACTED = {"html", "warc", "url", "feed"}
NAMES = {"fr": "French", "de": "German", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
         "nl": "Dutch", "ru": "Russian", "zh": "Chinese", "ja": "Japanese", "ar": "Arabic",
         "pl": "Polish", "sv": "Swedish", "tr": "Turkish", "uk": "Ukrainian"}


def screen(article: Article, settings: IngestSettings) -> tuple[Article, str | None]:
    """The article with its detected language, and why analysis should leave it out (or None)."""
    guess = language.detect(f"{article.title or ''}\n{article.body}")
    if guess.code:
        article = replace(article, language=guess.code)
    if guess.code and guess.code != "en" and guess.english <= settings.english_doubt:
        code = guess.code
        name = NAMES.get(code, code)
        return article, f"not analysed: written in {name} ({code}); analysis supports English only"
    if article.fmt in EXTRACTED:
        problem = _extraction_problem(article.body, settings)
        if problem:
            return article, f"not comparable: {problem}"
    return article, None


def _extraction_problem(body: str, settings: IngestSettings) -> str | None:
    words = len(body.split())
    if words < settings.min_words:
        return f"the extracted text is only {words} words (a teaser, paywall or index page?)"
    lines = [line for line in body.splitlines() if line.strip()]
    fragments = sum(1 for line in lines if len(line.split()) < 6)
    if len(lines) >= 5 and fragments / len(lines) > settings.max_fragment_share:
        return f"{fragments} of its {len(lines)} lines are fragments (menus, link lists: boilerplate)"
    return None
