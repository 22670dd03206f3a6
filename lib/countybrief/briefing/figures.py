"""Which figure a briefing shows for an indicator, and the headline cards."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..catalogue import load_catalogue
from .format import fmt_value, fmt_when, is_missing
from .text import setting


def indicator_name(indicator_id: str, lang: str = "zh") -> str:
    """Catalogue name of an indicator; unknown ids are shown as they are."""
    ind = load_catalogue().get(indicator_id)
    return ind.name(lang) if ind else indicator_id


def best_fact(facts: pd.DataFrame, indicator: str) -> pd.Series | None:
    """The fact to quote for ``indicator`` as the region's own figure: a known value of the
    region's whole (never a village's, company's or programme's part), achieved (never a
    plan), from the latest year; ``None`` when there is no such fact.

    Among amounts of money of the same year the largest wins: articles list a total and
    then its programmes (``全年投入15亿元……其中5000万元用于……``), and the total is the
    figure a reader compares. Other indicators keep the order of the sources.
    """
    rows = facts[(facts["indicator"] == indicator) & facts["value"].notna()]
    if "scope" in rows:
        rows = rows[rows["scope"].fillna("whole") != "part"]
    rows = rows[~rows["flags"].map(lambda f: "planned" in f)]
    if rows.empty:
        return None
    # rank: latest year first (no year last), largest amount of
    # money first, then source order; a plain minimum, no sorted copy of the frame
    best = min(
        ((("planned" in flags), -(-1.0 if is_missing(year) else float(year)),
          -float(value) if unit == "元" else 0.0, i)
         for i, (flags, year, value, unit)
         in enumerate(zip(rows["flags"], rows["year"], rows["value"], rows["unit"]))),
    )
    return rows.iloc[best[3]]


@dataclass
class Headline:
    """One headline card."""

    indicator: str
    label: str
    value: float | None
    unit: str
    year: int | None
    flags: list[str]
    text: str  # formatted value
    year_text: str
    doc: str
    fact_id: str = ""  # the fact shown, for the link to its source sentence
    others: list[str] = field(default_factory=list)  # conflicting values of other reports
    n_more: int = 0  # further values for the same year that are not conflicts (e.g. programmes)


def headline(facts: pd.DataFrame, indicator: str, lang: str = "zh") -> Headline | None:
    """The headline card of one indicator, with differing values from other reports."""
    row = best_fact(facts, indicator)
    if row is None:
        return None
    same = facts[(facts["indicator"] == indicator) & facts["value"].notna()]
    if is_missing(row["year"]):
        same = same[same["year"].isna()]
    else:
        same = same[same["year"] == row["year"]]
    same = same[~same["flags"].map(lambda f: "planned" in f)]
    chosen = fmt_value(row["value"], row["unit"], lang, row.get("quote"))
    others: list[str] = []
    more: set[str] = set()
    for v, doc_id, flags in zip(same["value"], same["doc_id"], same["flags"]):
        text = fmt_value(v, row["unit"], lang)
        if text == chosen:
            continue
        if "conflict" in flags and doc_id != row["doc_id"]:
            if text not in others:
                others.append(text)
        else:
            more.add(text)
    year = None if is_missing(row["year"]) else int(row["year"])
    return Headline(
        indicator=indicator, label=indicator_name(indicator, lang), value=float(row["value"]),
        unit=row["unit"], year=year, flags=list(row["flags"]),
        text=chosen, year_text=fmt_when(row, lang),
        doc=row["doc"], fact_id=str(row.get("fact_id", "") or ""), others=others, n_more=len(more - set(others)),
    )


def headline_figures(facts: pd.DataFrame, lang: str = "zh") -> list[Headline]:
    """The 4–6 headline cards: preferred indicators first, topped up with others."""
    conf = setting("headline")
    chosen: list[Headline] = []
    for ind in conf["indicators"]:
        h = headline(facts, ind, lang)
        if h:
            chosen.append(h)
        if len(chosen) >= conf["max"]:
            return chosen
    if len(chosen) < conf["min"]:
        seen = {h.indicator for h in chosen}
        for ind in load_catalogue():
            if ind in seen or len(chosen) >= conf["min"]:
                continue
            h = headline(facts, ind, lang)
            if h:
                chosen.append(h)
    return chosen
