"""Briefing sections as HTML strings, rendered from ``data/briefing/sections.html.j2``.

Jinja autoescape is on: article text (titles, sentences, file names) is untrusted and
always escaped; only chart ``<figure>`` markup built here is passed through.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Iterable

import jinja2
import pandas as pd
from markupsafe import Markup, escape

from .charts import (Chart, figure_html, parts_charts, theme_charts, trend_chart, trend_indicators,
                     trends as trend_charts, whole_only)
from .data import RegionData, json_list
from .figures import headline_figures, indicator_name
from .format import fmt_date, fmt_period, fmt_stated, fmt_value, fmt_when, fmt_year, is_missing
from .points import key_points, reliability, status_items
from .standing import region_exit
from .names import bilingual, full_name, outlet_name
from .text import data_path, strings
from .themes import by_theme, indicator_order, load_themes

_FLAG_ORDER = ("approx", "planned", "cumulative", "conflict", "digits_missing", "person_times",
               "region_unresolved", "masked_text")


@lru_cache(maxsize=1)
def _macros() -> Any:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    source = data_path("sections.html.j2").read_text(encoding="utf-8")
    return env.from_string(source).module


def _render(macro: str, lang: str, ctx: dict[str, Any]) -> str:
    """One section macro with the language code every section carries (``lang``)."""
    return str(getattr(_macros(), macro)({**ctx, "lang_code": "en" if lang == "en" else "zh-CN"}))


def _text(value: Any, default: str = "") -> str:
    return default if is_missing(value) or value == "" else str(value)


def _flags(flags: Iterable[str], lang: str, part: Any = None) -> list[dict[str, str]]:
    """Markers of a fact; a part of the region ("分项：红日村") first, so that it is never
    read as the region's own total."""
    names = strings(lang)["flags"]
    fl = set(flags or ())
    out = [{"key": "part", "label": strings(lang)["part"].format(part=part)}] if not is_missing(part) and part else []
    return out + [{"key": k, "label": names[k]} for k in _FLAG_ORDER if k in fl]


def _split(sentence: str, quote: str) -> dict[str, str]:
    """The sentence cut around its quoted figure, for highlighting."""
    sentence, quote = _text(sentence), _text(quote)
    i = sentence.find(quote) if quote else -1
    if i < 0 and quote:
        # the quote is raw text (maybe traditional or differently encoded): anchor on its number
        num = re.search(r"[0-9０-９.,．]+", quote)
        pos = sentence.find(num.group()) if num else -1
        if num and pos >= num.start():
            i = pos - num.start()
    if i < 0:
        return {"before": sentence, "quote": "", "after": ""}
    end = min(len(sentence), i + len(quote))
    return {"before": sentence[:i], "quote": sentence[i:end], "after": sentence[end:]}


def _window(parts: dict[str, str], width: int | None) -> dict[str, str]:
    """Shorten a split sentence to about ``width`` characters either side of its figure,
    cutting at punctuation where possible; the cut ends are marked with ``…``."""
    if not width:
        return parts
    before, after = parts["before"], parts["after"]
    if len(before) > width:
        cut = before[-width:]
        m = re.search(r"[，,；;。：:！？]", cut[: width // 2])
        before = "…" + (cut[m.end():] if m else cut)
    if len(after) > width:
        cut = after[:width]
        m = None
        for m in re.finditer(r"[，,；;。！？]", cut):
            pass
        after = (cut[: m.end()] if m and m.start() > width // 2 else cut) + "…"
    return {**parts, "before": before, "after": after}


def _documents(data: RegionData) -> pd.DataFrame:
    """The region's documents in citation order: by publication date, then file name."""
    return data.documents.sort_values(["published", "doc"], na_position="last", kind="stable")


def _doc_numbers(data: RegionData) -> dict[str, int]:
    """Citation number of each document (doc_id -> 1, 2, ...), as in the sources table."""
    return {doc_id: i for i, doc_id in enumerate(_documents(data)["doc_id"], 1)}


def _doc_ref(data: RegionData, doc_id: Any) -> int | str:
    return _doc_numbers(data).get(doc_id, "?")


def ordered_facts(data: RegionData) -> pd.DataFrame:
    """The region's facts in evidence-table order: theme by theme, indicator, year, file."""
    order = indicator_order()
    facts = data.facts
    return facts.assign(
        _o=facts["indicator"].map(lambda i: order.get(i, len(order))),
        _y=facts["year"].astype("Float64").fillna(9999),
    ).sort_values(["_o", "_y", "doc"], kind="stable").drop(columns=["_o", "_y"])


def fact_numbers(data: RegionData) -> dict[str, int]:
    """Number of each fact (fact_id -> 1, 2, ...) as in the evidence table; its anchor
    in the HTML is ``#fact-<n>``."""
    facts = ordered_facts(data)
    ids = facts["fact_id"] if "fact_id" in facts else pd.Series(range(len(facts)), dtype=str)
    return {str(fid): i for i, fid in enumerate(ids, 1)}


def _fact_no(numbers: dict[str, int], f: pd.Series) -> int | str:
    return numbers.get(str(f.get("fact_id", "")), "")


def default_title(data: RegionData, lang: str) -> str:
    """``白银区 脱贫攻坚简报`` / ``Baiyin District (白银区): poverty alleviation briefing``."""
    name = bilingual(data.region.name) if lang == "en" else data.region.name
    return strings(lang)["briefing_title"].format(region=name)


def briefing_title(data: RegionData, title: str | None, lang: str) -> str:
    """The briefing's title: the ``title`` parameter, else the default for the region.

    In the English edition a ``title`` that is just the Chinese default written by
    ``countybrief params`` (``白银区脱贫攻坚简报``) gives way to the English default.
    """
    if title and lang == "en":
        plain = re.sub(r"\s+", "", str(title))
        if plain == re.sub(r"\s+", "", default_title(data, "zh")):
            title = None
    return title or default_title(data, lang)


def stylesheet() -> str:
    """The component CSS as a ``<style>`` element."""
    # our own stylesheet, not article text: passed through unescaped, or its quoted font
    # names and [lang="en"] selectors would reach the page as &#34;
    css = Markup(data_path("briefing.css").read_text(encoding="utf-8"))  # noqa: S704
    return str(_macros().style(css))


def header(data: RegionData, title: str | None = None, notes: Iterable[str] = (),
           lang: str = "zh") -> str:
    """Title, full region name, adcode, level, period, how many sources and figures (the
    sources themselves are listed in the appendix)."""
    s = strings(lang)
    r = data.region
    meta = [
        {"label": s["adcode"], "value": r.adcode},
        {"label": s["level"], "value": s["levels"].get(r.level, r.level)},
        {"label": s["period"], "value": fmt_period(data.years, lang)},
        {"label": s["n_sources"], "value": s["n_sources_value"].format(n=len(data.documents))},
        {"label": s["n_facts"], "value": s["n_facts_value"].format(n=len(data.facts))},
        {"label": s["generated_on"], "value": fmt_date(lang=lang)},
    ]
    ctx = {
        "lang_code": "en" if lang == "en" else "zh-CN",
        "subtitle": s["subtitle"], "title": briefing_title(data, title, lang),
        "full_name": full_name(r, lang),
        "full_name_zh": r.full_name if lang == "en" else "", "meta": meta,
        "notes_label": s["notes"],
        "notes": [str(n) for n in (notes or []) if str(n).strip()],
    }
    return stylesheet() + str(_macros().header(ctx))


_DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")


def _nowrap_dates(text: str) -> Markup:
    """``text`` escaped, its dates kept on one line ("reported 2018-04" never breaks at
    the hyphen in a narrow card)."""
    out, pos = [], 0
    for m in _DATE.finditer(text):
        out += [str(escape(text[pos:m.start()])),
                f'<span class="cb-nowrap">{escape(m.group())}</span>']
        pos = m.end()
    return Markup("".join(out) + str(escape(text[pos:])))  # noqa: S704 - escaped here


def headline(data: RegionData, lang: str = "zh") -> str:
    """The headline figure cards."""
    s = strings(lang)
    numbers = fact_numbers(data)
    cards = []
    for h in headline_figures(data.facts, lang):
        cards.append({
            "label": h.label, "value": h.text, "year": _nowrap_dates(h.year_text),
            "ref": numbers.get(str(h.fact_id), "") if h.fact_id else "",
            "flags": _flags([f for f in h.flags if f in ("approx", "planned", "conflict",
                                                          "person_times")], lang),
            "conflict": "conflict" in h.flags, "others_label": s["other_values_explained"],
            "basis": s["basis_certified"] if h.certified else "",
            "others": s["list_sep"].join(h.others),
            "more": s["more_values"].format(n=h.n_more) if h.n_more else "",
            "series_years": h.series_years, "series_values": h.series_values,
        })
    return _render("headline", lang, {"heading": s["headline"], "cards": cards,
                                   "empty": s["headline_empty"]})


def summary(data: RegionData, lang: str = "zh") -> str:
    """The first page's summary: the status the sources state, 3–5 key points (whole
    region, achieved, each with its stated period) and how reliable the figures are."""
    s = strings(lang)
    status = [p.text for p in status_items(data.facts, lang)]
    left = region_exit(data.documents, data.region.name, data.region.adcode)
    if left is not None:  # the county's exit as an article states it, with its source
        text = (s["status_exit"].format(year=left.year) if left.year
                else s["status_exit_noyear"])
        status.insert(0, f"{text} [{_doc_ref(data, left.doc_id)}]")
    points = [p.text for p in key_points(data.facts, lang)]
    return _render("summary", lang, {
        "heading": s["summary"], "status_label": s["status_label"],
        "status": s["reliability_sep"].join(status), "points": points,
        "empty": s["summary_empty"],
        "reliability": reliability(data.facts, len(data.documents), lang),
    })


def trends(data: RegionData, lang: str = "zh", limit: int = 8) -> str:
    """Line charts of every indicator the sources give for two or more stated years
    (whole region, annual, achieved; plans drawn apart); nothing when there is none."""
    charts_ = trend_charts(data.facts, lang, limit=limit)
    if not charts_:
        return ""
    s = strings(lang)
    figures = [Markup(figure_html(c)) for c in charts_]  # noqa: S704 - built here
    return _render("trends", lang, {"heading": s["trends"], "caption": s["trends_caption"],
                                 "figures": figures})


def part_name(part: Any) -> str:
    """A part's name as shown: without the ``其中`` that introduced it in the text."""
    return re.sub(r"^其中", "", _text(part, "—")) or _text(part, "—")


def parts(data: RegionData, lang: str = "zh", with_charts: bool = True) -> str:
    """Programmes and cases: every figure of a part of the region (a village, township,
    company, programme or batch), its part named; nothing when there is none."""
    facts = data.facts
    if "scope" not in facts:
        return ""
    rows = ordered_facts(data)
    rows = rows[rows["scope"].fillna("whole") == "part"]
    if rows.empty:
        return ""
    s = strings(lang)
    numbers = fact_numbers(data)
    table = []
    for _, f in rows.iterrows():
        table.append({
            "part": part_name(f.get("part")), "indicator": indicator_name(f["indicator"], lang),
            "value": fmt_stated(f["value"], f["unit"], lang, f["quote"], f.get("qualifier")),
            "year": fmt_when(f, lang), "flags": _flags(f["flags"], lang),
            "ref": _fact_no(numbers, f), "doc_no": _doc_ref(data, f["doc_id"]),
        })
    figures = [Markup(figure_html(c))  # noqa: S704 - built here
               for c in parts_charts(rows, lang)] if with_charts else []
    columns = [s["col_part"], s["col_indicator"], s["col_value"], s["col_year"], s["col_evidence"]]
    return _render("parts", lang, {"heading": s["parts_heading"], "caption": s["parts_caption"],
                                "columns": columns, "rows": table, "figures": figures,
                                # a short table with its charts beside it, a long one above
                                "beside": bool(figures) and len(table) <= 6,
                                "short": len(table) <= 8,
                                "see": s["see_fact"]})


def user_figure(fig: Any, caption: str = "", lang: str = "zh") -> str:
    """A user's matplotlib figure embedded as the briefing's own charts are."""
    chart = Chart("user", caption or "", fig)
    return _render("user_figure", lang, {"figure": Markup(figure_html(chart)),  # noqa: S704
                                      "caption": caption})


def charts(chart_list: list[Chart], lang: str = "zh") -> str:
    """The chart figures (embedded PNG), or a note that the data allow none."""
    s = strings(lang)
    figures = [Markup(figure_html(c)) for c in chart_list]  # noqa: S704 - built here
    return _render("charts", lang, {"heading": s["charts"], "figures": figures,
                                 "empty": s["charts_empty"]})


def measures(data: RegionData, lang: str = "zh", per_theme: int = 2, limit: int = 5) -> str:
    """What was done: the source sentences behind the figures, grouped by theme, each
    with its numbered source (linked to the sources table).

    A sentence is shown once, under the first theme that quotes it, and at most
    ``limit`` sentences in all (``per_theme`` a theme, taken round-robin so that every
    theme is heard before any theme's second sentence): the full list is the appendix's
    evidence table.
    """
    s = strings(lang)
    seen: set[str] = set()
    candidates: list[tuple[Any, list[dict[str, Any]]]] = []
    for theme, rows in by_theme(data.facts):
        sentences = []
        for _, f in rows.iterrows():
            sent = _text(f["sentence"])
            if not sent or sent in seen:
                continue
            seen.add(sent)
            sentences.append({**_window(_split(sent, f["quote"]), 45), "doc": _text(f["doc"]),
                              "doc_no": _doc_ref(data, f["doc_id"])})
        if sentences:
            candidates.append((theme, sentences[:per_theme]))
    chosen: dict[int, int] = {}  # candidate index -> sentences kept
    total = 0
    for round_ in range(per_theme):
        for k, (_theme, sentences) in enumerate(candidates):
            if total < limit and len(sentences) > round_:
                chosen[k] = round_ + 1
                total += 1
    themes = [{"label": theme.name(lang), "sentences": sentences[:chosen[k]]}
              for k, (theme, sentences) in enumerate(candidates) if k in chosen]
    n_left = sum(len(x) for _t, x in candidates) - total
    return _render("measures", lang, {"heading": s["measures"], "themes": themes,
                                   "empty": s["measures_empty"],
                                   "more": s["measures_more"] if n_left > 0 else ""})


def appendix(data: RegionData, lang: str = "zh") -> str:
    """The appendix's title page break: the full evidence, sources and data-quality notes
    follow it, so the briefing before it stays short."""
    s = strings(lang)
    return _render("appendix", lang, {"heading": s["appendix"],
                                   "caption": s["appendix_caption"].format(
                                       n=len(data.facts), docs=len(data.documents))})


def themes(data: RegionData, lang: str = "zh", with_charts: bool = True,
           only: Iterable[str] | None = None, skip: Iterable[str] = (),
           with_trends: bool = True) -> str:
    """Figures by theme: per theme a short table, the trend line of each of its
    indicators given for two or more stated years (``with_trends``) and, where two or
    more comparable figures exist, a bar chart. Themes without figures are left out.
    Only the region's own figures: a part's figures are under "Programmes and cases"
    (``parts``). ``only``/``skip``: theme ids to show or leave out."""
    s = strings(lang)
    numbers = fact_numbers(data)
    blocks = []
    wanted, unwanted = (set(only) if only is not None else None), set(skip)
    trended = trend_indicators(data.facts) if with_trends else []
    unknown = ((wanted or set()) | unwanted) - {t.id for t in load_themes()}
    if unknown:
        raise ValueError(f"unknown theme id(s) {', '.join(sorted(unknown))}; the themes are "
                         f"{', '.join(t.id for t in load_themes())} (data/briefing/themes.yaml)")
    for theme, rows in by_theme(whole_only(data.facts)):
        if (wanted is not None and theme.id not in wanted) or theme.id in unwanted:
            continue
        table = []
        for _, f in rows.iterrows():
            table.append({
                "indicator": indicator_name(f["indicator"], lang),
                "value": fmt_stated(f["value"], f["unit"], lang, f["quote"], f.get("qualifier")),
                "year": fmt_when(f, lang), "flags": _flags(f["flags"], lang, f.get("part")),
                "ref": _fact_no(numbers, f), "doc_no": _doc_ref(data, f["doc_id"]),
            })
        figures = []
        if with_charts and with_trends:
            figures += [Markup(figure_html(c))  # noqa: S704 - built here
                        for c in (trend_chart(data.facts, i, lang) for i in trended
                                  if i in theme.indicators) if c is not None]
        if with_charts:
            figures += [Markup(figure_html(c))  # noqa: S704 - built here
                        for c in theme_charts(theme, rows, lang, numbers)]
        # a long table (or one with charts) may continue in the next column, row by row
        # with its header repeated: kept whole it would leave half a page empty before it
        blocks.append({"id": theme.id, "label": theme.name(lang), "rows": table,
                       "figures": figures, "tall": len(table) > 12 or (bool(figures) and len(table) > 5)})
    # markers sit under each value (the tables share a column of the page with another)
    columns = [s["col_indicator"], s["col_value"], s["col_year"], s["col_evidence"]]
    return _render("themes", lang, {"heading": s["themes_heading"], "caption": s["themes_caption"],
                                 "columns": columns, "blocks": blocks,
                                 "see": s["see_fact"]})


def facts_table(data: RegionData, lang: str = "zh") -> str:
    """Every fact with its value, year, markers, source sentence and document; a figure
    an analyst corrected (``corrections.yaml``) is marked so, with its original reading."""
    from .corrected import corrected_marker

    s = strings(lang)
    numbers = _doc_numbers(data)
    fact_no = fact_numbers(data)
    rows = []
    for _, f in ordered_facts(data).iterrows():
        rows.append({
            "no": _fact_no(fact_no, f),
            "indicator": indicator_name(f["indicator"], lang),
            "value": fmt_value(f["value"], f["unit"], lang, f["quote"]),
            "year": fmt_when(f, lang),
            "flags": _flags(f["flags"], lang, f.get("part")) + corrected_marker(f, lang),
            **_window(_split(f["sentence"], f["quote"]), 48), "full": _text(f["sentence"]),
            "doc_no": numbers.get(f["doc_id"], "?"), "doc": _text(f["doc"]),
        })
    columns = [s["col_no"], s["col_indicator"], s["col_value"], s["col_year"], s["col_flags"],
               s["col_sentence"], s["col_source"]]
    return _render("facts", lang, {"heading": s["facts"], "caption": s["facts_caption"],
                                "columns": columns, "rows": rows})


def sources(data: RegionData, lang: str = "zh") -> str:
    """The source articles: title, outlet, publication date, file."""
    s = strings(lang)
    rows = []
    for no, (_, d) in enumerate(_documents(data).iterrows(), 1):
        dups = d["duplicates"] if d["duplicates"] is not None else []
        rows.append({"no": no,
            "title": _text(d["title"], s["untitled"]), "outlet": outlet_name(d["outlet"], lang),
            "published": _text(d["published"]), "doc": _text(d["doc"]),
            "duplicates": s["list_sep"].join(str(x) for x in dups),
        })
    columns = [s["col_title"], s["col_outlet"], s["col_date"], s["col_file"]]
    return _render("sources", lang, {"heading": s["sources"], "columns": columns, "rows": rows,
                                  "duplicates_label": s["duplicates"]})


def _fact_item(f: pd.Series, lang: str) -> str:
    name = indicator_name(f["indicator"], lang)
    sep = "：" if lang == "zh" else ": "
    return f"{name}{sep}{_text(f['sentence'])} [{_text(f['doc'])}]"


def quality_groups(data: RegionData, lang: str = "zh",
                   extra_warnings: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Plain-language data-quality notes, as ``{key, text, items}`` groups."""
    s = strings(lang)
    facts, docs = data.facts, data.documents
    groups: list[dict[str, Any]] = []

    def with_flag(flag: str) -> pd.DataFrame:
        return facts[facts["flags"].map(lambda fl: flag in fl)]

    lost = with_flag("digits_missing")
    if len(lost):
        groups.append({"key": "digits", "text": s["q_digits"].format(n=len(lost)),
                       "entries": [_fact_item(f, lang) for _, f in lost.iterrows()]})

    conflicts = with_flag("conflict")
    if len(conflicts):
        items = []
        keyed = conflicts.assign(_y=conflicts["year"].astype("Float64").fillna(-1))
        for (ind, _y), grp in keyed.groupby(["indicator", "_y"], sort=True):
            values = s["list_sep"].join(
                f"{fmt_value(v, u, lang)} [{d}]" for v, u, d in zip(grp["value"], grp["unit"], grp["doc"]))
            items.append(s["q_conflict_item"].format(indicator=indicator_name(ind, lang),
                                                     year=fmt_year(grp["year"].iloc[0], lang),
                                                     values=values))
        groups.append({"key": "conflict", "text": s["q_conflict"].format(n=len(items)),
                       "entries": items})

    masked_items = []
    for _, d in docs.iterrows():
        n_masked, n_restored = len(json_list(d["masked"])), len(json_list(d["restorations"]))
        if n_masked or n_restored:
            masked_items.append(s["q_masked_doc"].format(doc=_text(d["doc"]), n_masked=n_masked,
                                                         n_restored=n_restored))
    masked_facts = with_flag("masked_text")
    masked_items += [_fact_item(f, lang) for _, f in masked_facts.iterrows()]
    if masked_items:
        n_docs = len({*docs.loc[[bool(json_list(m) or json_list(r)) for m, r in
                                 zip(docs["masked"], docs["restorations"])], "doc"],
                      *masked_facts["doc"]})
        groups.append({"key": "masked", "text": s["q_masked"].format(n=n_docs),
                       "entries": masked_items})

    unresolved = with_flag("region_unresolved")
    if len(unresolved):
        groups.append({"key": "unresolved", "text": s["q_unresolved"].format(n=len(unresolved)),
                       "entries": [_fact_item(f, lang) for _, f in unresolved.iterrows()]})

    no_region = docs[docs["adcode"].isna()]
    if len(no_region):
        groups.append({"key": "noregion", "text": s["q_noregion"].format(n=len(no_region)),
                       "entries": [f"{_text(d['title'], s['untitled'])} [{_text(d['doc'])}]"
                                 for _, d in no_region.iterrows()]})

    for flag, key in (("planned", "q_planned"), ("approx", "q_approx"),
                      ("person_times", "q_person_times")):
        rows = with_flag(flag)
        if len(rows):
            groups.append({"key": flag, "text": s[key].format(n=len(rows)),
                           "entries": [_fact_item(f, lang) for _, f in rows.iterrows()]})

    issues = []
    for _, d in docs.iterrows():
        for issue in (d["issues"] if d["issues"] is not None else []):
            issue = issue_text(issue, s)
            issues.append(f"{_text(d['doc'])}：{issue}" if lang == "zh" else f"{_text(d['doc'])}: {issue}")
    if issues:
        groups.append({"key": "issues", "text": s["q_issues"], "entries": issues})

    notes = [*data.warnings, *extra_warnings]
    if notes:
        groups.append({"key": "render", "text": "", "entries": notes})
    return groups


def quality(data: RegionData, lang: str = "zh", extra_warnings: Iterable[str] = ()) -> str:
    """The data-quality section."""
    s = strings(lang)
    return _render("quality", lang, {
        "heading": s["quality"], "groups": quality_groups(data, lang, extra_warnings),
        "ok": s["quality_ok"],
        "generated": s["generated"].format(n=len(data.documents), date=fmt_date(lang=lang)),
    })


def issue_text(code: str, strings: dict) -> str:
    """Word an extraction issue code (``digits_missing:7``) in the briefing's language."""
    name, _, count = code.partition(":")
    template = strings.get("issue_texts", {}).get(name)
    return template.format(n=count) if template else code
