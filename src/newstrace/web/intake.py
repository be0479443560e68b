"""Articles arriving through the browser become files, so they take the CLI's ingest path unchanged.

Uploads keep their (sanitised) file name, which picks the reader as on the command line; pasted text
becomes one JSON Lines record so its title, outlet, URL and date travel with it. The files are kept in
an `uploads/` folder beside the database: an article's source then names a file that still exists.
"""

from __future__ import annotations

import json
import re
import secrets
from datetime import datetime, timezone
from pathlib import Path

from ..ingest import SUFFIXES
from ..types import Skipped

MAX_BYTES = 5_000_000          # per file; a news article is a few kilobytes
PASTE_FIELDS = ("title", "outlet", "url", "published")


def save(folder: Path, files: list[tuple[str, bytes]], pasted: dict | None) -> list[Path]:
    """Write each upload and the pasted article (if any) into a fresh folder; returns their paths."""
    batch = folder / (datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + secrets.token_hex(3))
    batch.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, (name, data) in enumerate(files, start=1):
        path = batch / f"{n:02d}-{safe_name(name)}"
        path.write_bytes(data)
        paths.append(path)
    if pasted and (pasted.get("text") or "").strip():
        path = batch / "pasted.jsonl"
        record = {"text": pasted["text"], **{k: pasted[k].strip() for k in PASTE_FIELDS if (pasted.get(k) or "").strip()}}
        path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def safe_name(name: str) -> str:
    """The last part of a client-given file name, reduced to letters, digits, dot, dash and underscore."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[^\w.\-]+", "_", base, flags=re.ASCII).strip("._") or "upload"
    stem, dot, suffix = base[:80].rpartition(".")
    return base[:80] if not dot or f".{suffix.lower()}" in SUFFIXES else f"{base[:80]}.txt"


def outcome(ids: list[str], skipped: list[Skipped], view: dict | None) -> dict:
    """Where each added article landed: its story and how many versions that story now has."""
    added = []
    if view:
        story_of = {a: s for s in view["stories"] for a in s["articles"]}
        for a in view["articles"]:
            if a["id"] in ids:
                story = story_of[a["id"]]
                added.append({"id": a["id"], "title": a["title"], "source": a["source"], "story": story["id"],
                              "versions": len(story["articles"])})
    return {"added": added, "skipped": [{"source": s.source, "reason": s.reason} for s in skipped],
            "stories": sorted({a["story"] for a in added})}
