"""Themes: the measures analysts think in (industry, relocation, education...).

The theme of every indicator is data (``data/briefing/themes.yaml``), not code. Indicators
missing from that file fall under the last theme (``other``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd
import yaml

from ..catalogue import load_catalogue
from .text import data_path


@dataclass(frozen=True)
class Theme:
    id: str
    zh: str
    en: str
    indicators: tuple[str, ...]

    def name(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


@lru_cache(maxsize=1)
def load_themes() -> tuple[Theme, ...]:
    """All themes in briefing order; every catalogue indicator is in exactly one."""
    raw = yaml.safe_load(data_path("themes.yaml").read_text(encoding="utf-8"))["themes"]
    themes = [Theme(t["id"], t["zh"], t["en"], tuple(t.get("indicators") or ())) for t in raw]
    listed = {i for t in themes for i in t.indicators}
    rest = tuple(i for i in load_catalogue() if i not in listed)
    if rest:
        last = themes[-1]
        themes[-1] = Theme(last.id, last.zh, last.en, last.indicators + rest)
    return tuple(themes)


def theme_of(indicator: str) -> Theme:
    """The theme of an indicator (unknown ids: the last theme, ``other``)."""
    for t in load_themes():
        if indicator in t.indicators:
            return t
    return load_themes()[-1]


def indicator_order() -> dict[str, int]:
    """Position of every indicator when facts are listed theme by theme."""
    return {ind: i for i, ind in enumerate(i for t in load_themes() for i in t.indicators)}


def by_theme(facts: pd.DataFrame) -> list[tuple[Theme, pd.DataFrame]]:
    """The themes that have facts, each with its facts in indicator order, then by year.

    Themes without a single fact are left out: a briefing shows no empty headings.
    """
    out = []
    order = indicator_order()
    for t in load_themes():
        rows = facts[facts["indicator"].isin(t.indicators)
                     | ((t is load_themes()[-1]) & ~facts["indicator"].isin(list(order)))]
        if rows.empty:
            continue
        rows = rows.assign(
            _o=rows["indicator"].map(lambda i: order.get(i, len(order))),
            _y=rows["year"].astype("Float64").fillna(9999),
        ).sort_values(["_o", "_y"], kind="stable").drop(columns=["_o", "_y"])
        out.append((t, rows))
    return out
