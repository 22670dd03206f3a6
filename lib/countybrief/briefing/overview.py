"""The overview across regions (``notebooks/overview.ipynb``).

All regions with facts side by side: shared indicators in one table, ranked bar charts,
per-household ratios where both parts exist, which regions report which themes, and
which sources cover which regions. Prefecture-level cities are shown above their own
counties and marked as such; figures are never added up, so a city's figure (which
already covers its counties) is never counted twice.

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
from .figures import best_fact, indicator_name
from .format import fmt_date, fmt_number, fmt_value, fmt_year, is_missing, money_scale
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
        """Indicators with a known value in at least ``min_regions`` regions, in theme order."""
        counts: dict[str, int] = {}
        for row in self.rows:
            for ind in set(row.facts.loc[row.facts["value"].notna(), "indicator"]):
                counts[ind] = counts.get(ind, 0) + 1
        order = indicator_order()
        return sorted((i for i, n in counts.items() if n >= self.min_regions),
                      key=lambda i: order.get(i, len(order)))

    def _level(self, row: RegionRow) -> str:
        return self.s["levels"].get(row.ref.level, row.ref.level)

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
        return stylesheet() + str(_macros().header({
            "lang_code": "en" if self.lang == "en" else "zh-CN", "subtitle": s["ov_kicker"],
            "title": self.title or s["ov_title"], "lead": s["ov_lead"], "meta": meta}))

    def _cell(self, row: RegionRow, ind: str) -> dict[str, Any]:
        f = best_fact(row.facts, ind)
        if f is None:
            return {"text": "", "year": "", "flags": [], "sort": ""}
        flags = [self.s["flags"][k] for k in ("approx", "planned", "conflict") if k in f["flags"]]
        return {"text": fmt_value(f["value"], f["unit"], self.lang, f.get("quote")),
                "year": fmt_year(f["year"], self.lang), "flags": flags,
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
            "heading": s["ov_table"], "caption": s["ov_table_caption"], "tables": tables,
            "region": s["ov_region"], "level": s["level"], "empty": s["ov_table_empty"],
            "lang_code": "en" if self.lang == "en" else "zh-CN"}))

    def ranked(self, indicator: str) -> Chart | None:
        """Regions ranked by one indicator, prefecture-level cities in their own colour."""
        s = self.s
        data = []
        for r in self.rows:
            f = best_fact(r.facts, indicator)
            if f is None:
                continue
            data.append({"region": _plain(english_name(r.ref.name) if self.lang == "en"
                                          else r.ref.name),
                         "value": float(f["value"]), "unit": f["unit"],
                         "text": fmt_value(f["value"], f["unit"], self.lang, f.get("quote"))
                         + f" ({fmt_year(f['year'], self.lang)})",
                         "kind": s["ov_kind_prefecture"] if r.ref.level == "prefecture"
                         else s["ov_kind_county"]})
        if len(data) < self.min_regions:
            return None
        df = pd.DataFrame(data).sort_values("value", ascending=False, kind="stable")
        n_regions, top = len(df), setting("overview")["ranked_max"]
        df = df.head(top)  # hundreds of bars would be unreadable: the top ones, said so
        unit = df["unit"].iloc[0]
        divisor, xlabel = 1.0, ""
        if unit == "元":
            divisor, scale = money_scale(df["value"], self.lang)
            xlabel = s["chart_money_x"].format(unit=scale)
        df["plot"] = df["value"] / divisor
        name = indicator_name(indicator, self.lang)
        title = (s["ov_ranked_top"].format(indicator=name, k=top, n=n_regions)
                 if n_regions > top else s["ov_ranked"].format(indicator=name))
        fig = _figure(len(df), min_height=1.7)
        fig.set_figwidth(4.8)
        ax = fig.subplots()
        colours = {s["ov_kind_county"]: palette()[0], s["ov_kind_prefecture"]: palette()[4]}
        # one colour per bar by level; the colours are explained in the section caption
        hbars(ax, list(df["region"]), [(None, list(df["plot"]), list(df["text"]),
                                        [colours[k] for k in df["kind"]])])
        finish_hbars(ax, title, xlabel, margin=0.3)
        return Chart(f"ranked-{indicator}", title, fig)

    def charts_html(self, limit: int = 8) -> str:
        charts = [c for c in (self.ranked(i) for i in self.shared_indicators()[:limit]) if c]
        figures = [Markup(figure_html(c)) for c in charts]  # noqa: S704 - built here
        return str(_macros().charts({"heading": self.s["ov_charts"],
                                     "caption": self.s["ov_charts_caption"],
                                     "figures": figures, "empty": self.s["ov_charts_empty"],
                                     "lang_code": "en" if self.lang == "en" else "zh-CN"}))

    def ratio_rows(self) -> list[dict[str, Any]]:
        """Per-household ratios where a region gives both parts for the same year."""
        s = self.s
        out = []
        for key, num_id, den_id in RATIOS:
            for r in self.rows:
                num, den = best_fact(r.facts, num_id), best_fact(r.facts, den_id)
                if num is None or den is None or not den["value"]:
                    continue
                same_year = (is_missing(num["year"]) and is_missing(den["year"])) or (
                    not is_missing(num["year"]) and not is_missing(den["year"])
                    and int(num["year"]) == int(den["year"]))
                if not same_year:
                    continue
                ratio = float(num["value"]) / float(den["value"])
                text = (fmt_value(ratio, "元", self.lang) if num["unit"] == "元"
                        else fmt_number(ratio, 1))
                out.append({"ratio": s["ov_ratio_names"][key], "region": r.label(self.lang),
                            "value": text, "year": fmt_year(num["year"], self.lang),
                            "parts": f"{fmt_value(num['value'], num['unit'], self.lang)} ÷ "
                                     f"{fmt_value(den['value'], den['unit'], self.lang)}"})
        return out

    def ratios_html(self) -> str:
        s = self.s
        rows = self.ratio_rows()
        if not rows:
            return ""
        return str(_macros().ratios({
            "keep": self._keep(rows), "heading": s["ov_ratios"], "caption": s["ov_ratios_caption"], "rows": rows,
            "columns": [s["ov_ratio"], s["ov_region"], s["col_value"], s["col_year"],
                        s["ov_parts"]], "lang_code": "en" if self.lang == "en" else "zh-CN"}))

    @staticmethod
    def _keep(rows: list) -> bool:
        """Whether a section is short enough to be kept on one page when printed (a long
        one kept whole would start on a new page and leave its heading's page blank)."""
        return len(rows) <= setting("overview")["keep_rows"]

    def themes_html(self) -> str:
        s = self.s
        themes = [t for t in load_themes()
                  if any(r.facts["indicator"].isin(t.indicators).any() for r in self.rows)]
        rows = []
        for r in self.rows:
            counts = r.facts["indicator"].map(lambda i: theme_of(i).id).value_counts()
            rows.append({"label": r.label(self.lang), "child": r.child, "level": self._level(r),
                         "cells": [int(counts.get(t.id, 0)) for t in themes]})
        return str(_macros().themes({
            "keep": self._keep(rows), "heading": s["ov_themes"], "caption": s["ov_themes_caption"],
            "columns": [t.name(self.lang) for t in themes], "rows": rows,
            "region": s["ov_region"], "level": s["level"],
            "lang_code": "en" if self.lang == "en" else "zh-CN"}))

    def sources_html(self) -> str:
        s = self.s
        docs = self.store.documents.sort_values(["published", "doc"], na_position="last",
                                                kind="stable")
        used = {d for r in self.rows for d in r.documents}
        docs = docs[docs["doc_id"].isin(used)]
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
            "mentioned": s["ov_mentioned"], "lang_code": "en" if self.lang == "en" else "zh-CN"}))

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
