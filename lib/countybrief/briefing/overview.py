"""The overview across regions (``notebooks/overview.ipynb``).

All regions with facts side by side: shared indicators in one table, ranked bar charts,
per-household ratios where both parts exist, which regions report which themes, and
which sources cover which regions. Prefecture-level cities are shown above their own
counties and marked as such; figures are never added up, so a city's figure (which
already covers its counties) is never counted twice.

What is compared with what (issue 12, "Overview and index"):

- A **ranking** sets side by side only figures a policy editor would compare: one
  indicator and unit, the region's whole (no village's, company's or programme's part),
  achieved (no plan), of one kind (annual, or a running total; people never beside
  person-times) and of **one period**: the same stated year (``截至Y年底`` counts as Y for
  an annual figure), or for running totals the same start and end. Of the periods two or
  more regions share, a ranking takes the one most regions report (the latest on a tie);
  each bar is labelled with its period. A figure whose text states no period
  (``年份未说明``) is never ranked: nothing says it is of the same year as another. The
  regions left out are named under the chart with their periods. Prefecture-level cities
  are ranked in their own panel, never against counties (their figures include them).
- A **ratio** (people per household, loan per household) divides two figures of the same
  document, period and scope (both the region's whole, achieved); when the period is not
  stated they must come from the same sentence.
- **Coverage** counts the figures found; a blank says "no figure found", never that the
  sources do not mention a theme. Regions the sources name without figures of their own
  are listed.

    o = Overview.load(data_dir, raw_dir, lang=lang)
    o.header(); o.table(); o.charts(); o.ratios(); o.themes(); o.sources(); o.notes()
"""

from __future__ import annotations

import contextlib
import io
import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import jinja2
import pandas as pd
from markupsafe import Markup

from ..model import RegionRef
from ..store import Store
from .charts import Chart, _figure, _plain, figure_html, finish_hbars, hbars
from .data import load_store
from .figures import achieved_whole, best_fact, has_flag, indicator_name, is_cumulative
from .format import (fmt_date, fmt_number, fmt_stated, fmt_value, fmt_when, is_missing,
                     money_scale)
from .names import bilingual, english_name
from .text import data_path, setting, strings
from .theme import ThemeInfo, apply_theme, palette
from .themes import indicator_order, load_themes, theme_of

#: Ratios of two figures of the same region and year: (key, numerator, denominator).
RATIOS = (
    ("people_per_exit_household", "poverty_exit_population", "poverty_exit_households"),
    ("people_per_poor_household", "poor_population", "poor_households"),
    ("people_per_relocated_household", "relocated_population", "relocated_households"),
    ("loan_per_household", "poverty_loans", "loan_households"),
)


#: Panels of the rankings: prefecture-level cities are never ranked against counties.
PANELS = ("county", "prefecture")


def _get(fact: Any, key: str) -> Any:
    value = fact.get(key) if hasattr(fact, "get") else getattr(fact, key, None)
    return None if is_missing(value) or value == "" else value


def period_key(fact: Any) -> tuple | None:
    """The period a figure is of, for comparing it with other regions' figures; None when
    its text states none (``年份未说明``), which is comparable with nothing.

    Annual figures and stocks: ``("year", Y)`` (a stock ``截至Y年底`` is of Y too) or
    ``("as_of", "Y-MM")`` for another month; running totals: ``("cumulative", since, end)``
    with the start and end years the text gives (as ``fmt_when`` reads them)."""
    year, since, as_of = _get(fact, "year"), _get(fact, "since"), _get(fact, "as_of")
    year = None if year is None else int(year)
    since = None if since is None else int(since)
    if is_cumulative(_get(fact, "flags")):
        if since is None and year is None:
            return None  # 累计（起止年份未说明）
        end = year
        if end is None and since is None and as_of:
            end = str(as_of)[:7]
        return ("cumulative", since, end)
    if as_of:
        y, m = int(str(as_of)[:4]), str(as_of)[5:7] or "12"
        return ("year", y) if m == "12" else ("as_of", f"{y}-{m}")
    return ("year", year) if year is not None else None


def _period_sort(key: tuple) -> tuple:
    """Later periods sort higher: by end year (then month)."""
    if key[0] == "year":
        return (key[1], 12)
    if key[0] == "as_of":
        return (int(key[1][:4]), int(key[1][5:7]))
    end = key[2]
    if isinstance(end, str):
        return (int(end[:4]), int(end[5:7]))
    return (end if end is not None else key[1] or 0, 12)


@dataclass
class Entry:
    """One region's figure in a ranking (or left out of it)."""

    row: "RegionRow"
    fact: pd.Series


@dataclass
class Ranking:
    """Regions of one panel ranked by one indicator in one period."""

    indicator: str
    panel: str  # "county" or "prefecture"
    period: tuple
    entries: list[Entry]  # ranked, highest first
    left_out: list[Entry]  # the panel's other regions with this indicator: other periods

    @property
    def unit(self) -> str:
        return str(self.entries[0].fact["unit"])

    @property
    def cumulative(self) -> bool:
        return self.period[0] == "cumulative"

    @property
    def person_times(self) -> bool:
        return "person_times" in (self.entries[0].fact["flags"] or ())


def _comparable(facts: pd.DataFrame, indicator: str) -> dict[tuple, pd.Series]:
    """A region's figures of ``indicator`` that may be ranked, one per comparable kind:
    ``(unit, person_times, period)`` -> the figure (whole, achieved, period stated; among
    several of one period the one ``best_fact`` would quote)."""
    rows = achieved_whole(facts, indicator)
    if rows.empty:
        return {}
    keys = [period_key(r) for _, r in rows.iterrows()]
    pt = has_flag(rows, "person_times")
    groups: dict[tuple, list[int]] = {}
    for i, (key, unit, times) in enumerate(zip(keys, rows["unit"], pt)):
        if key is not None:
            groups.setdefault((str(unit), bool(times), key), []).append(i)
    out = {}
    for kind, idx in groups.items():
        best = best_fact(rows.iloc[idx], indicator)
        if best is not None:
            out[kind] = best
    return out


def rank(rows: list["RegionRow"], indicator: str, panel: str = "county",
         min_regions: int = 2) -> Ranking | None:
    """The ranking of ``indicator`` among the ``panel``'s regions (``county`` or
    ``prefecture``), or None when no period has figures of ``min_regions`` regions.

    Only comparable figures: see the module's docstring. The period chosen is the one
    most regions share, the latest on a tie; annual figures before running totals."""
    panel_rows = [r for r in rows if (r.ref.level == "prefecture") == (panel == "prefecture")]
    per_region = [(r, _comparable(r.facts, indicator)) for r in panel_rows]
    counts: dict[tuple, int] = {}
    for _r, kinds in per_region:
        for kind in kinds:
            counts[kind] = counts.get(kind, 0) + 1
    eligible = [k for k, n in counts.items() if n >= min_regions]
    if not eligible:
        return None
    kind = max(eligible, key=lambda k: (counts[k], k[2][0] != "cumulative", not k[1],
                                        _period_sort(k[2])))
    entries, left_out = [], []
    for r, kinds in per_region:
        if kind in kinds:
            entries.append(Entry(r, kinds[kind]))
        else:
            other = best_fact(r.facts, indicator)
            if other is not None:
                left_out.append(Entry(r, other))
    entries.sort(key=lambda e: -float(e.fact["value"]))  # stable: region order on a tie
    return Ranking(indicator, panel, kind[2], entries, left_out)


def _same_scope(a: pd.Series, b: pd.Series) -> bool:
    return (_get(a, "scope") or "whole") == (_get(b, "scope") or "whole") and \
        _get(a, "part") == _get(b, "part")


def ratio_pair(facts: pd.DataFrame, num_id: str, den_id: str
               ) -> tuple[pd.Series, pd.Series] | None:
    """Two figures of one region that may be divided: the same document, the same period
    (``period_key``, with its annual/cumulative kind) and the same scope, both the
    region's whole and achieved; an unstated period only within one sentence. The latest
    period wins, then a pair from one sentence, then source order; None when there is none."""
    nums, dens = achieved_whole(facts, num_id), achieved_whole(facts, den_id)
    dens = dens[dens["value"] != 0]
    best, best_rank = None, None
    for i, (_, n) in enumerate(nums.iterrows()):
        n_key = period_key(n)
        for j, (_, d) in enumerate(dens.iterrows()):
            if n["doc_id"] != d["doc_id"] or not _same_scope(n, d):
                continue
            same_sentence = n["sentence"] == d["sentence"]
            if period_key(d) != n_key or is_cumulative(n["flags"]) != is_cumulative(d["flags"]):
                continue
            if n_key is None and not same_sentence:
                continue
            rank_ = (_period_sort(n_key) if n_key else (-1, 0), same_sentence, -i, -j)
            if best_rank is None or rank_ > best_rank:
                best, best_rank = (n, d), rank_
    return best


def _text_width(text: str, size: float, weight: str = "normal") -> float:
    """Width of one line of text in points with the theme's fonts."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    w, _h, _d = text_to_path.get_text_width_height_descent(
        text, FontProperties(size=size, weight=weight), ismath=False)
    return w * 1.06


def _fit_title(title: str, categories: list[str], fig_width_pt: float) -> str:
    """A bar chart's title (set left, over the bars) on two lines, broken before its
    period, when it is wider than the room right of the category labels."""
    import matplotlib as mpl

    rc = mpl.rcParams
    if " · " not in title:
        return title
    tick = rc["ytick.labelsize"] if isinstance(rc["ytick.labelsize"], (int, float)) else 9.0
    size = rc["axes.titlesize"] if isinstance(rc["axes.titlesize"], (int, float)) else 12.0
    left = max((_text_width(c, tick) for c in categories), default=0.0) + 20
    if _text_width(title, size, rc["axes.titleweight"]) <= fig_width_pt - left - 10:
        return title
    head, _, tail = title.rpartition(" · ")
    return f"{head}\n{tail}"


@lru_cache(maxsize=1)
def _macros() -> Any:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    return env.from_string(data_path("overview.html.j2").read_text(encoding="utf-8")).module


def _html(text: str):
    from IPython.display import HTML

    return HTML(text)


@dataclass
class RegionRow:
    """One region of the overview, in display order."""

    ref: RegionRef
    facts: pd.DataFrame
    documents: list[str]  # doc_ids
    child: bool = False  # a county shown under its prefecture-level city

    def label(self, lang: str) -> str:
        return bilingual(self.ref.name) if lang == "en" else self.ref.name


def _ordered_regions(store: Store) -> list[RegionRow]:
    """Regions with facts: each prefecture-level city followed by its own counties."""
    regions = store.regions_with_facts()
    refs = [store.region(a) for a in regions["adcode"]]
    docs = {a: list(d) for a, d in zip(regions["adcode"], regions["docs"])}
    prefectures = {r.name: r for r in refs if r.level == "prefecture"}
    rows: list[RegionRow] = []

    def add(ref: RegionRef, child: bool) -> None:
        facts = store.region_facts(ref.adcode)
        ids = sorted(set(docs.get(ref.adcode, [])) | set(facts["doc_id"]))
        rows.append(RegionRow(ref, facts, ids, child))

    for ref in sorted(refs, key=lambda r: r.adcode):
        if ref.level == "county" and ref.city in prefectures:
            continue  # listed under its city
        add(ref, False)
        if ref.level == "prefecture":
            for county in sorted((r for r in refs if r.level == "county" and r.city == ref.name),
                                 key=lambda r: r.adcode):
                add(county, True)
    return rows


@dataclass
class Overview:
    """All regions of a store, ready to display section by section."""

    store: Store
    rows: list[RegionRow]
    lang: str = "zh"
    theme: ThemeInfo | None = None
    title: str | None = None
    min_regions: int = 2  # an indicator is "shared" when this many regions give it
    _shared: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, data_dir: str | os.PathLike | None, raw_dir: str | os.PathLike | None = None,
             *, lang: str = "zh", title: str | None = None) -> "Overview":
        theme = apply_theme()
        with contextlib.redirect_stdout(io.StringIO()):
            store = load_store(data_dir, raw_dir)
        return cls(store=store, rows=_ordered_regions(store), lang=lang, theme=theme,
                   title=title)

    # -- data -------------------------------------------------------------------------
    @property
    def s(self) -> dict[str, Any]:
        return strings(self.lang)

    def shared_indicators(self) -> list[str]:
        """Indicators of which at least ``min_regions`` regions give a figure of their
        whole, achieved (``best_fact``), in theme order."""
        counts: dict[str, int] = {}
        for row in self.rows:
            for ind in set(achieved_whole(row.facts)["indicator"]):
                counts[ind] = counts.get(ind, 0) + 1
        order = indicator_order()
        return sorted((i for i, n in counts.items() if n >= self.min_regions),
                      key=lambda i: order.get(i, len(order)))

    def _level(self, row: RegionRow) -> str:
        return self.s["levels"].get(row.ref.level, row.ref.level)

    @property
    def _lang_code(self) -> str:
        return "en" if self.lang == "en" else "zh-CN"

    def _flags(self, fact: pd.Series, keys=("conflict",)) -> list[str]:
        names = self.s["flags"]
        return [names[k] for k in keys if k in (fact["flags"] or ())]

    def _stated(self, fact: pd.Series) -> str:
        return fmt_stated(fact["value"], fact["unit"], self.lang, fact.get("quote"),
                          fact.get("qualifier"))

    # -- sections ---------------------------------------------------------------------
    def header_html(self) -> str:
        s = self.s
        from .sections import stylesheet

        n_docs = len({d for r in self.rows for d in r.documents})
        n_pref = sum(1 for r in self.rows if r.ref.level == "prefecture")
        meta = [
            {"label": s["ov_regions"], "value": s["ov_regions_value"].format(
                n=len(self.rows), n_pref=n_pref, n_county=len(self.rows) - n_pref)},
            {"label": s["n_sources"], "value": s["n_sources_value"].format(n=n_docs)},
            {"label": s["n_facts"], "value": s["n_facts_value"].format(
                n=sum(len(r.facts) for r in self.rows))},
            {"label": s["generated_on"], "value": fmt_date(lang=self.lang)},
        ]
        named = self.named_only()
        if named:
            meta.insert(1, {"label": s["ov_named_only_label"],
                            "value": s["ov_named_only_value"].format(n=len(named))})
        return stylesheet() + str(_macros().header({
            "lang_code": self._lang_code, "subtitle": s["ov_kicker"],
            "title": self.title or s["ov_title"], "lead": s["ov_lead"], "meta": meta}))

    def _cell(self, row: RegionRow, ind: str) -> dict[str, Any]:
        f = best_fact(row.facts, ind)
        if f is None:
            return {"text": "", "year": "", "flags": [], "sort": ""}
        return {"text": self._stated(f), "year": fmt_when(f, self.lang),
                "flags": self._flags(f, ("person_times", "conflict")),
                "sort": float(f["value"])}

    def table_html(self, per_table: int = 7) -> str:
        """Shared indicators, at most ``per_table`` per table so that each fits an A4 page."""
        s = self.s
        shared = self.shared_indicators()
        tables = []
        n_tables = -(-len(shared) // per_table)
        size = -(-len(shared) // n_tables) if n_tables else per_table
        for start in range(0, len(shared), size):
            chunk = shared[start:start + size]
            tables.append({
                "columns": [indicator_name(i, self.lang) for i in chunk],
                "rows": [{"label": r.label(self.lang), "child": r.child, "level": self._level(r),
                          "adcode": r.ref.adcode, "cells": [self._cell(r, i) for i in chunk]}
                         for r in self.rows]})
        return str(_macros().table({
            "heading": s["ov_table"], "caption": s["ov_table_periods_caption"], "tables": tables,
            "region": s["ov_region"], "level": s["level"], "empty": s["ov_table_empty"],
            "lang_code": self._lang_code}))

    # -- rankings ---------------------------------------------------------------------
    def rankings(self, limit: int | None = None) -> list[Ranking]:
        """Every ranking the data supports, counties first and then prefecture-level
        cities, each panel in theme order of its indicators."""
        order = indicator_order()
        indicators = sorted({i for r in self.rows for i in set(achieved_whole(r.facts)["indicator"])},
                            key=lambda i: (order.get(i, len(order)), i))
        out = [rk for panel in PANELS for ind in indicators
               if (rk := rank(self.rows, ind, panel, self.min_regions)) is not None]
        return out[:limit] if limit is not None else out

    def _region_label(self, row: RegionRow) -> str:
        return _plain(english_name(row.ref.name) if self.lang == "en" else row.ref.name)

    def bar_text(self, fact: pd.Series) -> str:
        """A bar's label: the figure as stated and its period (``24,350人 · 2019``)."""
        return " · ".join([self._stated(fact), fmt_when(fact, self.lang), *self._flags(fact)])

    def ranking_title(self, rk: Ranking, shown: int | None = None) -> str:
        s = self.s
        name = indicator_name(rk.indicator, self.lang)
        if rk.person_times:
            name += s["ov_rank_person_times"]
        when = fmt_when(rk.entries[0].fact, self.lang) if rk.period[0] != "year" \
            else str(rk.period[1])
        if shown is not None and shown < len(rk.entries):
            return s["ov_rank_title_top"].format(indicator=name, when=when, k=shown,
                                                 n=len(rk.entries))
        return s["ov_rank_title"].format(indicator=name, when=when)

    def ranking_chart(self, rk: Ranking) -> Chart:
        """The bars of one ranking, highest first, each labelled with its period."""
        s = self.s
        top = setting("overview")["ranked_max"]
        entries = rk.entries[:top]  # hundreds of bars would be unreadable: the top ones, said so
        values = [float(e.fact["value"]) for e in entries]
        divisor, xlabel = 1.0, ""
        if rk.unit == "元":
            divisor, scale = money_scale(values, self.lang)
            xlabel = s["chart_money_x"].format(unit=scale)
        title = self.ranking_title(rk, len(entries))
        fig = _figure(len(entries), min_height=1.7)
        fig.set_figwidth(4.8)
        ax = fig.subplots()
        colour = palette()[4] if rk.panel == "prefecture" else palette()[0]
        hbars(ax, [self._region_label(e.row) for e in entries],
              [(None, [v / divisor for v in values], [self.bar_text(e.fact) for e in entries],
                colour)])
        finish_hbars(ax, title, xlabel, margin=0.45)
        ax.set_title(_plain(_fit_title(title, [self._region_label(e.row) for e in entries],
                                       fig.get_figwidth() * 72)), loc="left")
        return Chart(f"ranked-{rk.panel}-{rk.indicator}", title, fig)

    def ranked(self, indicator: str, panel: str = "county") -> Chart | None:
        """The chart of one indicator's ranking in one panel, or None when there is none."""
        rk = rank(self.rows, indicator, panel, self.min_regions)
        return None if rk is None else self.ranking_chart(rk)

    def left_out_text(self, rk: Ranking) -> str:
        """Who is not in a ranking and why: each region with the period of its figure."""
        s = self.s
        if not rk.left_out:
            return ""
        items = s["ov_rank_sep"].join(
            s["ov_rank_item"].format(region=e.row.label(self.lang), when=fmt_when(e.fact, self.lang))
            for e in rk.left_out)
        return s["ov_rank_left_out"].format(items=items)

    def charts_html(self, limit: int = 12) -> str:
        s = self.s
        panels = []
        rankings = self.rankings(limit)
        for panel in PANELS:
            figures = [{"figure": Markup(figure_html(self.ranking_chart(rk))),  # noqa: S704 - built here
                        "note": self.left_out_text(rk)}
                       for rk in rankings if rk.panel == panel]
            if figures:
                panels.append({"heading": s[f"ov_rank_panel_{panel}"], "figures": figures})
        return str(_macros().charts({"heading": s["ov_charts"], "caption": s["ov_rank_caption"],
                                     "panels": panels, "empty": s["ov_rank_empty"],
                                     "lang_code": self._lang_code}))

    # -- ratios -----------------------------------------------------------------------
    def ratio_rows(self) -> list[dict[str, Any]]:
        """Per-household ratios of two figures of one document, period and scope."""
        s = self.s
        docs = dict(zip(self.store.documents["doc_id"], self.store.documents["doc"]))
        out = []
        for key, num_id, den_id in RATIOS:
            for r in self.rows:
                pair = ratio_pair(r.facts, num_id, den_id)
                if pair is None:
                    continue
                num, den = pair
                ratio = float(num["value"]) / float(den["value"])
                text = (fmt_value(ratio, "元", self.lang) if num["unit"] == "元"
                        else fmt_number(ratio, 1))
                out.append({"ratio": s["ov_ratio_names"][key], "region": r.label(self.lang),
                            "value": text, "year": fmt_when(num, self.lang),
                            "doc": docs.get(num["doc_id"], num.get("doc", "")),
                            "parts": f"{self._stated(num)} ÷ {self._stated(den)}"})
        return out

    def ratios_html(self) -> str:
        s = self.s
        rows = self.ratio_rows()
        if not rows:
            return ""
        return str(_macros().ratios({
            # kept on one page only when short: its rows take two lines in English, and a
            # long table kept whole would leave half of the page before it blank
            "keep": self._keep(rows) and len(rows) <= 10, "heading": s["ov_ratios"],
            "caption": s["ov_ratios_same_doc_caption"], "rows": rows,
            "columns": [s["ov_ratio"], s["ov_region"], s["col_value"], s["ov_col_period"],
                        s["ov_parts"], s["ov_col_source"]], "lang_code": self._lang_code}))

    @staticmethod
    def _keep(rows: list) -> bool:
        """Whether a section is short enough to be kept on one page when printed (a long
        one kept whole would start on a new page and leave its heading's page blank)."""
        return len(rows) <= setting("overview")["keep_rows"]

    # -- coverage ---------------------------------------------------------------------
    def named_only(self) -> list[dict[str, Any]]:
        """Regions the sources name (the store's ``regions`` table) without a figure of
        their own, in adcode order: their name, level, prefecture and the documents."""
        regions = self.store.regions
        rows = regions[regions["n_facts"] == 0].sort_values("adcode", kind="stable")
        out = []
        for _, g in rows.iterrows():
            ref = self.store.region(g["adcode"])
            city = ref.city if ref.level == "county" and isinstance(ref.city, str) else ""
            out.append({"ref": ref, "docs": list(g["docs"]),
                        "label": bilingual(ref.name) if self.lang == "en" else ref.name,
                        "city": (english_name(city) if self.lang == "en" else city) if city else "",
                        "level": self.s["levels"].get(ref.level, ref.level)})
        return out

    def themes_html(self) -> str:
        s = self.s
        themes = [t for t in load_themes()
                  if any(r.facts["indicator"].isin(t.indicators).any() for r in self.rows)]
        rows = []
        for r in self.rows:
            counts = r.facts["indicator"].map(lambda i: theme_of(i).id).value_counts()
            rows.append({"label": r.label(self.lang), "child": r.child, "level": self._level(r),
                         "cells": [int(counts.get(t.id, 0)) for t in themes]})
        numbers = {doc_id: no for no, doc_id in enumerate(self._source_ids(), 1)}
        named = [{"text": (s["ov_named_item_city"] if n["city"] else s["ov_named_item"]).format(
                      region=n["label"], level=n["level"], city=n["city"]),
                  "sources": [numbers[d] for d in n["docs"] if d in numbers]}
                 for n in self.named_only()]
        return str(_macros().themes({
            "keep": self._keep(rows), "heading": s["ov_themes"],
            "caption": s["ov_coverage_caption"],
            "columns": [t.name(self.lang) for t in themes], "rows": rows,
            "region": s["ov_region"], "level": s["level"], "none": s["ov_no_figure"],
            "named": named, "named_heading": s["ov_named_only"],
            "named_caption": s["ov_named_only_caption"],
            "lang_code": self._lang_code}))

    def _sources(self) -> pd.DataFrame:
        """The documents of the overview's regions (and of regions named without figures),
        by date: numbered in this order everywhere."""
        docs = self.store.documents.sort_values(["published", "doc"], na_position="last",
                                                kind="stable")
        used = {d for r in self.rows for d in r.documents}
        regions = self.store.regions
        used |= {d for docs_ in regions.loc[regions["n_facts"] == 0, "docs"] for d in docs_}
        return docs[docs["doc_id"].isin(used)]

    def _source_ids(self) -> list[str]:
        return list(self._sources()["doc_id"])

    def sources_html(self) -> str:
        s = self.s
        docs = self._sources()
        sources = []
        for no, (_, d) in enumerate(docs.iterrows(), 1):
            sources.append({"no": no, "title": d["title"] if isinstance(d["title"], str)
                            else s["untitled"],
                            "outlet": d["outlet"] if isinstance(d["outlet"], str) else "",
                            "published": d["published"] if isinstance(d["published"], str)
                            else "", "doc": d["doc"]})
        ids = list(docs["doc_id"])
        numbers = {doc_id: no for no, doc_id in enumerate(ids, 1)}
        # a region x source grid grows with regions times sources: lists beyond a few sources
        matrix = len(ids) <= setting("overview")["source_matrix_max"]
        rows = []
        for r in self.rows:
            per_doc = r.facts["doc_id"].value_counts()
            row = {"label": r.label(self.lang), "child": r.child}
            if matrix:
                row["cells"] = [int(per_doc.get(i, 0)) if i in r.documents else None for i in ids]
            else:
                row["links"] = sorted(({"no": numbers[i], "n": int(per_doc.get(i, 0))}
                                       for i in r.documents if i in numbers),
                                      key=lambda link: link["no"])
            rows.append(row)
        return str(_macros().sources({
            "keep": self._keep(rows), "heading": s["ov_sources"], "matrix": matrix,
            "caption": s["ov_sources_caption"] if matrix else s["ov_sources_list_caption"],
            "sources": sources, "rows": rows, "region": s["ov_region"],
            "columns": [s["col_title"], s["col_outlet"], s["col_date"], s["col_file"]],
            "mentioned": s["ov_mentioned"], "lang_code": self._lang_code}))

    def notes_html(self) -> str:
        s = self.s
        return str(_macros().notes({"heading": s["ov_notes"], "entries": s["ov_notes_items"],
                                    "generated": s["ov_generated"].format(
                                        date=fmt_date(lang=self.lang)),
                                    "lang_code": "en" if self.lang == "en" else "zh-CN"}))

    # -- notebook API: each returns IPython.display.HTML ------------------------------
    def header(self):
        return _html(self.header_html())

    def table(self):
        return _html(self.table_html())

    def charts(self):
        return _html(self.charts_html())

    def ratios(self):
        return _html(self.ratios_html())

    def themes(self):
        return _html(self.themes_html())

    def sources(self):
        return _html(self.sources_html())

    def notes(self):
        return _html(self.notes_html())
