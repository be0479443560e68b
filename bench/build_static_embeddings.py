"""Distil the static embedding table from the MiniLM ONNX model (`newstrace.static_embed`).

    PYTHONPATH=src python bench/build_static_embeddings.py [OUT.npy]

Needs the `embed` extra (onnxruntime, tokenizers, the model and tokenizer packages); writes about
15 MB to $NEWSTRACE_MODELS or the user cache folder (never committed). Deterministic: the same
model gives the same table. Prints the build time and the speed of embedding articles with it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from _common import row

from newstrace import static_embed


def main() -> None:
    start = time.perf_counter()
    target = static_embed.build(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
    row("static table built", f"{time.perf_counter() - start:.1f} s", str(target))
    sample = [f"Officials in city {i} said on Monday that the bridge would reopen after repairs, "
              f"according to a statement from the transport ministry. " * 8 for i in range(5000)]
    start = time.perf_counter()
    static_embed.texts(sample)
    took = time.perf_counter() - start
    row("static embeddings, articles of ~1,000 characters per second", f"{len(sample) / took:,.0f}",
        "MiniLM ONNX: ~50/s at 128 tokens (one thread)")


if __name__ == "__main__":
    main()
