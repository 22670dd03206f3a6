"""Briefing charts. Each builder returns a matplotlib Figure, or None when the region's
data cannot support that chart (a chart is skipped rather than drawn empty)."""

from __future__ import annotations

import base64
import html
import io
import re
from dataclasses import dataclass
from typing import Callable

import pandas as pd
from matplotlib.figure import Figure

from .figures import best_fact, indicator_name
from .format import fmt_number, fmt_value, fmt_year, money_scale
from .text import setting, strings
from .theme import ensure_theme, load_theme, palette


@dataclass
class Chart:
    """A finished chart: its title (also drawn in the figure) and the figure."""

    key: str
    title: str
    figure: Figure


def _plain(text: str) -> str:
    """Text safe from matplotlib's mathtext (``$...$``)."""
    return str(text).replace("$", r"\$")


def _figure(n_bars: int, min_height: float | None = None) -> Figure:
    ensure_theme()
    conf = load_theme()["figure"]
    low = conf["min_height_in"] if min_height is None else min_height
    base = conf.get("base_height_in", 1.1)
    height = min(max(low, base + conf["bar_height_in"] * n_bars), conf["max_height_in"])
    return Figure(figsize=(conf["width_in"], height), layout="constrained")


def _annotate(ax, labels: list[str]) -> None:
    for container in ax.containers:
        values = [labels[i] if i < len(labels) else "" for i in range(len(container))]
        ax.bar_label(container, labels=values, padding=3, fontsize=8.5)
    ax.margins(x=0.18)


def indicator_counts(facts: pd.DataFrame, lang: str = "zh") -> Chart | None:
    """How many figures the sources give for each indicator (needs two indicators)."""
    counts = facts["indicator"].value_counts()
    if len(counts) < 2:
        return None
    import seaborn as sns

    s = strings(lang)
    df = pd.DataFrame({"indicator": [_plain(indicator_name(i, lang)) for i in counts.index],
                       "n": counts.to_numpy()})
    fig = _figure(len(df))
    ax = fig.subplots()
    sns.barplot(data=df, y="indicator", x="n", ax=ax, color=palette()[0], orient="h")
    _annotate(ax, [str(n) for n in df["n"]])
    ax.set_title(s["chart_indicators"], loc="left")
    ax.set_xlabel(s["chart_indicators_x"])
    ax.set_ylabel("")
    ax.xaxis.get_major_locator().set_params(integer=True)
    return Chart("indicators", s["chart_indicators"], fig)


def households_people(facts: pd.DataFrame, lang: str = "zh", pairs=None,
                      title: str | None = None) -> Chart | None:
    """Households and people side by side for each pair both reported (needs one pair)."""
    s = strings(lang)
    rows = []
    for hh_id, pp_id in (setting("pairs") if pairs is None else pairs):
        hh, pp = best_fact(facts, hh_id), best_fact(facts, pp_id)
        if hh is None or pp is None:
            continue
        label = s["pair_labels"].get(hh_id, indicator_name(hh_id, lang))
        year = fmt_year(pp["year"], lang)
        group = _plain(f"{label}（{year}）" if lang == "zh" else f"{label} ({year})")
        rows.append({"group": group, "kind": s["chart_pairs_households"], "value": hh["value"],
                     "text": fmt_value(hh["value"], hh["unit"], lang)})
        rows.append({"group": group, "kind": s["chart_pairs_people"], "value": pp["value"],
                     "text": fmt_value(pp["value"], pp["unit"], lang)})
    if not rows:
        return None
    import seaborn as sns

    df = pd.DataFrame(rows)
    fig = _figure(len(df) + 2, min_height=1.9)
    ax = fig.subplots()
    sns.barplot(data=df, y="group", x="value", hue="kind", ax=ax, orient="h",
                palette=palette()[:2], width=0.7)
    for container, kind in zip(ax.containers, df["kind"].unique()):
        texts = list(df.loc[df["kind"] == kind, "text"])
        ax.bar_label(container, labels=texts, padding=3, fontsize=8.5)
    ax.margins(x=0.3)
    title = title or s["chart_pairs"]
    ax.set_title(_plain(title), loc="left")
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.xaxis.set_major_formatter(lambda v, _pos: fmt_number(v))
    sns.move_legend(ax, "upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, title=None,
                    frameon=False)
    return Chart("pairs", title, fig)


def money(facts: pd.DataFrame, lang: str = "zh") -> Chart | None:
    """Programme-level amounts of money (funds, loans, sales...) on one scale (needs two)."""
    wanted = setting("money_chart")
    rows = facts[facts["indicator"].isin(wanted) & (facts["unit"] == "元") & facts["value"].notna()]
    if len(rows) < 2:
        return None
    rows = rows.assign(_o=rows["indicator"].map(wanted.index),
                       _y=rows["year"].astype("Float64").fillna(9999)
                       ).sort_values(["_o", "_y"], kind="stable")
    import seaborn as sns

    s = strings(lang)
    flags_names = s["flags"]
    divisor, unit = money_scale(rows["value"], lang)
    labels, texts = [], []
    for _, r in rows.iterrows():
        mark = "".join(f" [{flags_names[f]}]" for f in ("approx", "planned") if f in r["flags"])
        label = f"{indicator_name(r['indicator'], lang)} · {fmt_year(r['year'], lang)}{mark}"
        while label in labels:
            label += " "
        labels.append(_plain(label))
        texts.append(fmt_value(r["value"], "元", lang))
    df = pd.DataFrame({"label": labels, "amount": rows["value"].to_numpy() / divisor})
    fig = _figure(len(df))
    ax = fig.subplots()
    sns.barplot(data=df, y="label", x="amount", ax=ax, color=palette()[1], orient="h")
    _annotate(ax, texts)
    ax.set_title(s["chart_money"], loc="left")
    ax.set_xlabel(s["chart_money_x"].format(unit=unit))
    ax.set_ylabel("")
    ax.xaxis.set_major_formatter(lambda v, _pos: fmt_number(v))
    return Chart("money", s["chart_money"], fig)


def trends(facts: pd.DataFrame, lang: str = "zh", limit: int = 2) -> list[Chart]:
    """Line charts of indicators reported for at least three different years."""
    import seaborn as sns

    s = strings(lang)
    out: list[Chart] = []
    known = facts[facts["value"].notna() & facts["year"].notna()
                  & ~facts["flags"].map(lambda f: "planned" in f)]
    for ind in setting("headline")["indicators"]:
        rows = known[known["indicator"] == ind]
        per_year = rows.groupby(rows["year"].astype(int))["value"].first()
        if len(per_year) < 3:
            continue
        title = s["chart_trend"].format(indicator=indicator_name(ind, lang))
        fig = _figure(5)
        ax = fig.subplots()
        sns.lineplot(x=per_year.index, y=per_year.to_numpy(), marker="o", ax=ax,
                     color=palette()[2])
        unit = rows["unit"].iloc[0]
        for x, y in per_year.items():
            ax.annotate(fmt_value(y, unit, lang), (x, y), textcoords="offset points",
                        xytext=(0, 6), ha="center", fontsize=8.5)
        ax.set_title(_plain(title), loc="left")
        ax.set_xticks(list(per_year.index))
        ax.set_xlabel("")
        ax.set_ylabel("")
        ax.yaxis.set_major_formatter(lambda v, _pos: fmt_number(v))
        out.append(Chart(f"trend-{ind}", title, fig))
        if len(out) >= limit:
            break
    return out


#: The charts of a briefing, in order.
BUILDERS: list[Callable[[pd.DataFrame, str], Chart | None]] = [
    households_people, money, indicator_counts,
]


def briefing_charts(facts: pd.DataFrame, lang: str = "zh") -> list[Chart]:
    """All charts the region's data supports, skipping those lacking data."""
    charts = [c for c in (build(facts, lang) for build in BUILDERS) if c is not None]
    return charts + trends(facts, lang)


def _snippet(sentence: str, quote: str, limit: int = 12) -> str:
    """The words just before a figure in its sentence: its programme (``争取项目资金``)."""
    sentence, quote = str(sentence or ""), str(quote or "")
    i = sentence.find(quote) if quote else -1
    if i <= 0:
        return ""
    before = re.split(r"[，,；;。：:、（）()\s]", sentence[:i])[-1]
    before = re.sub(r"^(其中|全年|共|累计|已|并|和|及|今年|去年|\d{4}年)+", "", before)
    before = re.sub(r"(达到|达|为|共|累计|约|近|超过|总计|合计)+$", "", before)
    return before[-limit:] if len(before) >= 2 else ""


def comparison(facts: pd.DataFrame, lang: str, title: str, key: str,
               fact_numbers: dict[str, int] | None = None, limit: int = 12) -> Chart | None:
    """Bars of two or more comparable figures (same unit) with their values; planned
    figures in a second colour, so planned and achieved read side by side."""
    rows = facts[facts["value"].notna()]
    rows = rows.drop_duplicates(subset=["indicator", "year", "value"])
    if len(rows) < 2 or rows["unit"].nunique() != 1:
        return None
    rows = rows.head(limit)
    import seaborn as sns

    s = strings(lang)
    unit = rows["unit"].iloc[0]
    numbers = fact_numbers or {}
    dup = rows.duplicated(subset=["indicator", "year"], keep=False)
    labels, texts, kinds = [], [], []
    for (_, r), repeated in zip(rows.iterrows(), dup):
        label = f"{indicator_name(r['indicator'], lang)} · {fmt_year(r['year'], lang)}"
        if repeated:
            snip = _snippet(r["sentence"], r["quote"]) if lang == "zh" else ""
            no = numbers.get(r.get("fact_id", ""), "")
            if snip:
                label = f"{snip} · {fmt_year(r['year'], lang)}"
            elif no:
                label += f" (#{no})"
        if "approx" in r["flags"]:
            label += f" [{s['flags']['approx']}]"
        while _plain(label) in labels:
            label += " "
        labels.append(_plain(label))
        texts.append(fmt_value(r["value"], unit, lang, r.get("quote")))
        kinds.append(s["chart_planned"] if "planned" in r["flags"] else s["chart_achieved"])
    if unit == "元":
        divisor, scale = money_scale(rows["value"], lang)
        xlabel = s["chart_money_x"].format(unit=scale)
    else:
        divisor, xlabel = 1.0, ""
    df = pd.DataFrame({"label": labels, "value": rows["value"].to_numpy() / divisor,
                       "kind": kinds})
    fig = _figure(len(df))
    ax = fig.subplots()
    both = df["kind"].nunique() > 1
    if both:
        sns.barplot(data=df, y="label", x="value", hue="kind", ax=ax, orient="h", dodge=False,
                    palette=dict(zip([s["chart_achieved"], s["chart_planned"]], palette()[:2])))
        sns.move_legend(ax, "lower right", title=None, frameon=False)
    else:
        sns.barplot(data=df, y="label", x="value", ax=ax, orient="h",
                    color=palette()[1] if df["kind"].iloc[0] == s["chart_planned"] else palette()[0])
    finish_hbars(ax, texts, title, xlabel, margin=0.34)
    return Chart(key, title, fig)


def finish_hbars(ax, texts: list[str], title: str, xlabel: str, *, margin: float) -> None:
    """Label each horizontal bar with its formatted value (``texts`` by row), then set the
    title, axis label and number format shared by every bar chart."""
    for container in ax.containers:
        labels = []
        for bar in container:
            y = round(bar.get_y() + bar.get_height() / 2)
            ok = 0 <= y < len(texts) and bar.get_width() == bar.get_width()  # NaN bars: no label
            labels.append(texts[y] if ok else "")
        ax.bar_label(container, labels=labels, padding=3, fontsize=8.5)
    ax.margins(x=margin)
    ax.set_title(_plain(title), loc="left")
    ax.set_xlabel(_plain(xlabel))
    ax.set_ylabel("")
    ax.xaxis.set_major_formatter(lambda v, _pos: fmt_number(v))


def theme_charts(theme, facts: pd.DataFrame, lang: str = "zh",
                 fact_numbers: dict[str, int] | None = None, limit: int = 2) -> list[Chart]:
    """The charts of one theme: households vs people where both are given, and one bar
    chart per unit with two or more comparable figures. None for a single figure."""
    s = strings(lang)
    name = theme.name(lang)
    out: list[Chart] = []
    pairs = [p for p in setting("pairs") if p[0] in theme.indicators and p[1] in theme.indicators
             and best_fact(facts, p[0]) is not None and best_fact(facts, p[1]) is not None]
    paired = {i for p in pairs for i in p}
    if pairs:
        chart = households_people(facts, lang, pairs=pairs,
                                  title=s["chart_theme_pairs"].format(theme=name))
        if chart is not None:
            chart.key = f"{theme.id}-pairs"
            out.append(chart)
    valued = facts[facts["value"].notna()]
    for unit, group in sorted(valued.groupby("unit", sort=False), key=lambda g: -len(g[1])):
        if len(out) >= limit:
            break
        if unit in ("户", "人") and set(group["indicator"]) <= paired:
            continue
        if unit == "元":
            title = s["chart_theme_money"].format(theme=name)
        else:
            unit_label = s["units"].get(unit, unit) or s["chart_count"]
            title = s["chart_theme_unit"].format(theme=name, unit=unit_label)
        chart = comparison(group, lang, title, f"{theme.id}-{len(out)}", fact_numbers)
        if chart is not None:
            out.append(chart)
    return out


def figure_png(fig: Figure, dpi: int | None = None) -> bytes:
    """The figure as PNG bytes at the theme's resolution."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi or load_theme()["figure"]["dpi"],
                facecolor="white", metadata={"Software": None})
    return buf.getvalue()


def figure_html(chart: Chart) -> str:
    """A ``<figure>`` with the chart embedded as a base64 PNG (sharp in print)."""
    data = base64.b64encode(figure_png(chart.figure)).decode("ascii")
    width = load_theme()["figure"]["display_width_px"]
    alt = html.escape(chart.title, quote=True)
    return (f'<figure class="cb-figure"><img src="data:image/png;base64,{data}" alt="{alt}" '
            f'width="{width}" style="max-width:100%;height:auto"></figure>')
