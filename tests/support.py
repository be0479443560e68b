"""Shared helpers for the foundation tests: where ../shared lives, and a CLI runner."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
SCHEMA = SHARED / "report.schema.json"


def need_shared(path: Path = SEEDS) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not present on this machine")
    return path


def seed_files() -> list[str]:
    return sorted(str(p) for p in need_shared().glob("*.txt"))


def schema() -> dict:
    return json.loads(need_shared(SCHEMA).read_text())


def run_cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run([sys.executable, "-m", "newstrace", *args], capture_output=True, text=True, cwd=REPO)
    if check and proc.returncode != 0:
        raise AssertionError(f"exit {proc.returncode}: {proc.stderr}")
    return proc
