"""Why a region's figures of one indicator and year differ: plan against result, a part
against the total, a certified figure against a self-reported one, a running total
against a year's, or two sources that disagree. Cues are data:
``data/briefing/differences.yaml``.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pandas as pd

import yaml

from .format import is_missing
from .text import data_path, strings


@lru_cache(maxsize=1)
def _cues() -> dict[str, Any]:
    return yaml.safe_load(data_path("differences.yaml").read_text(encoding="utf-8"))


def _clause_before(sentence: str, quote: str) -> str:
    """The figure's own clause up to the figure: after the last clause mark before it."""
    i = sentence.find(quote) if quote else -1
    if i < 0:
        return ""
    head = sentence[:i]
    ends = _cues()["clause_end"]
    cut = max((head.rfind(ch) for ch in ends), default=-1)
    return head[cut + 1:]


def is_certified(fact: pd.Series | dict) -> bool:
    """Whether the figure's own clause says a higher authority checked and confirmed it
    (``省上核减认定6067户``)."""
    clause = _clause_before(str(fact.get("sentence") or ""), str(fact.get("quote") or ""))
    return any(cue in clause for cue in _cues()["certified"])


def _flags(f: pd.Series | dict) -> set[str]:
    fl = f.get("flags")
    return set(fl) if fl is not None else set()


def _is_part(f: pd.Series | dict) -> bool:
    return f.get("scope") == "part" and not is_missing(f.get("part"))


def reason(shown: pd.Series | dict, other: pd.Series | dict) -> str:
    """Why ``other`` differs from the figure ``shown``: ``planned``, ``part``,
    ``cumulative``, ``certified`` (``other`` is), ``other_source``, ``reported`` (the
    same article certified ``shown``, not ``other``) or ``same_source``."""
    if "planned" in _flags(other) and "planned" not in _flags(shown):
        return "planned"
    if _is_part(other):
        return "part"
    if ("cumulative" in _flags(other)) != ("cumulative" in _flags(shown)):
        return "cumulative"
    if is_certified(other) and not is_certified(shown):
        return "certified"
    if other.get("doc_id") != shown.get("doc_id"):
        return "other_source"
    # the same article gives the certified figure and another: the one before checking
    return "reported" if is_certified(shown) else "same_source"


def explain(shown: pd.Series | dict, other: pd.Series | dict, lang: str = "zh") -> str:
    """The reason of ``reason`` in words (``自报数``, ``计划``, ``分项：红星村``)."""
    s = strings(lang)["differences"]
    key = reason(shown, other)
    text = s[key]
    return text.format(part=str(other.get("part") or "")) if "{part}" in text else text
