"""Scoring extracted facts against hand-made gold annotations (``tests/fixtures/gold``).

A predicted fact matches a gold fact with the same doc, region, indicator and a value
within 0.5 % (or both null, the prediction flagged digits_missing). Each gold fact matches
at most once. Recall counts non-ambiguous gold facts only; a prediction is correct when it
matches any gold fact, ambiguous ones included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml

from ..model import Fact

REL_TOLERANCE = 0.005


@dataclass
class Score:
    recall: float
    precision: float
    matched: int
    gold_required: int
    predicted: int
    misses: list[dict[str, Any]] = field(default_factory=list)  # non-ambiguous gold facts not found
    false_positives: list[Fact] = field(default_factory=list)

    def report(self) -> str:
        """Plain-text summary with every miss and false positive."""
        lines = [f"recall {self.recall:.3f} ({self.matched}/{self.gold_required} required gold facts), "
                 f"precision {self.precision:.3f} ({self.predicted - len(self.false_positives)}/{self.predicted})"]
        for g in self.misses:
            lines.append(f"  MISS {g['doc']} {g['region']} {g['indicator']} {g.get('value')} «{g.get('quote', '')}»")
        for f in self.false_positives:
            lines.append(f"  FALSE+ {f.doc} {f.region} {f.indicator} {f.value} «{f.quote}» in «{f.sentence[:60]}»")
        return "\n".join(lines)


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    """Gold facts, one dict each, with ``doc`` set from their file entry."""
    entries = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    facts = []
    for entry in entries:
        for g in entry.get("facts") or ():
            facts.append({**g, "doc": entry["file"]})
    return facts


def _matches(fact: Fact, gold: dict[str, Any]) -> bool:
    if (fact.doc, fact.region, fact.indicator) != (gold["doc"], gold["region"], gold["indicator"]):
        return False
    gv = gold.get("value")
    if gv is None or fact.value is None:
        return gv is None and fact.value is None and "digits_missing" in fact.flags
    return abs(fact.value - float(gv)) <= REL_TOLERANCE * max(abs(float(gv)), 1e-9)


def score(facts: Iterable[Fact], gold: list[dict[str, Any]]) -> Score:
    """Greedy one-to-one matching of predictions to gold facts (non-ambiguous first)."""
    facts = list(facts)
    order = sorted(range(len(gold)), key=lambda i: bool(gold[i].get("ambiguous")))
    used: set[int] = set()
    correct: set[int] = set()
    for fi, fact in enumerate(facts):
        for gi in order:
            if gi not in used and _matches(fact, gold[gi]):
                used.add(gi)
                correct.add(fi)
                break
    required = [i for i, g in enumerate(gold) if not g.get("ambiguous")]
    matched = sum(1 for i in required if i in used)
    return Score(
        recall=matched / len(required) if required else 1.0,
        precision=len(correct) / len(facts) if facts else 1.0,
        matched=matched, gold_required=len(required), predicted=len(facts),
        misses=[gold[i] for i in required if i not in used],
        false_positives=[f for i, f in enumerate(facts) if i not in correct],
    )
