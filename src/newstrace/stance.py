"""How a text stands toward a headline: agree, disagree, discuss or unrelated (the FNC-1 labels).

A small multilayer perceptron over word-count vectors of the headline and the body plus a few
dense features (TF-IDF cosines against the whole body, its lead and its closest sentences; word,
bigram, number and name overlap; refuting, hedging and confirming cues near the headline's words).
`bench/train_headline.py` trains it on the FNC-1 train split only and writes the weights to
`knowledge/stance_model.npz` (numbers and a word list, no text). Inference is plain NumPy.

    stance.predict([(headline, body), ...]) -> [{"agree": p, "disagree": p, ...}, ...]
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass
from importlib import resources

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, HashingVectorizer

from . import lexicon, text_features
from .errors import ModelError

STANCES = ("agree", "disagree", "discuss", "unrelated")
CUE_GROUPS = ("refute", "hedge", "support")
MODEL_FILE = "stance_model.npz"
_SENTENCE = re.compile(r"(?<=[.!?])[\"'”’]?\s+|\n+")
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
N_DENSE = 26


HASH_FEATURES = 2**17


@dataclass(frozen=True)
class Vocabulary:
    """The words of the TF vectors (top of train) and an IDF per hashed word (every word of train)."""

    words: tuple[str, ...]
    idf: np.ndarray  # one weight per hash bucket; buckets no train word reaches get the largest

    @functools.cached_property
    def counter(self) -> CountVectorizer:
        return CountVectorizer(analyzer=text_features.content_words, vocabulary={w: i for i, w in enumerate(self.words)})

    @functools.cached_property
    def hasher(self) -> HashingVectorizer:
        return hashed()

    def weights(self, texts: list[str]) -> sparse.csr_matrix:
        """Unnormalised TF-IDF over every word (hashed), unseen words weighing most."""
        counts = self.hasher.transform(texts).astype(np.float64).tocsr()
        counts.data = 1.0 + np.log(counts.data)
        return sparse.csr_matrix(counts @ sparse.diags(self.idf))

    def tfidf(self, texts: list[str]) -> sparse.csr_matrix:
        return _normalise(self.weights(texts))

    def tf(self, texts: list[str]) -> sparse.csr_matrix:
        return _normalise(self.counter.transform(texts).astype(np.float64))


def hashed() -> HashingVectorizer:
    return HashingVectorizer(analyzer=text_features.content_words, n_features=HASH_FEATURES,
                             alternate_sign=False, norm=None)


def _normalise(m: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ m)


@functools.lru_cache(maxsize=1)
def cues() -> dict[str, str]:
    """cue word -> group, from `knowledge/stance_cues.tsv`."""
    return {cue.strip(): group.strip() for cue, group in lexicon.rows("stance_cues")}


def _cue_flags(text: str) -> np.ndarray:
    table = cues()
    flags = np.zeros(len(CUE_GROUPS))
    for w in text_features.words(text):
        group = table.get("n't" if w.endswith("n't") else w)
        if group:
            flags[CUE_GROUPS.index(group)] = 1.0
    return flags


@dataclass
class _Body:
    present: sparse.csr_matrix
    vec: sparse.csr_matrix
    lead: sparse.csr_matrix
    sents: sparse.csr_matrix
    sent_cues: np.ndarray
    stems: set
    bigrams: set
    numbers: set
    names: set
    length: float


@dataclass
class _Head:
    weights: sparse.csr_matrix
    vec: sparse.csr_matrix
    stems: list
    bigrams: set
    numbers: set
    names: set
    cues: np.ndarray
    question: float


def _bigrams(stems: list[str]) -> set:
    return set(zip(stems, stems[1:]))


def _sentences(body: str) -> list[str]:
    return [s for s in _SENTENCE.split(body) if s.strip()] or [body]


def _bodies(texts: list[str], vocab: Vocabulary) -> list[_Body]:
    out = []
    for text in texts:
        sents = _sentences(text)
        stems = text_features.content_words(text)
        vecs = vocab.tfidf([text, " ".join(sents[:3])] + sents)
        present = vecs[0].copy()
        present.data[:] = 1.0
        out.append(_Body(present.T.tocsr(), vecs[0], vecs[1], vecs[2:], np.array([_cue_flags(s) for s in sents]), set(stems),
                         _bigrams(stems), set(_NUMBER.findall(text)), {n.lower() for n in text_features.names(text)},
                         math.log1p(len(text.split()))))
    return out


def _heads(texts: list[str], vocab: Vocabulary) -> list[_Head]:
    weights = vocab.weights(texts)
    vecs = _normalise(weights)
    out = []
    for k, text in enumerate(texts):
        stems = text_features.content_words(text)
        out.append(_Head(weights[k], vecs[k], stems, _bigrams(stems), set(_NUMBER.findall(text)),
                         {n.lower() for n in text_features.names(text)}, _cue_flags(text), float("?" in text)))
    return out


def _share(part, whole) -> float:
    return sum(1 for x in part if x in whole) / len(part) if part else 0.0


def _weighted_share(h: _Head, b: _Body) -> float:
    """Share of the headline's IDF mass that the body's words carry."""
    total = h.weights.sum()
    return float((h.weights @ b.present).toarray()[0, 0] / total) if total else 0.0


def _dense(h: _Head, b: _Body) -> np.ndarray:
    sims = (b.sents @ h.vec.T).toarray().ravel()
    top = np.argsort(-sims)[:3]
    weights = sims[top] / (sims[top].sum() or 1.0)
    near = (b.sent_cues[top] * weights[:, None]).sum(axis=0)
    return np.concatenate([
        [(b.vec @ h.vec.T).toarray()[0, 0], (b.lead @ h.vec.T).toarray()[0, 0], sims.max(), sims[top].mean(),
         _share(h.stems, b.stems), _share(h.bigrams, b.bigrams), float(bool(h.numbers)),
         _share(h.numbers, b.numbers), _share(h.names, b.names), h.question, b.length],
        h.cues, b.sent_cues.mean(axis=0), near, h.cues * near.clip(0, 1),
        [len(h.stems) / 20.0, float(sims.max() > 0.5), _weighted_share(h, b)],
    ])


def featurize(pairs: list[tuple[str, str]], vocab: Vocabulary) -> sparse.csr_matrix:
    """One row per (headline, body): dense features, headline TF vector, body TF vector."""
    head_texts = list(dict.fromkeys(h for h, _ in pairs))
    body_texts = list(dict.fromkeys(b for _, b in pairs))
    heads = dict(zip(head_texts, _heads(head_texts, vocab)))
    bodies = dict(zip(body_texts, _bodies(body_texts, vocab)))
    dense = np.array([_dense(heads[h], bodies[b]) for h, b in pairs]).reshape(len(pairs), N_DENSE)
    head_tf = vocab.tf(head_texts)
    body_tf = vocab.tf(body_texts)
    hi = {t: i for i, t in enumerate(head_texts)}
    bi = {t: i for i, t in enumerate(body_texts)}
    rows_h = head_tf[[hi[h] for h, _ in pairs]]
    rows_b = body_tf[[bi[b] for _, b in pairs]]
    return sparse.hstack([sparse.csr_matrix(dense), rows_h, rows_b]).tocsr()


@dataclass(frozen=True)
class Trees:
    """Gradient-boosted trees as flat arrays (exported from scikit-learn), evaluated in NumPy."""

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray  # absolute node indices
    right: np.ndarray
    leaf: np.ndarray
    value: np.ndarray
    roots: np.ndarray  # (iterations, outputs) root node of every tree
    baseline: np.ndarray  # (outputs,)

    @classmethod
    def export(cls, clf) -> Trees:
        parts, roots, offset = [], [], 0
        for iteration in clf._predictors:
            row = []
            for tree in iteration:
                nodes = tree.nodes
                parts.append(nodes)
                row.append(offset)
                offset += len(nodes)
            roots.append(row)
        offsets = np.repeat(np.array([r for row in roots for r in row]), [len(p) for p in parts])
        nodes = np.concatenate(parts)
        return cls(nodes["feature_idx"].astype(np.int32), nodes["num_threshold"].astype(np.float64),
                   (nodes["left"] + offsets).astype(np.int32), (nodes["right"] + offsets).astype(np.int32),
                   nodes["is_leaf"].astype(bool), nodes["value"].astype(np.float64), np.array(roots, dtype=np.int32),
                   np.asarray(clf._baseline_prediction, dtype=np.float64).ravel())

    def raw(self, x: np.ndarray) -> np.ndarray:
        out = np.tile(self.baseline, (len(x), 1))
        rows = np.arange(len(x))
        for k in range(self.roots.shape[1]):
            idx = np.repeat(self.roots[:, k][None, :], len(x), axis=0)  # (samples, trees)
            for _ in range(64):
                leaf = self.leaf[idx]
                if leaf.all():
                    break
                go_left = x[rows[:, None], self.feature[idx]] <= self.threshold[idx]
                idx = np.where(leaf, idx, np.where(go_left, self.left[idx], self.right[idx]))
            out[:, k] += self.value[idx].sum(axis=1)
        return out

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}_{k}": getattr(self, k) for k in self.__dataclass_fields__}

    @classmethod
    def from_arrays(cls, f, prefix: str) -> Trees:
        return cls(**{k: f[f"{prefix}_{k}"] for k in cls.__dataclass_fields__})


def _softmax(z: np.ndarray) -> np.ndarray:
    z = np.exp(z - z.max(axis=1, keepdims=True))
    return z / z.sum(axis=1, keepdims=True)


@dataclass(frozen=True)
class Model:
    """Two stages: trees decide related or not from the dense features; among related pairs, the
    perceptron (all features) and the trees (dense features) average their agree/disagree/discuss."""

    vocab: Vocabulary
    mean: np.ndarray
    scale: np.ndarray
    layers: tuple[tuple[np.ndarray, np.ndarray], ...]
    related: Trees
    stance: Trees
    mix: float  # weight of the perceptron in stage two

    def probabilities(self, x: sparse.csr_matrix) -> np.ndarray:
        """(pairs, 4) probabilities in the order of STANCES."""
        x = sparse.csr_matrix(x, dtype=np.float64)
        raw_dense = x[:, :N_DENSE].toarray()
        p_related = 1.0 / (1.0 + np.exp(-self.related.raw(raw_dense)[:, 0]))
        three = self.mix * self.perceptron(x, raw_dense) + (1 - self.mix) * _softmax(self.stance.raw(raw_dense))
        return np.column_stack([three * p_related[:, None], 1.0 - p_related])

    def perceptron(self, x: sparse.csr_matrix, raw_dense: np.ndarray) -> np.ndarray:
        dense = (raw_dense - self.mean) / self.scale
        out = sparse.hstack([sparse.csr_matrix(dense), x[:, N_DENSE:]]).tocsr()
        for k, (w, b) in enumerate(self.layers):
            out = out @ w.astype(np.float64) + b
            if k < len(self.layers) - 1:
                out = np.maximum(out, 0.0)
        return _softmax(np.asarray(out))


def save(path, model: Model) -> None:
    arrays = {"words": np.array(model.vocab.words), "idf": model.vocab.idf.astype(np.float16),
              "mean": model.mean, "scale": model.scale, "mix": np.array(model.mix)}
    for k, (w, b) in enumerate(model.layers):
        arrays[f"w{k}"], arrays[f"b{k}"] = w.astype(np.float16), b.astype(np.float32)
    arrays |= model.related.arrays("related") | model.stance.arrays("stance")
    np.savez_compressed(path, **arrays)


def load(path) -> Model:
    with np.load(path, allow_pickle=False) as f:
        n = sum(1 for k in f.files if k.startswith("w") and k[1:].isdigit())
        layers = tuple((f[f"w{k}"].astype(np.float32), f[f"b{k}"]) for k in range(n))
        vocab = Vocabulary(tuple(str(w) for w in f["words"]), f["idf"].astype(np.float64))
        return Model(vocab, f["mean"], f["scale"], layers, Trees.from_arrays(f, "related"),
                     Trees.from_arrays(f, "stance"), float(f["mix"]))


@functools.lru_cache(maxsize=1)
def model() -> Model:
    """The shipped model, loaded once."""
    path = resources.files(__package__).joinpath("knowledge", MODEL_FILE)
    try:
        with resources.as_file(path) as real:
            return load(real)
    except (OSError, KeyError, ValueError) as exc:
        raise ModelError(f"stance model {MODEL_FILE} is missing or broken: run bench/train_headline.py") from exc


def predict(pairs: list[tuple[str, str]]) -> list[dict[str, float]]:
    """Probabilities of each stance for every (headline, body) pair."""
    if not pairs:
        return []
    m = model()
    probs = m.probabilities(featurize(pairs, m.vocab))
    return [dict(zip(STANCES, map(float, row))) for row in probs]
