"""Briefing charts. Each builder returns a matplotlib Figure, or None when the region's
data cannot support that chart (a chart is skipped rather than drawn empty)."""

from __future__ import annotations

import base64
import functools
import html
import io
import re
from dataclasses import dataclass
from typing import Any, Callable

import pandas as pd
from matplotlib.figure import Figure

from .differences import is_certified
from .figures import has_flag, indicator_name, series
from .format import fmt_number, fmt_value, fmt_when, is_missing, money_scale
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


def _figure(n_bars: int, min_height: float | None = None, *, compact: bool = False) -> Figure:
    """An empty chart figure sized for ``n_bars`` bars; margins are set by ``fit_margins``
    when it is saved (no layout engine: constrained layout draws every figure twice).
    ``compact``: the width of one column of a two-column grid (theme blocks), so that its
    text is drawn at the size it is read at."""
    ensure_theme()
    conf = load_theme()["figure"]
    low = conf["min_height_in"] if min_height is None else min_height
    base = conf.get("base_height_in", 1.1)
    height = min(max(low, base + conf["bar_height_in"] * n_bars), conf["max_height_in"])
    width = conf.get("compact_width_in", conf["width_in"]) if compact else conf["width_in"]
    return Figure(figsize=(width, height))


def hbars(ax, categories: list[str], series: list[tuple[str | None, list[float], list[str], Any]],
          *, width: float = 0.8) -> None:
    """Horizontal bars, first category on top, each bar labelled with its text.

    ``series``: ``(name, values, texts, colour)`` per series; several series are drawn
    side by side within each category (a colour may also be one colour per bar). Drawn
    with matplotlib's ``barh`` in the seaborn theme: seaborn's ``barplot`` estimates
    statistics these single-valued bars do not need, at ~4x the drawing cost per chart.
    """
    import numpy as np

    ys = np.arange(len(categories), dtype=float)
    step = width / max(len(series), 1)
    for k, (name, values, texts, colour) in enumerate(series):
        offset = (k - (len(series) - 1) / 2) * step
        bars = ax.barh(ys + offset, values, height=step, color=colour, label=name)
        labels = [t if v == v else "" for t, v in zip(texts, values)]  # NaN bars: no label
        ax.bar_label(bars, labels=labels, padding=3, fontsize=8.5)
    max_pt = ax.figure.get_figwidth() * 72 * 0.4  # 40% of this chart's width
    labels = [wrap_label(c, max_pt) for c in categories]
    extra_lines = sum(label.count("\n") for label in labels)
    if extra_lines:  # room for the second lines
        fig = ax.figure
        fig.set_figheight(min(fig.get_figheight() + 0.2 * extra_lines,
                              load_theme()["figure"]["max_height_in"] * 1.5))
    ax.set_yticks(ys, labels=labels)
    ax.set_ylim(len(categories) - 0.5, -0.5)
    ax.yaxis.grid(False)  # as seaborn does on a categorical axis


def wrap_label(label: str, max_pt: float | None = None) -> str:
    """A bar label wider than ``max_pt`` (default: 40% of the chart) on more lines:
    broken at its `` · `` (indicator · year), then any line still too wide at the space
    nearest its middle."""
    import matplotlib as mpl

    if max_pt is None:
        max_pt = load_theme()["figure"]["width_in"] * 72 * 0.4
    size = mpl.rcParams["ytick.labelsize"]
    size = size if isinstance(size, (int, float)) else 9.0

    def fits(text: str) -> bool:
        return _text_size(text, size)[0] <= max_pt

    if "\n" in label or fits(label):
        return label
    lines = []
    for part in label.split(" · ", 1):
        spaces = [i for i, ch in enumerate(part) if ch == " "]
        if fits(part):
            lines.append(part)
        elif spaces:
            cut = min(spaces, key=lambda i: abs(i - len(part) / 2))
            lines += [part[:cut], part[cut + 1:]]
        else:  # Chinese: no spaces, a line may break between any two characters
            lines += _cjk_lines(part, fits)
    return "\n".join(lines)


def _cjk_lines(text: str, fits: Callable[[str], bool], max_lines: int = 3) -> list[str]:
    """``text`` cut into the fewest lines that fit (at most ``max_lines``; the last one
    ends with ``…`` when the text is longer still)."""
    for n in range(2, max_lines + 1):
        size = -(-len(text) // n)
        lines = [text[i:i + size] for i in range(0, len(text), size)]
        if all(fits(line) for line in lines):
            return lines
    lines = []
    rest = text
    while rest and len(lines) < max_lines:
        k = len(rest)
        while k > 1 and not fits(rest[:k] + ("…" if k < len(rest) and len(lines) == max_lines - 1 else "")):
            k -= 1
        if len(lines) == max_lines - 1 and k < len(rest):
            lines.append(rest[:k] + "…")
            break
        lines.append(rest[:k])
        rest = rest[k:]
    return lines


def legend_below(fig: Figure, entries: list[tuple[str, str]]) -> None:
    """A one-row legend under the plot: ``(label, colour)`` per entry (the figure grows
    by its height, so the bars keep theirs)."""
    from matplotlib.patches import Patch

    fig.set_figheight(fig.get_figheight() + 0.3)
    fig.legend(handles=[Patch(color=c, label=label) for label, c in entries],
               loc="lower center", ncol=len(entries), frameon=False, fontsize=9,
               bbox_to_anchor=(0.5, 0.0))


def _text_size(text: str, size: float, weight: str = "normal") -> tuple[float, float]:
    """Width and height of one line of text in points, with the theme's fonts."""
    import matplotlib as mpl

    if not text:
        return 0.0, 0.0
    return _measure(text, size, weight, tuple(mpl.rcParams["font.sans-serif"]))


@functools.lru_cache(maxsize=4096)  # tick and row labels repeat across charts and regions
def _measure(text: str, size: float, weight: str, _families: tuple) -> tuple[float, float]:
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    w, h, _d = text_to_path.get_text_width_height_descent(
        text, FontProperties(size=size, weight=weight), ismath=False)
    # outlines unhinted; drawn text is hinted at the output resolution, a few % wider
    return w * 1.06, max(h, size * 1.2)


def fit_margins(fig: Figure) -> None:
    """Margins of a one-axes chart from its own texts (tick labels, title, axis label,
    legend below), measured once: what a layout engine finds by drawing the figure."""
    import matplotlib as mpl

    if len(fig.axes) != 1 or fig.get_layout_engine() is not None:
        return
    ax = fig.axes[0]
    rc = mpl.rcParams
    width_pt, height_pt = fig.get_figwidth() * 72, fig.get_figheight() * 72
    pad = 5.0

    def size(key: str) -> float:
        from matplotlib.font_manager import FontProperties

        return FontProperties(size=rc[key]).get_size_in_points()

    ytick = size("ytick.labelsize")
    ylabels = [line for t in ax.get_yticklabels() if t.get_visible()
               for line in t.get_text().split("\n")]
    left = max((_text_size(t, ytick)[0] for t in ylabels), default=0.0)
    left += rc["ytick.major.size"] + rc["ytick.major.pad"] + pad
    if ax.get_ylabel():
        left += _text_size(ax.get_ylabel(), size("axes.labelsize"))[1] + rc["axes.labelpad"]

    xtick = size("xtick.labelsize")
    lo, hi = sorted(ax.get_xlim())
    xlabels = [t.get_text() for t in ax.get_xticklabels()
               if t.get_visible() and t.get_text() and lo <= t.get_position()[0] <= hi]
    bottom = (_text_size("0", xtick)[1] if xlabels else 0.0)
    bottom += rc["xtick.major.size"] + rc["xtick.major.pad"] + pad
    if ax.get_xlabel():
        bottom += _text_size(ax.get_xlabel(), size("axes.labelsize"))[1] + rc["axes.labelpad"]
    bottom += len(fig.legends) * (9 * 1.2 + 2 * pad)  # legends below the plot (legend_below)
    right = max(pad * 2, _text_size(xlabels[-1], xtick)[0] / 2 + pad) if xlabels else pad * 2

    top = pad
    title = ax.get_title(loc="left") or ax.get_title()
    if title:
        weight = rc["axes.titleweight"]
        lines = title.split("\n")
        top += sum(_text_size(line, size("axes.titlesize"), weight)[1] for line in lines) \
            + rc["axes.titlepad"]

    fig.subplots_adjust(left=min(left / width_pt, 0.6), right=1 - right / width_pt,
                        bottom=min(bottom / height_pt, 0.45), top=1 - min(top / height_pt, 0.3))
    _room_for_bar_labels(ax, width_pt * (ax.get_position().width))


def _room_for_bar_labels(ax, axes_width_pt: float) -> None:
    """Widen the x range so that the value written after each horizontal bar fits."""
    from matplotlib.container import BarContainer

    if axes_width_pt <= 0 or not any(isinstance(c, BarContainer) and c.orientation == "horizontal"
                                     for c in ax.containers):
        return
    lo, hi = ax.get_xlim()
    need = hi
    for ann in ax.texts:
        text, xy = ann.get_text(), getattr(ann, "xy", None)
        if not text or xy is None:
            continue
        r = (_text_size(text, ann.get_fontsize())[0] + 6) / axes_width_pt
        if r < 0.9:
            need = max(need, (xy[0] - r * lo) / (1 - r))
    if need > hi:
        ax.set_xlim(lo, need)


def indicator_counts(facts: pd.DataFrame, lang: str = "zh") -> Chart | None:
    """How many figures the sources give for each indicator (needs two indicators)."""
    counts = facts["indicator"].value_counts()
    if len(counts) < 2:
        return None
    s = strings(lang)
    fig = _figure(len(counts))
    ax = fig.subplots()
    hbars(ax, [_plain(indicator_name(i, lang)) for i in counts.index],
          [(None, [float(n) for n in counts], [str(n) for n in counts], palette()[0])])
    ax.margins(x=0.18)
    ax.set_title(s["chart_indicators"], loc="left")
    ax.set_xlabel(s["chart_indicators_x"])
    ax.set_ylabel("")
    ax.xaxis.get_major_locator().set_params(integer=True)
    return Chart("indicators", s["chart_indicators"], fig)


def whole_only(facts: pd.DataFrame) -> pd.DataFrame:
    """The region's own figures (no village's, company's or programme's part)."""
    if "scope" not in facts:
        return facts
    return facts[facts["scope"].fillna("whole") != "part"]


def trend_indicators(facts: pd.DataFrame) -> list[str]:
    """Indicators with achieved, whole-region, annual figures for two or more stated
    years, in headline order and then catalogue order."""
    from ..catalogue import load_catalogue

    order: list[str] = []
    for entry in setting("headline")["indicators"]:
        order += [entry] if isinstance(entry, str) else list(entry)
    order += [i for i in load_catalogue() if i not in order]
    order += [i for i in dict.fromkeys(facts["indicator"]) if i not in order]
    return [i for i in order if len(series(facts, i)) >= 2]


def _planned_points(facts: pd.DataFrame, indicator: str, unit: str) -> list[pd.Series]:
    """Whole-region planned figures of stated years (not running totals), one per year."""
    rows = facts[(facts["indicator"] == indicator) & facts["value"].notna() & (facts["unit"] == unit)]
    rows = whole_only(rows)
    rows = rows[has_flag(rows, "planned") & ~has_flag(rows, "cumulative") & rows["year"].notna()]
    out = {}
    for _, r in rows.iterrows():
        out.setdefault(int(r["year"]), r)
    return [out[y] for y in sorted(out)]


def _fit_title(title: str, max_pt: float) -> str:
    """A chart title on two lines when one is wider than ``max_pt``: broken at the space
    (or, in Chinese, the character) nearest its middle."""
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    size = FontProperties(size=mpl.rcParams["axes.titlesize"]).get_size_in_points()
    weight = mpl.rcParams["axes.titleweight"]
    if _text_size(title, size, weight)[0] <= max_pt or len(title) < 4:
        return title
    spaces = [i for i, ch in enumerate(title) if ch == " "]
    if spaces:
        cut = min(spaces, key=lambda i: abs(i - len(title) / 2))
        return title[:cut] + "\n" + title[cut + 1:]
    return title[: len(title) // 2] + "\n" + title[len(title) // 2:]


def trend_chart(facts: pd.DataFrame, indicator: str, lang: str = "zh") -> Chart | None:
    """A line chart of one indicator over the years its sources state (two or more):
    whole region, achieved, annual; plans of later years drawn as hollow points on a
    dashed line, labelled. None with fewer than two stated years."""
    points = series(facts, indicator)
    if len(points) < 2:
        return None
    s = strings(lang)
    unit = points[-1]["unit"]
    points = [p for p in points if p["unit"] == unit]
    if len(points) < 2:
        return None
    planned = [p for p in _planned_points(facts, indicator, unit)
               if int(p["year"]) > int(points[-1]["year"])]
    divisor, scale = money_scale([p["value"] for p in points + planned], lang) if unit == "元" else (1.0, "")
    title = s["chart_trend"].format(indicator=indicator_name(indicator, lang))
    conf = load_theme()["figure"]
    fig = Figure(figsize=(conf["width_in"] / 2, 2.0))
    ensure_theme()
    title = _fit_title(title, conf["width_in"] / 2 * 72 * 0.92)
    ax = fig.subplots()
    xs = [int(p["year"]) for p in points]
    ys = [float(p["value"]) / divisor for p in points]
    colour = palette()[2]
    ax.plot(xs, ys, marker="o", color=colour)
    last_x = max(xs + [int(p["year"]) for p in planned])

    def align(x: int) -> str:  # labels at the ends stay inside the plot
        return "left" if x == xs[0] else "right" if x == last_x else "center"

    for p, x, y in zip(points, xs, ys):
        ax.annotate(_plain(fmt_value(p["value"], unit, lang, p.get("quote"))), (x, y),
                    textcoords="offset points", xytext=(0, 6), ha=align(x), fontsize=8)
    if planned:
        px = [xs[-1]] + [int(p["year"]) for p in planned]
        py = [ys[-1]] + [float(p["value"]) / divisor for p in planned]
        ax.plot(px, py, linestyle="--", color=colour, alpha=0.7)
        ax.plot(px[1:], py[1:], linestyle="none", marker="o", markerfacecolor="white",
                markeredgecolor=colour, color=colour, label=s["trend_planned"])
        for p, x, y in zip(planned, px[1:], py[1:]):
            ax.annotate(_plain(f"{fmt_value(p['value'], unit, lang)} ({s['trend_planned_short']})"),
                        (x, y), textcoords="offset points", xytext=(0, -13), ha=align(x),
                        fontsize=7.5, color="#555555")
    allx = xs + [int(p["year"]) for p in planned]
    ax.set_xticks(allx, labels=[str(x) for x in allx])
    ax.set_xlim(min(allx) - 0.5, max(allx) + 0.5)
    lo, hi = ax.get_ylim()
    lo = min(0.0, lo)
    ax.set_ylim(lo, hi + (hi - lo) * 0.22)  # room for the top point's label
    ax.set_title(_plain(title), loc="left")
    ax.set_xlabel("")
    ax.set_ylabel(_plain(scale) if scale else "")
    ax.yaxis.set_major_formatter(lambda v, _pos: fmt_number(v))
    return Chart(f"trend-{indicator}", title, fig)


def trends(facts: pd.DataFrame, lang: str = "zh", limit: int = 8) -> list[Chart]:
    """The trend charts of every indicator with two or more stated years."""
    out = [c for c in (trend_chart(facts, i, lang) for i in trend_indicators(facts)) if c]
    return out[:limit]


#: The charts of a briefing, in order.
BUILDERS: list[Callable[[pd.DataFrame, str], Chart | None]] = [indicator_counts]


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


def mixes(rows: pd.DataFrame) -> bool:
    """True when figures could not share one axis: whole and part, annual and running
    total, or more than one unit."""
    scope = rows["scope"].fillna("whole") if "scope" in rows else pd.Series(["whole"] * len(rows))
    return (scope.nunique() > 1 or has_flag(rows, "cumulative").nunique() > 1
            or rows["unit"].nunique() > 1)


def parts_charts(facts: pd.DataFrame, lang: str = "zh", limit: int = 3, *,
                 compact: bool = True) -> list[Chart]:
    """Bars of the parts of one indicator (villages, programmes...) of one period and unit,
    where two or more parts are named; never with the region's total beside them."""
    s = strings(lang)
    rows = facts[facts["value"].notna()]
    if "scope" not in rows:
        return []
    rows = rows[(rows["scope"] == "part") & rows["part"].notna() & ~has_flag(rows, "planned")]
    out: list[Chart] = []
    if rows.empty:
        return out
    keyed = rows.assign(_when=[fmt_when(r, lang) for _, r in rows.iterrows()],
                        _cum=has_flag(rows, "cumulative"))
    for (ind, unit, when, _cum), grp in keyed.groupby(["indicator", "unit", "_when", "_cum"], sort=False):
        grp = grp.drop_duplicates(subset=["part"])
        if len(grp) < 2:
            continue
        grp = grp.head(12)
        divisor, scale = money_scale(grp["value"], lang) if unit == "元" else (1.0, "")
        title = s["chart_parts"].format(indicator=indicator_name(ind, lang), when=when)
        fig = _figure(len(grp), compact=compact)
        ax = fig.subplots()
        hbars(ax, [_plain(re.sub(r"^其中", "", str(x)) or str(x)) for x in grp["part"]],
              [(None, list(grp["value"].astype(float).to_numpy() / divisor),
                [fmt_value(v, unit, lang, q) for v, q in zip(grp["value"], grp["quote"])],
                palette()[3 % len(palette())])])
        finish_hbars(ax, title, s["chart_money_x"].format(unit=scale) if scale else "", margin=0.34)
        out.append(Chart(f"parts-{ind}-{len(out)}", title, fig))
        if len(out) >= limit:
            break
    return out


def one_per_period(facts: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """One figure per indicator, period and status (achieved or planned): the certified
    one, else the largest amount of money, else the first; so a total is never drawn
    beside one of its parts, nor a self-reported count beside its certified one."""
    if facts.empty:
        return facts
    keys = [(i, fmt_when(r, lang), "planned" in r["flags"]) for i, (_, r) in
            zip(facts["indicator"], facts.iterrows())]
    certified = [is_certified(r) for r in facts[["sentence", "quote"]].to_dict("records")] \
        if "sentence" in facts and "quote" in facts else [False] * len(facts)
    keep: dict = {}
    for pos, (key, value, unit) in enumerate(zip(keys, facts["value"], facts["unit"])):
        if key not in keep:
            keep[key] = pos
        elif certified[pos] != certified[keep[key]]:  # as best_fact: the certified figure
            if certified[pos]:
                keep[key] = pos
        elif unit == "元" and float(value) > float(facts["value"].iloc[keep[key]]):
            keep[key] = pos
    return facts.iloc[sorted(keep.values())]


def comparison(facts: pd.DataFrame, lang: str, title: str, key: str,
               fact_numbers: dict[str, int] | None = None, limit: int = 12, *,
               compact: bool = False) -> Chart | None:
    """Bars of two or more comparable figures (same unit) with their values; planned
    figures in a second colour, so planned and achieved read side by side."""
    rows = facts[facts["value"].notna()]
    rows = rows.drop_duplicates(subset=["indicator", "year", "value"])
    if len(rows) < 2 or rows["unit"].nunique() != 1 or mixes(rows):
        return None
    rows = rows.head(limit)
    s = strings(lang)
    unit = rows["unit"].iloc[0]
    numbers = fact_numbers or {}
    dup = rows.duplicated(subset=["indicator", "year"], keep=False)
    labels, texts, kinds = [], [], []
    for (_, r), repeated in zip(rows.iterrows(), dup):
        label = f"{indicator_name(r['indicator'], lang)} · {fmt_when(r, lang)}"
        if repeated:
            snip = _snippet(r["sentence"], r["quote"]) if lang == "zh" else ""
            no = numbers.get(r.get("fact_id", ""), "")
            if snip:
                label = f"{snip} · {fmt_when(r, lang)}"
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
    colours = {s["chart_achieved"]: palette()[0], s["chart_planned"]: palette()[1]}
    fig = _figure(len(labels), compact=compact)
    ax = fig.subplots()
    hbars(ax, labels, [(None, list(rows["value"].to_numpy() / divisor), texts,
                        [colours[k] for k in kinds])])
    if len(set(kinds)) > 1:
        legend_below(fig, list(colours.items()))
    finish_hbars(ax, title, xlabel, margin=0.34)
    return Chart(key, title, fig)


def finish_hbars(ax, title: str, xlabel: str, *, margin: float) -> None:
    """Room for the bar labels, then the title, axis label and number format shared by
    every bar chart."""
    ax.margins(x=margin)
    # a left-aligned title starts where the axes start, after the bar labels (up to 40%
    # of the width, ``wrap_label``)
    ax.set_title(_fit_title(_plain(title), ax.figure.get_figwidth() * 72 * 0.58), loc="left")
    ax.set_xlabel(_plain(xlabel))
    ax.set_ylabel("")
    ax.xaxis.set_major_formatter(lambda v, _pos: fmt_number(v))


def theme_charts(theme, facts: pd.DataFrame, lang: str = "zh",
                 fact_numbers: dict[str, int] | None = None, limit: int = 2, *,
                 compact: bool = True) -> list[Chart]:
    """The charts of one theme: a bar chart of two or more comparable figures of one
    indicator, unit and period (its parts or programmes; plan beside result). None for a
    single figure; never households beside people, different indicators, annual beside
    running totals on one axis.
    ``compact``: drawn for one column of the two-column theme grid."""
    s = strings(lang)
    name = theme.name(lang)
    out: list[Chart] = []
    valued = one_per_period(whole_only(facts[facts["value"].notna()]), lang)
    valued = valued.assign(_cum=has_flag(valued, "cumulative"),
                           _period=valued["year"].map(lambda y: -1 if is_missing(y) else int(y)))
    # one axis holds one unit and one period: households never beside people, annual
    # figures never beside running totals or another year's, the region never beside its parts
    groups = [g.drop(columns=["_cum", "_period"])
              for _k, g in valued.groupby(["unit", "_cum", "_period"], sort=False)]
    trended = set(trend_indicators(facts))
    for group in sorted(groups, key=lambda g: -len(g)):
        unit = group["unit"].iloc[0]
        if len(out) >= limit:
            break
        if group["indicator"].nunique() > 1:
            # different indicators are no breakdown of one quantity: poor villages beside
            # villages exited would set a total beside its own part
            continue
        if set(group["indicator"]) <= trended and not has_flag(group, "cumulative").any() \
                and not has_flag(group, "planned").any():
            continue  # one indicator's years: its trend chart shows them
        if unit == "元":
            title = s["chart_theme_money"].format(theme=name)
        else:
            unit_label = s["units"].get(unit, unit) or s["chart_count"]
            title = s["chart_theme_unit"].format(theme=name, unit=unit_label)
        chart = comparison(group, lang, title, f"{theme.id}-{len(out)}", fact_numbers,
                           compact=compact)
        if chart is not None:
            out.append(chart)
    return out


#: Image formats a chart can be embedded as (``figure.format`` in the theme).
MIME = {"png": "image/png", "svg": "image/svg+xml"}


def figure_bytes(fig: Figure, fmt: str | None = None, dpi: int | None = None) -> bytes:
    """The figure as image bytes: ``png`` at the theme's resolution, or ``svg`` (vector;
    with the theme's ``svg.fonttype: none`` its text stays text, set by the browser)."""
    conf = load_theme()["figure"]
    fmt = fmt or conf.get("format", "png")
    if fmt not in MIME:
        raise ValueError(f"unknown chart format {fmt!r}; use one of {', '.join(MIME)}")
    fit_margins(fig)
    buf = io.BytesIO()
    if fmt == "png":
        fig.savefig(buf, format="png", dpi=dpi or conf["dpi"], facecolor="white",
                    metadata={"Software": None})
    else:
        import matplotlib as mpl

        with mpl.rc_context({"svg.hashsalt": "countybrief"}):  # same chart, same bytes
            fig.savefig(buf, format="svg", facecolor="white", metadata={"Date": None})
    return buf.getvalue()


def figure_png(fig: Figure, dpi: int | None = None) -> bytes:
    """The figure as PNG bytes at the theme's resolution."""
    return figure_bytes(fig, "png", dpi)


def figure_html(chart: Chart) -> str:
    """A ``<figure>`` with the chart embedded as a data URI (``figure.format``)."""
    fmt = load_theme()["figure"].get("format", "png")
    data = base64.b64encode(figure_bytes(chart.figure, fmt)).decode("ascii")
    # shown at 1:1 (96 px an inch): a narrower chart (one column of a grid) is not blown
    # up to the full width, and its text stays the size it was drawn at
    width = round(chart.figure.get_figwidth() * 96) or load_theme()["figure"]["display_width_px"]
    alt = html.escape(chart.title, quote=True)
    return (f'<figure class="cb-figure"><img src="data:{MIME[fmt]};base64,{data}" alt="{alt}" '
            f'width="{width}" style="max-width:100%;height:auto"></figure>')
