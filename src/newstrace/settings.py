"""Every tuned threshold, in one place, with how it was calibrated.

One `Settings` object is built at the edge (the CLI) and passed down.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    # Story grouping (stories.py). Pair score = name_weight x cosine of name TF-IDF vectors + the
    # rest x cosine of distinctive-word TF-IDF vectors; stories are average-linkage clusters at
    # story_similarity. Both tuned on the ECB+ train and dev splits (bench/ecbplus_grouping.py):
    # name weight 0.3 and threshold 0.22 gave the best mean ARI there (0.849; bench/tune_grouping.py).
    story_similarity: float = 0.22
    story_name_weight: float = 0.3
    # Near-duplicate tier (minhash.py): 5-word shingles, 128-bin one-permutation MinHash, 64 bands of
    # 2 rows (a pair with Jaccard 0.2 collides with probability 0.93). An estimated Jaccard of 0.2 or
    # more is a near-duplicate: on generated corpora pair precision is 1.00 there, and unrelated
    # articles of one outlet stay below 0.05 once footers are stripped.
    near_duplicate_jaccard: float = 0.2
    shingle_words: int = 5
    minhash_bins: int = 128
    lsh_bands: int = 64
    # Blocking for the content tier (above compare_all_below articles): pairs sharing 2+ of each
    # article's 12 highest TF-IDF terms (words and names) whose cosine over those terms alone is
    # 0.2+; terms that are keys of more than 100 articles are not keys. On a generated 100k corpus
    # (bench/grouping_throughput.py): 2.7M candidate pairs, pair recall 0.991 (posting cap 2000 and
    # no overlap floor: 9.5M pairs, recall 0.999, 4x the scoring time; cap 50: recall 0.88).
    compare_all_below: int = 3000
    block_keys: int = 12
    block_max_posting: int = 100
    block_min_overlap: float = 0.2
    # Up to this many articles, grouping also names what each merged pair shares (quotes, names);
    # beyond it, the report fills that in for the stories it shows (regex work per article).
    explain_all_below: int = 5000
    # Components larger than this are not split by average linkage (its cost grows with size squared).
    max_linkage: int = 4000
    # Days between publication dates beyond which two articles are never one story.
    story_window_days: int = 7
    # Sentence alignment: TF-IDF cosine of content words between two sentences of sibling versions.
    # Seeds: aligned pairs that share no quote score 0.3+; unrelated sentences of one story below 0.2.
    sentence_similarity: float = 0.3
    # MiniLM sentence-embedding cosine that counts as carrying the same statement (mapped onto
    # sentence_similarity). 0.6: paraphrases of one statement score 0.6-0.9 with this model, sentences
    # of one story on different points 0.3-0.55 (the bundled example and generated paraphrases).
    sentence_embedding_similarity: float = 0.8
    # A quote is shared when this share of the shorter quote's words appear in order in the other.
    quote_overlap: float = 0.6
    # Smallest number of words in a quote that counts as a quote (shorter ones are scare quotes).
    quote_min_words: int = 1


DEFAULT = Settings()
