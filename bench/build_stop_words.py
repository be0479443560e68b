"""Write src/newstrace/knowledge/stop_words.tsv, the stop words grouping drops per language.

    PYTHONPATH=src python bench/build_stop_words.py

English: scikit-learn's list plus a few verbs and titles every news article uses; other languages:
spaCy's lists (MIT licence), read from the installed spaCy once here so that grouping never imports
spaCy for them. English comes first: an article with no stop words of any list counts as English.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import sklearn
import spacy
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from _common import ROOT

LANGUAGES = ("ar", "cs", "da", "de", "el", "es", "fi", "fr", "hu", "id", "it", "nb", "nl", "pl", "pt",
             "ro", "ru", "sv", "tr", "uk", "zh")
NEWS_ENGLISH = "said says told would could also new like just year years mr mrs ms"


def main() -> None:
    lines = [f"# Stop words per language (ISO 639-1 code, word), for grouping (similarity.py). Written by",
             f"# bench/build_stop_words.py: English from scikit-learn {sklearn.__version__} plus news verbs;",
             f"# the others from spaCy {spacy.__version__}'s spacy/lang/<code>/stop_words.py (MIT licence)."]
    english = set(ENGLISH_STOP_WORDS) | set(NEWS_ENGLISH.split())
    lines += [f"en\t{w}" for w in sorted(english)]
    for code in LANGUAGES:
        words = importlib.import_module(f"spacy.lang.{code}.stop_words").STOP_WORDS
        lines += [f"{code}\t{w.lower()}" for w in sorted({w.lower() for w in words}) if w.strip() and "\t" not in w]
    path = ROOT / "src" / "newstrace" / "knowledge" / "stop_words.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines) - 3} stop words in {len(LANGUAGES) + 1} languages -> {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
