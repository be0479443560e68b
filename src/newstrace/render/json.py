"""The report as JSON (the contract: report.schema.json)."""

from __future__ import annotations

import json as _json


def render(view: dict) -> str:
    return _json.dumps(view, ensure_ascii=False, indent=2)
