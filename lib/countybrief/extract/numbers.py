"""Figures in text: a number with its unit, qualifiers and canonical value.

Numbers in Chinese numerals go through cn2an (``三千万``, ``两百``, ``1.91万``), with the lower
bound of an approximate one (``五十多万`` is 500 000, ``三四万`` 30 000, as JioNLP's
``parse_money`` read money before). Arabic numbers, with or without a multiplier (``1.15亿``,
``20多亿``) are read directly: that is not a numeral converter, just the fast path.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from ..catalogue import _data_text

#: unit as written -> (class, canonical unit, factor to the canonical unit)
UNITS: dict[str, tuple[str, str, float]] = {
    "元": ("money", "元", 1.0),
    "户": ("households", "户", 1.0),
    "人次": ("persons", "人", 1.0),
    "人": ("persons", "人", 1.0),
    "名": ("persons", "人", 1.0),
    "%": ("percent", "%", 1.0),
    "个": ("count", "个", 1.0),
    "家": ("count", "个", 1.0),
    "所": ("count", "个", 1.0),
    "座": ("count", "个", 1.0),
    "村": ("count", "个", 1.0),
    "千瓦": ("power", "千瓦", 1.0),
    "KW": ("power", "千瓦", 1.0),
    "kW": ("power", "千瓦", 1.0),
    "kw": ("power", "千瓦", 1.0),
    "兆瓦": ("power", "千瓦", 1000.0),
    "MW": ("power", "千瓦", 1000.0),
    "公里": ("length", "公里", 1.0),
    "千米": ("length", "公里", 1.0),
    "km": ("length", "公里", 1.0),
    "亩": ("area", "亩", 1.0),
}
_MULT = {"": 1.0, "十万": 1e5, "百万": 1e6, "千万": 1e7, "万": 1e4, "亿": 1e8, "万亿": 1e12}

_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
FIGURE_RE = re.compile(
    # the lookahead lets the engine skip characters that cannot start a figure (the
    # optional qualifier otherwise makes every position a candidate)
    r"(?=[将接大超近约逾不\d." + _CN_DIGITS + r"])"
    r"(?P<pre>将近|接近|大约|超过|不足|近|约|逾|超)?"
    r"(?P<num>(?<![\d.A-Za-z])(?:\d+(?:\.\d+)?|\.\d+)|(?<![" + _CN_DIGITS + r"])[" + _CN_DIGITS + r"]{2,})"
    r"(?P<q1>多|余)?"
    r"(?:[ \u00a0](?=[万亿元户人名个千公%]))?"  # "2974 万元": a space left by the page's markup
    r"(?P<mult>万亿|十万|百万|千万|万|亿)?"
    r"(?P<q2>多|余)?"
    r"(?P<unit>" + "|".join(sorted(UNITS, key=len, reverse=True)) + r")"
    r"(?P<pt>[(（]次[)）])?"
    r"(?P<post>以上|左右|多|以下|以内)?"
)
_APPROX_PRE = {"将近", "接近", "大约", "近", "约", "逾", "超过", "超", "不足"}
#: qualifier words -> the ``qualifier`` of a fact: over (多/余/以上/超过), under (近/不足), about (约/左右)
QUALIFIERS = {"多": "over", "余": "over", "以上": "over", "超过": "over", "超": "over", "逾": "over",
              "将近": "under", "接近": "under", "近": "under", "不足": "under", "以下": "under", "以内": "under",
              "大约": "about", "约": "about", "左右": "about"}


@dataclass
class Figure:
    """A number with its unit. Offsets are into the text that was scanned."""

    start: int  # first character of the figure (qualifier included)
    end: int  # after its unit / trailing qualifier
    text: str
    value: float | None  # in the canonical unit; None when the digits are missing
    unit_class: str  # money, households, persons, percent, count, power, length, area
    unit: str  # canonical unit
    approx: bool = False
    digits_missing: bool = False
    person_times: bool = False
    number: str = ""  # the number as written, with 多/余 and 万/亿: "20多亿"
    qualifier: str | None = None  # over | under | about (see QUALIFIERS)
    factor: float = 1.0  # written unit -> canonical unit
    evaluated: bool = False

    def evaluate(self) -> bool:
        """Compute ``value`` (done lazily: most figures match no indicator). False when the
        number cannot be read."""
        if not self.evaluated:
            self.evaluated = True
            if not self.digits_missing:
                self.value = _evaluate(self.number, self.unit_class, self.factor)
        return self.digits_missing or self.value is not None


#: Two neighbouring digits of an amount are a range ("三四万元": 3-4万, "七八百万元"),
#: read as its lower end (the pairs JioNLP's ``parse_money`` reads as ranges).
_RANGE = re.compile(r"一二|二三|两三|三四|三五|四五|五六|六七|七八|八九")


def _cn2an(s: str, ranges: bool = False) -> float:
    """A Chinese numeral's value, an approximate one ("五十多万") by its lower bound; with
    ``ranges`` (money) also a range of two digits ("三四万")."""
    import cn2an

    s = s.replace("多", "").replace("余", "")
    if ranges:
        s = _RANGE.sub(lambda m: m.group(0)[0], s)
    return float(cn2an.cn2an(s, "smart"))


#: Arabic money with a multiplier ("1.15亿", "20多亿", "9000万"): read directly, the fast
#: path; Chinese numerals go through ``_cn2an``, which reads them to the same lower bound.
_ARABIC_MONEY = re.compile(r"(\d+(?:\.\d+)?)(?:多|余)?(万亿|十万|百万|千万|万|亿)?(?:多|余)?")


@lru_cache(maxsize=65536)
def _evaluate(number: str, unit_class: str, factor: float) -> float | None:
    try:
        fast = _ARABIC_MONEY.fullmatch(number) if unit_class == "money" else None
        if fast is not None:
            value = float(fast.group(1)) * _MULT[fast.group(2) or ""]
        elif number.replace(".", "", 1).isdigit():
            value = float(number)
        else:
            value = _cn2an(number, ranges=unit_class == "money")
    except Exception:  # noqa: BLE001 - an unreadable numeral is simply not a figure
        return None
    return round(value * factor, 6)


def parse_figure(m: re.Match[str]) -> Figure | None:
    """The Figure for one ``FIGURE_RE`` match (value not yet computed, see
    ``Figure.evaluate``), or None when the match is an idiom rather than a figure."""
    num, unit = m.group("num"), m.group("unit")
    unit_class, canonical, factor = UNITS[unit]
    is_cn = not (num[0].isdigit() or num[0] == ".")
    if is_cn and unit_class in ("percent", "count") and len(num) <= 2 and "十" not in num:
        return None  # "一村一品", "两不愁": idioms, not figures
    approx = bool(m.group("pre") in _APPROX_PRE or m.group("q1") or m.group("q2") or m.group("post"))
    words = [m.group("pre"), m.group("q1"), m.group("q2"), m.group("post")]
    qualifier = next((QUALIFIERS[w] for w in words if w in QUALIFIERS), None)
    person_times = unit == "人次" or bool(m.group("pt"))
    number = num + (m.group("q1") or "") + (m.group("mult") or "") + (m.group("q2") or "")
    return Figure(m.start(), m.end(), m.group(0), None, unit_class, canonical, approx=approx,
                  digits_missing=num.startswith("."), person_times=person_times,
                  number=number, factor=factor, qualifier=qualifier)


#: A rate brought down to zero without a unit: "贫困发生率下降为0", "降至零".
_ZERO_RATE = re.compile(r"(?:(?<=降至)|(?<=降为)|(?<=降到)|(?<=下降为))(?P<num>0|零)(?![\d.%％])")


def find_zero_rates(text: str) -> list[Figure]:
    """Rates brought down to zero, written without a unit ("贫困发生率降至零")."""
    return [Figure(m.start(), m.end(), m.group(0), 0.0, "percent", "%", number="0", evaluated=True)
            for m in _ZERO_RATE.finditer(text)]


@dataclass(frozen=True)
class _LostCues:
    lost: re.Pattern[str]  # trigger + measure word
    adjacent: re.Pattern[str]  # two count words side by side
    unit: re.Pattern[str]  # a count word, anchored with .match (chains: "户名")
    noun: re.Pattern[str]  # what a count word counts, anchored with .match
    count_units: frozenset[str]


@lru_cache(maxsize=1)
def _lost_cues() -> _LostCues:
    """Compiled ``lost_digits`` section of ``data/patterns.yaml``."""
    raw = yaml.safe_load(_data_text("patterns.yaml"))["lost_digits"]
    veto = raw.get("word_after") or {}
    for u in raw["count_units"] + raw["measure_units"]:
        if u not in UNITS:
            raise ValueError(f"patterns.yaml lost_digits: {u!r} is not a unit of numbers.UNITS")

    def alt(units: list[str]) -> str:
        return "|".join(re.escape(u) + (f"(?!{veto[u]})" if veto.get(u) else "")
                        for u in sorted(units, key=len, reverse=True))

    units = raw["count_units"] + raw["measure_units"]
    # Literal triggers behind a lookahead on their first characters: a plain alternation of
    # ~70 words is tried at every character of the text (several times slower).
    literal = sorted((t for t in raw["triggers"] if re.escape(t) == t), key=len, reverse=True)
    pattern = sorted((t for t in raw["triggers"] if re.escape(t) != t), key=len, reverse=True)
    firsts = "".join(sorted({t[0] for t in literal}))
    triggers = f"(?=[{firsts}])(?:{'|'.join(literal)})" + "".join(f"|{t}" for t in pattern)
    count = alt(raw["count_units"])
    return _LostCues(
        lost=re.compile(f"(?:{triggers})(?P<fig>(?:万|亿)?(?:{alt(units)}))"),
        adjacent=re.compile(f"(?P<fig>{count})(?=(?:{count}))"),
        unit=re.compile(f"(?:{count})"),
        noun=re.compile(raw["noun_heads"]),
        count_units=frozenset(raw["count_units"]),
    )


def _lost_figure(start: int, end: int, unit_text: str) -> Figure:
    mult = unit_text[0] if unit_text[0] in "万亿" and len(unit_text) > 1 else ""
    unit_class, canonical, factor = UNITS[unit_text[len(mult):]]
    return Figure(start, end, unit_text, None, unit_class, canonical, digits_missing=True,
                  number="", factor=factor, evaluated=True)


def find_lost_figures(text: str, taken: list[Figure] = ()) -> list[Figure]:
    """Measure words standing where a number must be, the digits lost in the source
    ("全区户名建档立卡贫困人口全部脱贫", "向全区户建档立卡贫困户发放贷款"): figures with
    ``digits_missing`` and no value. Cues in ``data/patterns.yaml`` (``lost_digits``).

    A count word (户, 人, 个 ...) must be followed by what it counts ("贫困户", "建档立卡")
    or by another lost count word; ``taken`` are ordinary figures, never overlapped.
    """
    c = _lost_cues()
    candidates = [(m.start("fig"), m.end("fig")) for m in c.lost.finditer(text)]
    candidates += [(m.start("fig"), m.end("fig")) for m in c.adjacent.finditer(text)]
    if not candidates:
        return []
    starts = [f.start for f in taken]

    def overlaps(s: int, e: int) -> bool:
        i = bisect.bisect_left(starts, e) - 1  # the last figure starting before e
        return i >= 0 and taken[i].end > s

    found: dict[int, Figure] = {}

    def chain(start: int, end: int) -> list[tuple[int, int]]:
        spans = [(start, end)]
        while (m := c.unit.match(text, spans[-1][1])) and text[m.start():m.end()] != text[spans[-1][0]:spans[-1][1]]:
            spans.append((m.start(), m.end()))
        return spans

    for start, end in candidates:
        if start in found or overlaps(start, end):
            continue
        spans = chain(start, end)
        last_unit = text[spans[-1][0]:spans[-1][1]].lstrip("万亿")
        if len(spans) == 1 and last_unit in c.count_units and not c.noun.match(text, spans[-1][1]):
            continue  # "帮扶户满意度": a noun, not a count
        if len(spans) > 1 and not c.noun.match(text, spans[-1][1]):
            continue
        for s, e in spans:
            if s not in found and not overlaps(s, e):
                found[s] = _lost_figure(s, e, text[s:e])
    return [found[k] for k in sorted(found)]


def find_figures(text: str) -> list[Figure]:
    """Every figure in ``text``, in order: figures with digits (or a decimal remnant of
    them, ".39元") and measure words whose digits were lost (``find_lost_figures``)."""
    out = []
    for m in FIGURE_RE.finditer(text):
        fig = parse_figure(m)
        if fig is not None:
            out.append(fig)
    lost = find_lost_figures(text, out) + find_zero_rates(text)
    if lost:
        out = sorted(out + lost, key=lambda f: f.start)
    return out
