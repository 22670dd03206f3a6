"""Acceptance: the yardstick of ``../shared/eval/score.py`` on the three reference gold sets.

The gold sets and their pages are reference material outside the project (``../shared``,
beside a clone; CI has it): without them these tests skip and say why. The extraction runs
as a user runs it (``countybrief extract FOLDER --jsonl``) and the scorer prints its misses
(``-v``) when a minimum fails.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("COUNTYBRIEF_SHARED", ROOT.parent / "shared"))
SCORER = SHARED / "eval" / "score.py"

MIN_PRECISION, MIN_RECALL, MIN_MEANING = 0.95, 0.95, 0.90

GOLD_SETS = {
    "seeds": ("gold/seeds.yaml", "seeds"),
    "dev-pages": ("dev/pages/gold.yaml", "dev/pages"),
    "dev-multiyear": ("dev/multiyear/gold.yaml", "dev/multiyear"),
}


@pytest.mark.parametrize("name", sorted(GOLD_SETS))
def test_gold_scores(name: str, tmp_path: Path) -> None:
    gold, corpus = (SHARED / p for p in GOLD_SETS[name])
    if not SCORER.exists() or not gold.exists() or not corpus.is_dir():
        pytest.skip(f"reference gold set {name!r} not found under {SHARED} (set COUNTYBRIEF_SHARED)")
    facts = tmp_path / "facts.jsonl"
    with open(facts, "w", encoding="utf-8") as out:
        run = subprocess.run([sys.executable, "-m", "countybrief.cli", "extract", str(corpus), "--jsonl"],
                             stdout=out, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    score = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(corpus), str(facts), "-v",
         "--min-precision", str(MIN_PRECISION), "--min-recall", str(MIN_RECALL), "--min-meaning", str(MIN_MEANING)],
        capture_output=True, text=True)
    print(f"{name}: {score.stdout.strip().splitlines()[-1]}")
    assert score.returncode == 0, f"{name} below P {MIN_PRECISION} / R {MIN_RECALL} / meaning {MIN_MEANING}:\n{score.stdout}"
