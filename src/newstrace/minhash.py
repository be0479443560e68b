"""Near-duplicate signatures: word shingles hashed in NumPy, one-permutation MinHash, LSH banding.

Every function here is pure and works on a batch of texts or on arrays, so the single-machine path
(`stories.group`) and a distributed driver can share it unchanged:

    texts --shingles()--> (hashes, offsets) --signatures()--> uint32[n, bins]
          --band_keys()--> uint64[n, bands] --candidates()--> pairs (i < j)
          --estimate()--> estimated Jaccard of each pair

Outlet boilerplate (footers, sign-offs repeated across an outlet's articles) is removed before
shingling by `strip()` with the paragraphs `boilerplate()` finds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

MASK = np.uint64(0xFFFFFFFFFFFFFFFF)
_RNG = np.random.default_rng(20261124)
_MIX = _RNG.integers(1, 2**63, size=16, dtype=np.uint64) | np.uint64(1)
STEM_BYTES = 6  # truncation stemming: "governments" -> "govern", "Verhandlungen" -> "verhan"
_WORD_BYTES = np.zeros(256, dtype=bool)
_WORD_BYTES[[*range(48, 58), *range(97, 123), *range(128, 256)]] = True  # after ASCII lower-casing


def _fmix(x: np.ndarray) -> np.ndarray:
    """The 64-bit finaliser of MurmurHash3: spreads every input bit over the whole word."""
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xFF51AFD7ED558CCD)
    x = x ^ (x >> np.uint64(33))
    x = x * np.uint64(0xC4CEB9FE1A85EC53)
    return x ^ (x >> np.uint64(33))


class Words(NamedTuple):
    """The words of a batch of texts: `hashes[offsets[i]:offsets[i + 1]]` are text i's words;
    `paragraph[w]` is the batch-wide number of word w's paragraph, whose key is `keys[paragraph[w]]`."""

    hashes: np.ndarray
    offsets: np.ndarray
    paragraph: np.ndarray
    keys: np.ndarray
    length: np.ndarray  # bytes in each word
    capital: np.ndarray  # the word starts with a capital letter (A-Z)
    joined: np.ndarray  # the next word follows after exactly one space
    stems: np.ndarray  # hash of each word's first STEM_BYTES bytes (a language-blind stem)


def words(texts: Sequence[str], shapes: bool = True) -> Words:
    """64-bit hashes of the lower-cased words of each text, with the paragraph of each word, and
    (when `shapes`) each word's stem hash, capitalisation and spacing, which `similarity` needs.

    A word's hash is the polynomial sum of its bytes (base RADIX, modulo 2**64), computed for all words at once from
    one running sum over the batch's bytes and shifted back to the word's start; a paragraph's key
    (paragraphs end at a blank line) is the same sum over its bytes."""
    data = "\x00".join(texts).encode("utf-8", "ignore")
    original = np.frombuffer(data, dtype=np.uint8)
    raw = lower(data)
    starts, ends = _word_bounds(raw)
    power, inverse = _powers(len(raw))
    running = np.zeros(len(raw) + 1, dtype=np.uint64)
    np.cumsum(np.multiply(raw, power[: len(raw)], dtype=np.uint64), out=running[1:])
    hashes = _fmix((running[ends] - running[starts]) * inverse[starts])
    breaks = np.flatnonzero(raw == 0)
    offsets = np.concatenate(([0], np.searchsorted(starts, breaks), [len(starts)])).astype(np.int64)
    p_start, p_end = _paragraphs(raw, breaks)
    keys = _fmix((running[p_end] - running[p_start]) * inverse[p_start] + np.uint64(p_end - p_start))
    paragraph = np.searchsorted(p_start, starts, side="right") - 1
    if not shapes:
        none = np.zeros(0, dtype=bool)
        return Words(hashes, offsets, paragraph, keys, ends - starts, none, none, none.astype(np.uint64))
    stems = _stems(raw, running, inverse, starts, ends)
    second = np.minimum(starts + 1, len(raw) - 1)
    capital = (original[starts] != raw[starts]) | ((original[starts] >= 0xC2) & (original[second] != raw[second]))
    capital &= (original[starts] & 0xFC) != 0xD8  # Arabic (lead bytes D8-DB) has no capitals, only folds
    joined = np.zeros(len(starts), dtype=bool)
    joined[:-1] = (starts[1:] == ends[:-1] + 1) & (raw[ends[:-1]] == 32)
    return Words(hashes, offsets, paragraph, keys, ends - starts, capital, joined, stems)


_ARTICLE = np.frombuffer("ال".encode(), dtype=np.uint8)  # the Arabic definite article
_PREFIXES = np.array([int.from_bytes(c.encode(), "big") for c in "وبفكل"])  # wa-, bi-, fa-, ka-, li-


def _stems(raw: np.ndarray, running: np.ndarray, inverse: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Hash of each word's stem: its first STEM_BYTES bytes, after the Arabic definite article (with
    a one-letter conjunction or preposition before it, "wal-", "bil-") when the word goes on for
    STEM_BYTES more, since it otherwise makes most Arabic nouns share a stem. A CJK character followed
    at once by another has the pair of them as its stem, the unit most words of those scripts are."""
    pad = np.concatenate([raw, np.zeros(6, np.uint8)])
    begin = starts.copy()
    for at in (0, 2):
        article = np.all([pad[starts + at + k] == _ARTICLE[k] for k in range(4)], axis=0)
        if at:
            article &= np.isin(pad[starts].astype(np.int64) << 8 | pad[starts + 1], _PREFIXES)
        article &= ends - starts >= at + 4 + STEM_BYTES
        begin[article] = starts[article] + at + 4
    stem_end = np.minimum(ends, begin + STEM_BYTES)
    glued = np.flatnonzero(starts[1:] == ends[:-1])
    stem_end[glued] = ends[glued + 1]
    return _fmix((running[stem_end] - running[begin]) * inverse[begin] + np.uint64(STEM_BYTES))


def _lower_table() -> np.ndarray:
    """For each code point below U+0800 (two UTF-8 bytes at most), its lower-case code point when
    that is a single character of the same UTF-8 length (Latin-1 and Latin Extended, Greek,
    Cyrillic, Armenian), else itself; Arabic letters written in several ways fold the usual way
    (alef with hamza or madda to alef, alef maqsura to ya, ta marbuta to ha), as spelling of
    the same word varies between outlets."""
    table = np.arange(0x800, dtype=np.int64)
    for cp in range(0x80, 0x800):
        low = chr(cp).lower()
        if len(low) == 1 and 0x80 <= ord(low) < 0x800:
            table[cp] = ord(low)
    for variant, letter in zip("أإآىة", "ااايه"):
        table[ord(variant)] = ord(letter)
    return table


_LOWER = _lower_table()


def lower(data: bytes) -> np.ndarray:
    """UTF-8 bytes lower-cased, byte length unchanged: ASCII letters and two-byte letters ("Ö",
    "É", "Ś", "П", "Σ"), so a word hashes alike at the start of a sentence and inside it."""
    out = np.frombuffer(bytearray(data.lower()), dtype=np.uint8)
    lead = np.flatnonzero((out[:-1] - np.uint8(0xC2)) < 0x1E)  # lead bytes C2-DF (wrapping subtraction)
    lead = lead[(out[lead + 1] & 0xC0) == 0x80]
    if len(lead):
        cp = _LOWER[((out[lead].astype(np.int64) & 0x1F) << 6) | (out[lead + 1] & 0x3F)]
        out[lead] = 0xC0 | (cp >> 6)
        out[lead + 1] = 0x80 | (cp & 0x3F)
    return out


def _word_bounds(raw: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end (exclusive) byte of every word. Runs of letters and digits are words, except
    that each CJK character (UTF-8 lead bytes E3-E9: kana and CJK ideographs) is a word of its own,
    since those scripts do not put spaces between words."""
    padded = np.zeros(len(raw) + 2, dtype=bool)
    padded[1:-1] = _WORD_BYTES[raw]
    cut = np.zeros(len(raw) + 2, dtype=bool)  # a word boundary falls just before this byte
    lead = (raw >= 0xE3) & (raw <= 0xE9)
    if lead.any():
        cut[1:-1] = lead
        cut[4:-1] |= lead[:-3]
    starts = np.flatnonzero(padded[1:-1] & (~padded[:-2] | cut[1:-1]))
    ends = np.flatnonzero(padded[:-2][1:] & (~padded[2:-1] | cut[2:-1])) + 1
    if len(raw) and padded[-2]:
        ends = np.append(ends, len(raw))
    return starts, ends


def _paragraphs(raw: np.ndarray, breaks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start and end byte of every paragraph: text boundaries and blank lines split paragraphs."""
    cut = raw == 0
    blank = (raw[1:] == 10) & (raw[:-1] == 10)
    cut[1:] |= blank
    cut[:-1] |= blank
    cuts = np.flatnonzero(cut)
    start = np.concatenate(([0], cuts + 1))
    end = np.concatenate((cuts, [len(raw)]))
    return start, end


def paragraph_keys(texts: Sequence[str]) -> list[np.ndarray]:
    """The keys of each text's paragraphs of 60 bytes or more (for `boilerplate`); the same keys
    `words` gives, computed from the bytes alone."""
    raw = lower("\x00".join(texts).encode("utf-8", "ignore"))
    power, inverse = _powers(len(raw))
    running = np.zeros(len(raw) + 1, dtype=np.uint64)
    np.cumsum(np.multiply(raw, power[: len(raw)], dtype=np.uint64), out=running[1:])
    breaks = np.flatnonzero(raw == 0)
    p_start, p_end = _paragraphs(raw, breaks)
    keys = _fmix((running[p_end] - running[p_start]) * inverse[p_start] + np.uint64(p_end - p_start))
    doc = np.searchsorted(breaks, p_start)
    long = (p_end - p_start) >= 60
    cuts = np.searchsorted(doc[long], np.arange(len(texts) + 1))
    kept = keys[long]
    return [kept[cuts[i] : cuts[i + 1]] for i in range(len(texts))]


def boilerplate(outlets: Sequence[str | None], keys: Sequence[np.ndarray], min_repeats: int = 3) -> np.ndarray:
    """Sorted keys of the paragraphs (60+ bytes) an outlet repeats in `min_repeats` or more of its
    articles: footers, sign-offs, subscription pitches. Texts without an outlet are not used, since
    paragraphs repeated across outlets are usually the shared story itself. Counts add up across
    batches, so a distributed driver sums (outlet, key) counts and applies the same rule."""
    codes: dict[str, int] = {}
    doc_outlet = np.array([-1 if o is None else codes.setdefault(o, len(codes)) for o in outlets], dtype=np.int64)
    sizes = np.array([len(k) for k in keys], dtype=np.int64)
    if not sizes.sum():
        return np.zeros(0, np.uint64)
    key = np.concatenate(keys)
    doc = np.repeat(np.arange(len(keys)), sizes)
    keep = doc_outlet[doc] >= 0
    per_doc = np.unique(np.stack([doc[keep].astype(np.uint64), key[keep]], axis=1), axis=0)
    per_outlet = _fmix(per_doc[:, 1] ^ _fmix(doc_outlet[per_doc[:, 0].astype(np.int64)].astype(np.uint64) + _MIX[5]))
    combos, first, counts = np.unique(per_outlet, return_index=True, return_counts=True)
    return np.unique(per_doc[first[counts >= min_repeats], 1])


def strip(w: Words, boiler: np.ndarray) -> Words:
    """The words of `w` minus those of boilerplate paragraphs."""
    if not len(boiler):
        return w
    keep = ~np.isin(w.keys, boiler)[w.paragraph]
    kept = np.concatenate(([0], np.cumsum(keep)))
    offsets = kept[w.offsets].astype(np.int64)
    if not len(w.stems):
        return w._replace(hashes=w.hashes[keep], offsets=offsets, paragraph=w.paragraph[keep], length=w.length[keep])
    return Words(w.hashes[keep], offsets, w.paragraph[keep], w.keys, w.length[keep], w.capital[keep],
                 w.joined[keep], w.stems[keep])


_RADIX = 0x9E3779B97F4A7C15
_POWERS: list[np.ndarray] = []


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """RADIX**i and RADIX**-i modulo 2**64 for i < n (computed once, grown on demand)."""
    if not _POWERS or len(_POWERS[0]) < n:
        size = max(2 * n, 1 << 21)
        inv = pow(_RADIX, -1, 2**64)  # the radix is odd, so it has an inverse modulo 2**64
        _POWERS[:] = [_power_table(_RADIX, size), _power_table(inv, size)]
    return _POWERS[0], _POWERS[1]


def shingles(w: Words, k: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """Hashes of the word k-grams of each text (texts shorter than k give one shingle of all words)."""
    hashes, offsets = w.hashes, w.offsets
    n, texts = len(hashes), range(len(offsets) - 1)
    doc = np.repeat(np.arange(len(texts)), np.diff(offsets))
    if n < k:
        return _short(hashes, offsets, k)
    acc = hashes[: n - k + 1] * _MIX[0]
    for j in range(1, k):
        acc = acc + hashes[j : n - k + 1 + j] * _MIX[j]
    keep = doc[: n - k + 1] == doc[k - 1 :]
    out_doc = doc[: n - k + 1][keep]
    shingled = _fmix(acc[keep])
    counts = np.bincount(out_doc, minlength=len(texts))
    short = np.flatnonzero((counts == 0) & (np.diff(offsets) > 0))
    if len(short):
        extra_h, extra_o = _short(hashes, offsets, k, short)
        return _merge_short(shingled, counts, short, extra_h, extra_o)
    return shingled, np.concatenate(([0], np.cumsum(counts))).astype(np.int64)


def _short(hashes, offsets, k, which=None):
    """One shingle per short text: the hash of all its words."""
    which = np.arange(len(offsets) - 1) if which is None else which
    out, counts = [], np.zeros(len(offsets) - 1, np.int64)
    for d in which:
        w = hashes[offsets[d] : offsets[d + 1]]
        if len(w):
            out.append(_fmix(np.array([np.sum(w * _MIX[: len(w)])], np.uint64)))
            counts[d] = 1
    h = np.concatenate(out) if out else np.zeros(0, np.uint64)
    return h, np.concatenate(([0], np.cumsum(counts))).astype(np.int64)


def _merge_short(shingled, counts, short, extra_h, extra_o):
    extra = {d: extra_h[extra_o[d] : extra_o[d + 1]] for d in short}
    parts, starts = [], np.concatenate(([0], np.cumsum(counts)))
    for d in range(len(counts)):
        parts.append(extra[d] if d in extra else shingled[starts[d] : starts[d + 1]])
    sizes = np.array([len(p) for p in parts])
    return np.concatenate(parts), np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)


def _power_table(base: int, size: int) -> np.ndarray:
    """base**i modulo 2**64 for i < size, as an outer product of two short tables."""
    step = 4096
    low = np.cumprod(np.full(step, base, dtype=np.uint64)) * np.uint64(pow(base, -1, 2**64))
    stride = np.full(-(-size // step), pow(base, step, 2**64), dtype=np.uint64)
    high = np.cumprod(stride) * np.uint64(pow(base, -step, 2**64))
    return (high[:, None] * low[None, :]).ravel()[:size]


def signatures(hashes: np.ndarray, offsets: np.ndarray, bins: int = 128) -> np.ndarray:
    """One-permutation MinHash: each shingle falls into one of `bins` bins by its top bits, and a
    text's signature keeps the smallest low 32 bits per bin. Empty bins borrow from the next
    non-empty bin (densification), so two texts' signatures agree in a bin with probability equal to
    their Jaccard similarity. Texts without shingles get a signature no other text matches."""
    n = len(offsets) - 1
    shift = np.uint64(64 - int(np.log2(bins)))
    doc = np.repeat(np.arange(n, dtype=np.int64), np.diff(offsets))
    slot = doc * bins + (hashes >> shift).astype(np.int64)
    sig = np.full(n * bins, np.iinfo(np.uint32).max, dtype=np.uint32)
    np.minimum.at(sig, slot, (hashes & np.uint64(0xFFFFFFFF)).astype(np.uint32))
    return _densify(sig.reshape(n, bins), np.diff(offsets) == 0)


def _densify(sig: np.ndarray, empty_docs: np.ndarray) -> np.ndarray:
    n, bins = sig.shape
    empty = sig == np.iinfo(np.uint32).max
    if not empty.any():
        return sig
    idx = np.where(~empty, np.arange(bins), bins * 2)
    doubled = np.concatenate([idx, idx + bins], axis=1)
    nxt = np.minimum.accumulate(doubled[:, ::-1], axis=1)[:, ::-1][:, :bins] % bins
    filled = np.take_along_axis(sig, nxt, axis=1) ^ (np.arange(bins, dtype=np.uint32) * np.uint32(0x9E3779B1))
    sig = np.where(empty, filled, sig)
    if empty_docs.any():
        sig[empty_docs] = _unique_rows(np.flatnonzero(empty_docs), bins)
    return sig


def _unique_rows(docs: np.ndarray, bins: int) -> np.ndarray:
    seeds = _fmix(docs.astype(np.uint64)[:, None] * _MIX[1] + np.arange(bins, dtype=np.uint64) * _MIX[2] + _MIX[3])
    return (seeds & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def band_keys(sig: np.ndarray, bands: int) -> np.ndarray:
    """One 64-bit key per band of rows; two texts are candidates when they agree in any band."""
    n, bins = sig.shape
    rows = bins // bands
    parts = sig[:, : bands * rows].reshape(n, bands, rows).astype(np.uint64)
    acc = np.zeros((n, bands), np.uint64) + np.arange(bands, dtype=np.uint64)
    for r in range(rows):
        acc = _fmix(acc * _MIX[4] + parts[:, :, r])
    return acc


def candidates(keys: np.ndarray, max_bucket: int = 400) -> np.ndarray:
    """Pairs (i < j) of rows that share a band key, as an int64 array of shape (m, 2), unique.
    A bucket larger than `max_bucket` is linked as a chain of neighbours in sorted order instead of
    all its pairs, so one huge bucket cannot blow up the pair count (its rows still meet)."""
    n, bands = keys.shape
    bits = np.uint64(max(1, int(n - 1).bit_length()))
    row_of = np.repeat(np.arange(n, dtype=np.uint64), bands)
    packed = np.sort(((keys.ravel() >> bits) << bits) | row_of)  # the row rides in the low bits
    ranked = packed >> bits
    edge = np.flatnonzero(np.concatenate(([True], ranked[1:] != ranked[:-1], [True])))
    start, size = edge[:-1], np.diff(edge)
    rows = (packed & ((np.uint64(1) << bits) - np.uint64(1))).astype(np.int64)  # ascending per bucket
    small = (size > 1) & (size <= max_bucket)
    found = [_all_pairs(rows, start[small], size[small])]
    for s, e in zip(start[size > max_bucket], (start + size)[size > max_bucket]):
        found.append(np.stack([rows[s : e - 1], rows[s + 1 : e]], axis=1))
    pairs = np.concatenate(found)
    packed = np.unique(pairs[:, 0] * n + pairs[:, 1])
    return np.stack([packed // n, packed % n], axis=1)


def _all_pairs(rows: np.ndarray, start: np.ndarray, size: np.ndarray) -> np.ndarray:
    """Every pair inside each bucket rows[start:start + size], all buckets at once."""
    member = np.repeat(start, size) + _ranges(size)  # positions of every bucket member
    later = np.repeat(start + size, size) - member - 1  # members after it in its bucket
    first = np.repeat(member, later)
    second = first + 1 + _ranges(later)
    return np.stack([rows[first], rows[second]], axis=1).astype(np.int64)


def _ranges(counts: np.ndarray) -> np.ndarray:
    """0..c-1 for each c of `counts`, concatenated."""
    total = int(counts.sum())
    if not total:
        return np.zeros(0, np.int64)
    ends = np.cumsum(counts)
    return np.arange(total) - np.repeat(ends - counts, counts)


def estimate(sig: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of each pair: the share of bins where the signatures agree."""
    if not len(pairs):
        return np.zeros(0)
    out = np.empty(len(pairs))
    for s in range(0, len(pairs), 200_000):
        chunk = pairs[s : s + 200_000]
        out[s : s + 200_000] = (sig[chunk[:, 0]] == sig[chunk[:, 1]]).mean(axis=1)
    return out
