"""Which figure a briefing shows for an indicator, and the headline cards."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..catalogue import load_catalogue
from .differences import explain, is_certified
from .format import fmt_card_when, fmt_stated, fmt_value, is_missing
from .text import setting, strings


def indicator_name(indicator_id: str, lang: str = "zh") -> str:
    """Catalogue name of an indicator; unknown ids are shown as they are."""
    ind = load_catalogue().get(indicator_id)
    return ind.name(lang) if ind else indicator_id


def achieved_whole(facts: pd.DataFrame, indicator: str | None = None) -> pd.DataFrame:
    """Known values of the region's whole (no part), achieved (no plan)."""
    rows = facts[facts["value"].notna()]
    if indicator is not None:
        rows = rows[rows["indicator"] == indicator]
    if "scope" in rows:
        rows = rows[rows["scope"].fillna("whole") != "part"]
    return rows[~has_flag(rows, "planned")]


def is_cumulative(flags) -> bool:
    return "cumulative" in (flags if flags is not None else ())


def has_flag(rows: pd.DataFrame, flag: str) -> pd.Series:
    """Boolean mask of the rows whose flags include ``flag`` (bool even when empty)."""
    return rows["flags"].map(lambda f: flag in (f if f is not None else ())).astype(bool)


def series(facts: pd.DataFrame, indicator: str) -> list[pd.Series]:
    """The region's yearly figures of ``indicator``, oldest first: whole, achieved, not
    running totals, each of a year its text states (one per year, chosen as ``best_fact``
    does). Two or more make a series a briefing may draw or quote as "2014 → 2019"."""
    rows = achieved_whole(facts, indicator)
    rows = rows[rows["year"].notna() & ~has_flag(rows, "cumulative")]
    out = []
    for year in sorted({int(y) for y in rows["year"]}):
        best = best_fact(rows[rows["year"] == year], indicator)
        if best is not None:
            out.append(best)
    return out


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
    rows = rows[~has_flag(rows, "planned")]
    if rows.empty:
        return None
    # rank: latest year first (no year last), a figure a higher level certified before
    # the self-reported one (``differences.is_certified``), largest amount of money
    # first, then source order; a plain minimum, no sorted copy of the frame
    certified = [is_certified(r) for r in rows[["sentence", "quote"]].to_dict("records")] \
        if "sentence" in rows and "quote" in rows else [False] * len(rows)
    best = min(
        ((("planned" in flags), -(-1.0 if is_missing(year) else float(year)), not cert,
          -float(value) if unit == "元" else 0.0, i)
         for i, (flags, year, value, unit, cert)
         in enumerate(zip(rows["flags"], rows["year"], rows["value"], rows["unit"], certified))),
    )
    return rows.iloc[best[4]]


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
    others: list[str] = field(default_factory=list)  # other values of the year, with why they differ
    n_more: int = 0  # further values of the same year, beyond ``others``
    series_years: str = ""  # "2014 → 2019" when the sources give a series of stated years
    series_values: str = ""  # "8,000人 → 782人"
    certified: bool = False  # a higher level certified the figure (``differences``)


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
    chosen = fmt_value(row["value"], row["unit"], lang, row.get("quote"))
    stated = fmt_stated(row["value"], row["unit"], lang, row.get("quote"), row.get("qualifier"))
    # every other value of that year, with why it differs (a plan, certified or
    # self-reported, a running total, another report); the first two are written out.
    # A part's figures are never named on a card: they are under "Programmes and cases".
    if "scope" in same:
        same = same[same["scope"].fillna("whole") != "part"]
    others: list[str] = []
    seen: set[str] = {chosen}
    n_other = 0
    for _, other in same.iterrows():
        text = fmt_stated(other["value"], other["unit"], lang, other.get("quote"),
                          other.get("qualifier"))
        if fmt_value(other["value"], other["unit"], lang) in seen:
            continue
        seen.add(fmt_value(other["value"], other["unit"], lang))
        n_other += 1
        if len(others) < 2:
            why = explain(row, other, lang)
            others.append(f"{text}（{why}）" if lang == "zh" else f"{text} ({why})")
    year = None if is_missing(row["year"]) else int(row["year"])
    years, values = "", ""
    ser = series(facts, indicator)
    if len(ser) >= 2:
        first, last = ser[0], ser[-1]
        pattern = strings(lang)["series"]
        years = pattern.format(first=int(first["year"]), last=int(last["year"]))
        values = pattern.format(
            first=fmt_stated(first["value"], first["unit"], lang, first.get("quote"), first.get("qualifier")),
            last=fmt_stated(last["value"], last["unit"], lang, last.get("quote"), last.get("qualifier")))
    return Headline(
        indicator=indicator, label=indicator_name(indicator, lang), value=float(row["value"]),
        unit=row["unit"], year=year, flags=list(row["flags"]),
        text=stated, year_text=fmt_card_when(row, lang),
        doc=row["doc"], fact_id=str(row.get("fact_id", "") or ""), others=others,
        n_more=n_other - len(others), series_years=years, series_values=values,
        certified=is_certified(row),
    )


def headline_figures(facts: pd.DataFrame, lang: str = "zh") -> list[Headline]:
    """The 4–6 headline cards in a fixed priority (``headline.indicators``: exits, poor
    population, incidence, villages exited, total funds, relocation; an entry may name
    a fall-back, households where people are not given), topped up from ``headline.more``
    and then the catalogue. Each card is a whole-region, achieved figure."""
    conf = setting("headline")
    chosen: list[Headline] = []
    for entry in conf["indicators"]:
        for ind in ([entry] if isinstance(entry, str) else entry):
            h = headline(facts, ind, lang)
            if h:
                chosen.append(h)
                break
        if len(chosen) >= conf["max"]:
            return chosen
    if len(chosen) < conf["min"]:
        seen = {h.indicator for h in chosen}
        for ind in [*conf.get("more", []), *load_catalogue()]:
            if ind in seen or len(chosen) >= conf["min"]:
                continue
            seen.add(ind)
            h = headline(facts, ind, lang)
            if h:
                chosen.append(h)
    return chosen
