"""The first page's words: the status line, the key points and the reliability line.

Every sentence is generated from facts only, and only from the region's whole (never a
part), achieved (never a plan) figures whose text states their period; each carries that
period as written (``fmt_when``). Nothing is added up or estimated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from .figures import achieved_whole, best_fact, indicator_name, is_cumulative, series
from .format import fmt_number, fmt_stated, fmt_when, is_missing, is_stated
from .text import strings


@dataclass
class Point:
    """One generated sentence and the facts it quotes (for tests and links)."""

    key: str
    text: str
    fact_ids: list[str] = field(default_factory=list)


def _stated(facts: pd.DataFrame, indicator: str) -> pd.DataFrame:
    rows = achieved_whole(facts, indicator)
    return rows[[is_stated(r) for _, r in rows.iterrows()]] if len(rows) else rows


def _best_stated(facts: pd.DataFrame, indicator: str) -> pd.Series | None:
    rows = _stated(facts, indicator)
    return best_fact(rows, indicator) if len(rows) else None


def _best_flow(facts: pd.DataFrame, indicator: str) -> pd.Series | None:
    """A flow's figure to sum up with: the largest running total whose years are stated
    (``2016年以来累计``), else the latest stated annual figure."""
    rows = _stated(facts, indicator)
    if not len(rows):
        return None
    cum = rows[rows["flags"].map(is_cumulative).astype(bool)]
    if len(cum):
        return cum.loc[cum["value"].astype(float).idxmax()]
    return best_fact(rows, indicator)


def _v(row: pd.Series, lang: str) -> str:
    return fmt_stated(row["value"], row["unit"], lang, row.get("quote"), row.get("qualifier"))


def _id(row: pd.Series) -> str:
    return str(row.get("fact_id", "") or "")


def _count(row: pd.Series) -> str:
    return fmt_number(row["value"])


def _trend_point(facts: pd.DataFrame, indicator: str, lang: str) -> Point | None:
    """Baseline → latest of a stock (poor population, incidence) with both years, or its
    latest stated figure."""
    s = strings(lang)
    name = indicator_name(indicator, lang)
    ser = series(facts, indicator)
    if len(ser) >= 2:
        first, last = ser[0], ser[-1]
        verb = s["kp_fell"] if float(last["value"]) < float(first["value"]) else s["kp_rose"]
        text = s["kp_series"].format(indicator=name, verb=verb, y0=int(first["year"]),
                                     v0=_v(first, lang), y1=int(last["year"]), v1=_v(last, lang))
        if lang == "en":
            text = text[0].upper() + text[1:]
        return Point(indicator, text, [_id(first), _id(last)])
    row = _best_stated(facts, indicator)
    if row is None:
        return None
    return Point(indicator, s["kp_single"].format(indicator=name, v=_v(row, lang),
                                                   when=fmt_when(row, lang)), [_id(row)])


def _same_period(a: pd.Series, b: pd.Series) -> bool:
    return all((is_missing(a.get(k)) and is_missing(b.get(k))) or a.get(k) == b.get(k)
               for k in ("year", "since", "as_of")) and \
        is_cumulative(a["flags"]) == is_cumulative(b["flags"])


def _exits_point(facts: pd.DataFrame, lang: str) -> Point | None:
    s = strings(lang)
    people = _best_flow(facts, "poverty_exit_population")
    households = _best_flow(facts, "poverty_exit_households")
    row = people if people is not None else households
    if row is None:
        return None
    if people is not None and households is not None and _same_period(people, households):
        return Point("exits", s["kp_exits_hh"].format(v=_v(people, lang), hh=_v(households, lang),
                                                      when=fmt_when(people, lang)),
                     [_id(people), _id(households)])
    return Point("exits", s["kp_exits"].format(v=_v(row, lang), when=fmt_when(row, lang)), [_id(row)])


def _villages_point(facts: pd.DataFrame, lang: str) -> Point | None:
    s = strings(lang)
    exited = _best_flow(facts, "villages_exited")
    if exited is None:
        return None
    total = _best_stated(facts, "poor_villages")
    if total is not None:
        return Point("villages", s["kp_villages_total"].format(
            n=_count(exited), when=fmt_when(exited, lang), total=_count(total),
            when_total=fmt_when(total, lang)), [_id(exited), _id(total)])
    return Point("villages", s["kp_villages"].format(n=_count(exited), when=fmt_when(exited, lang)),
                 [_id(exited)])


def _funds_point(facts: pd.DataFrame, lang: str) -> Point | None:
    row = _best_flow(facts, "funds_invested")
    if row is None:
        return None
    return Point("funds", strings(lang)["kp_funds"].format(v=_v(row, lang), when=fmt_when(row, lang)),
                 [_id(row)])


def key_points(facts: pd.DataFrame, lang: str = "zh", limit: int = 5) -> list[Point]:
    """Up to five sentences a reader takes in at a glance: poor population and incidence
    (baseline → latest), exits, villages exited of the total, total poverty funding."""
    points = [
        _trend_point(facts, "poor_population", lang),
        _trend_point(facts, "poverty_incidence", lang),
        _exits_point(facts, lang),
        _villages_point(facts, lang),
        _funds_point(facts, lang),
    ]
    return [p for p in points if p is not None][:limit]


_ALL_EXITED = re.compile(r"^[^，,；;。]{0,4}?(全部|全面|整体)(实现)?(稳定)?(脱贫|清零)")
_ALL_VILLAGES = re.compile(r"^[^，,；;。]{0,6}?(全部|全面|整体)(实现)?(脱贫)?(退出|出列|摘帽)")


def _followed_by(f: pd.Series, pattern: re.Pattern) -> bool:
    sentence, quote = str(f.get("sentence") or ""), str(f.get("quote") or "")
    i = sentence.find(quote) if quote else -1
    return i >= 0 and bool(pattern.search(sentence[i + len(quote):]))


def status_items(facts: pd.DataFrame, lang: str = "zh") -> list[Point]:
    """What the sources state of the region's standing, from its facts alone: all poor
    people out of poverty (a whole, achieved exit figure its sentence follows with
    ``全部脱贫``, or a poor population of 0), all or how many of its poor villages exited."""
    s = strings(lang)
    out: list[Point] = []
    done = None
    for _, f in _stated(facts, "poor_population").iterrows():
        if float(f["value"]) == 0:
            done = f
    for ind in ("poverty_exit_population", "poverty_exit_households"):
        for _, f in _stated(facts, ind).iterrows():
            if _followed_by(f, _ALL_EXITED):
                if done is None or (not is_missing(f["year"]) and (is_missing(done["year"])
                                                                   or f["year"] > done["year"])):
                    done = f
    if done is not None:
        out.append(Point("all_exited", s["status_all_exited"].format(when=fmt_when(done, lang)),
                         [_id(done)]))
    exited, total = _best_flow(facts, "villages_exited"), _best_stated(facts, "poor_villages")
    if exited is not None and _followed_by(exited, _ALL_VILLAGES):  # 68个贫困村全部退出
        out.append(Point("villages", s["status_villages_all"].format(
            n=_count(exited), when=fmt_when(exited, lang)), [_id(exited)]))
    elif exited is not None and total is not None:
        if float(exited["value"]) >= float(total["value"]):
            out.append(Point("villages", s["status_villages_all"].format(
                n=_count(total), when=fmt_when(exited, lang)), [_id(exited), _id(total)]))
        else:
            out.append(Point("villages", s["status_villages"].format(
                n=_count(exited), total=_count(total), when=fmt_when(exited, lang)),
                [_id(exited), _id(total)]))
    return out


def reliability(facts: pd.DataFrame, n_documents: int, lang: str = "zh") -> str:
    """How far the figures can be trusted: sources, figures, and how many lost digits,
    conflict between sources or state no year."""
    s = strings(lang)
    flags = facts["flags"] if len(facts) else pd.Series([], dtype=object)
    digits = int(sum("digits_missing" in f for f in flags))
    conflicts = facts[flags.map(lambda f: "conflict" in f)] if len(facts) else facts
    n_conflicts = len({(i, None if is_missing(y) else int(y))
                       for i, y in zip(conflicts["indicator"], conflicts["year"])}) if len(conflicts) else 0
    unstated = int(sum(not is_stated(r) for _, r in facts.iterrows()))
    parts = [s["reliability_digits"].format(n=digits) if digits else "",
             s["reliability_conflicts"].format(n=n_conflicts) if n_conflicts else "",
             s["reliability_unstated"].format(n=unstated) if unstated else ""]
    parts = [p for p in parts if p] or [s["reliability_ok"]]
    head = s["reliability"].format(n=n_documents, facts=len(facts))
    return s["reliability_sep"].join([head, *parts]) + s["reliability_end"]
