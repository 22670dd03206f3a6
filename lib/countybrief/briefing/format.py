"""Number formatting for briefings: thousands separators, money in 万元/亿元, markers."""

from __future__ import annotations

from datetime import date

import datetime as _dt
import math
import re
from collections.abc import Iterable
from typing import Any

from .text import strings


def is_missing(value: Any) -> bool:
    """True for None, NaN and pandas NA."""
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, pd.NA raise or compare unequal
    except (TypeError, ValueError):
        return True


def fmt_number(value: float | int | None, max_decimals: int = 2) -> str:
    """``1012`` -> ``1,012``; ``1.320`` -> ``1.32``; missing -> ``—``."""
    if is_missing(value):
        return "—"
    v = float(value)
    if math.isinf(v):
        return "∞" if v > 0 else "-∞"
    text = f"{v:,.{max_decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


#: The space of an English amount ("RMB 1.5 billion"): no line break inside it.
NBSP = "\u00a0"

_IRREGULAR = {"person": "people", "person-time": "person-times", "county": "counties",
              "city": "cities", "was": "were", "is": "are", "has": "have"}


def plural(n: float | int, noun: str, nouns: str | None = None) -> str:
    """``noun`` in the number ``n`` asks for in English: ``plural(1, "figure")`` ->
    ``figure``, ``plural(2, "figure")`` -> ``figures``, ``plural(0, "county")`` ->
    ``counties`` (only 1 is singular)."""
    if n == 1:
        return noun
    if nouns:
        return nouns
    if noun in _IRREGULAR:
        return _IRREGULAR[noun]
    if re.search(r"(?:s|x|z|ch|sh)$", noun):
        return noun + "es"
    if re.search(r"[^aeiou]y$", noun):
        return noun[:-1] + "ies"
    return noun + "s"


def fmt_count(n: float | int, noun: str, nouns: str | None = None) -> str:
    """An English count with its noun: ``1 figure``, ``2 figures``, ``1,012 households``."""
    return f"{fmt_number(n)} {plural(n, noun, nouns)}"


def fmt_money(yuan: float | int | None, lang: str = "zh") -> str:
    """Money stored in 元, shown at a readable scale.

    zh: ``2e9`` -> ``20亿元``, ``1.5e7`` -> ``1,500万元``, ``3000`` -> ``3,000元``;
    en: ``2e9`` -> ``RMB 2 billion``, ``1.5487e7`` -> ``RMB 15.49 million``, the spaces
    non-breaking (U+00A0): an amount is never split over two lines.
    """
    if is_missing(yuan):
        return "—"
    v = float(yuan)
    s = strings(lang)["money"]
    if lang == "en":
        if abs(v) >= 1e9:
            text = s["bn"].format(v=fmt_number(v / 1e9))
        elif abs(v) >= 1e6:
            text = s["m"].format(v=fmt_number(v / 1e6))
        else:
            text = s["yuan"].format(v=fmt_number(v))
        return text.replace(" ", NBSP)
    if abs(v) >= 1e8:
        return fmt_number(v / 1e8) + s["yi"]
    if abs(v) >= 1e4:
        return fmt_number(v / 1e4) + s["wan"]
    return fmt_number(v) + s["yuan"]


def money_scale(values: Iterable[float], lang: str = "zh") -> tuple[float, str]:
    """A common (divisor, unit label) for charting several amounts in 元."""
    vals = [abs(float(v)) for v in values if not is_missing(v)]
    top = max(vals) if vals else 0.0
    if lang == "en":
        if top >= 1e9:
            return 1e9, "RMB billion"
        if top >= 1e6:
            return 1e6, "RMB million"
        return 1.0, "RMB"
    s = strings(lang)["money"]
    if top >= 1e8:
        return 1e8, s["yi"]
    if top >= 1e4:
        return 1e4, s["wan"]
    return 1.0, s["yuan"]


def decimals_in(quote: Any) -> int | None:
    """Decimal places of the first number written in ``quote`` (``"1.30%"`` -> 2)."""
    if is_missing(quote):
        return None
    m = re.search(r"[0-9０-９]+(?:[.．]([0-9０-９]+))?", str(quote))
    if not m:
        return None
    return len(m.group(1) or "")


def fmt_value(value: float | int | None, unit: str, lang: str = "zh",
              quote: Any = None) -> str:
    """A figure with its unit: ``1,012人`` / ``1,012 people``, ``1.32%``, money scaled.

    A percentage keeps the precision the source wrote (``quote`` ``"1.30%"`` -> ``1.30%``).
    """
    s = strings(lang)
    if is_missing(value):
        return s["missing_value"]
    if unit == "元":
        return fmt_money(value, lang)
    number = fmt_number(value)
    if unit == "%":
        places = decimals_in(quote)
        if places is not None and places <= 4:
            number = f"{float(value):,.{places}f}"
        return f"{number}%"
    label = s["units"].get(unit, unit)
    if not label:
        return number
    return f"{number} {label}" if lang == "en" else f"{number}{label}"


def fmt_date(day: _dt.date | None = None, lang: str = "zh") -> str:
    """``2026年11月24日`` / ``24 November 2026``."""
    day = day or _dt.date.today()
    if lang == "en":
        return f"{day.day} {day.strftime('%B')} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"


def fmt_year(year: Any, lang: str = "zh") -> str:
    """``2017`` -> ``2017``; missing -> ``年份不详`` / ``year unknown``."""
    return strings(lang)["year_unknown"] if is_missing(year) else str(int(year))


def fmt_when(fact: Any, lang: str = "zh") -> str:
    """A figure's period as its text states it: ``2017``, ``截至2019年9月``, ``2016–2019年累计``,
    ``2016年以来累计``, ``年份未说明`` (never the publication year in its place)."""
    s = strings(lang)
    get = fact.get if hasattr(fact, "get") else (lambda k, d=None: getattr(fact, k, d))
    year, since, as_of = get("year"), get("since"), get("as_of")
    cumulative = "cumulative" in (get("flags") or ())
    year = None if is_missing(year) else int(year)
    since = None if is_missing(since) else int(since)
    if cumulative:
        if since is not None and year is not None:
            return s["when_span"].format(since=since, year=year)
        if since is not None:
            return s["when_since"].format(since=since)
        if year is None:
            return s["when_cumulative"]
    if not is_missing(as_of) and as_of:
        y, m = int(str(as_of)[:4]), int(str(as_of)[5:7] or 12)
        if m == 12:  # 截至2017年底
            return s["when_year_end"].format(year=y)
        return s["when_as_of"].format(year=y, month=m, month_name=date(y, m, 1).strftime("%B"))
    return str(year) if year is not None else s["when_unstated"]


def is_stated(fact: Any) -> bool:
    """True when the text states the figure's period: a year, a start year or a date."""
    get = fact.get if hasattr(fact, "get") else (lambda k, d=None: getattr(fact, k, d))
    return any(not is_missing(get(k)) and get(k) != "" for k in ("year", "since", "as_of"))


def fmt_card_when(fact: Any, lang: str = "zh") -> str:
    """The period of a headline figure: ``fmt_when``, and for a figure whose text states no
    period the month its article was published (``年份未说明 · 报道于2017-11``)."""
    when = fmt_when(fact, lang)
    get = fact.get if hasattr(fact, "get") else (lambda k, d=None: getattr(fact, k, d))
    published = get("published")
    if is_stated(fact) or is_missing(published) or not published:
        return when
    return strings(lang)["when_reported"].format(when=when, published=str(published)[:7])


_WAN = re.compile(r"[0-9０-９.．一二两三四五六七八九十]+\s*[万萬]")


def fmt_stated(value: float | int | None, unit: str, lang: str = "zh", quote: Any = None,
               qualifier: Any = None) -> str:
    """A figure as its source states it: the qualifier written in (``20余亿元``, ``近2万人``,
    ``about 1,000 people``) and, in Chinese, a count the text gives in 万 kept in 万."""
    s = strings(lang)
    text = fmt_value(value, unit, lang, quote)
    if is_missing(value):
        return text
    if (lang == "zh" and unit in ("人", "户") and abs(float(value)) >= 1e4
            and not is_missing(quote) and _WAN.search(str(quote))):
        text = fmt_number(float(value) / 1e4) + s["money"]["wan"][:1] + s["units"].get(unit, unit)
    q = None if is_missing(qualifier) else str(qualifier)
    if q not in ("over", "under", "about"):
        return text
    if lang == "zh":
        if q == "over":
            if unit == "%":
                return text + "以上"
            m = re.match(r"^([0-9,.]+)(.*)$", text)
            return f"{m.group(1)}余{m.group(2)}" if m and m.group(2) else text + "以上"
        return ("近" if q == "under" else "约") + text
    return s["qualifiers"][q].format(v=text)


def fmt_period(years: Iterable[Any], lang: str = "zh") -> str:
    """``[2016, 2018, 2017]`` -> ``2016–2018``; one year -> ``2017``."""
    ys = sorted({int(y) for y in years if not is_missing(y)})
    if not ys:
        return strings(lang)["period_unknown"]
    if ys[0] == ys[-1]:
        return str(ys[0])
    return f"{ys[0]}{strings(lang)['period_sep']}{ys[-1]}"


def flag_labels(flags: Iterable[str], lang: str = "zh") -> list[str]:
    """Reader-facing labels of a fact's flags, in catalogue order."""
    names = strings(lang)["flags"]
    fl = set(flags or ())
    return [label for key, label in names.items() if key in fl]
