"""Whose figure it is: the region's own total (``whole``) or a named part of it (``part``).

Cues are data (``data/scope.yaml``). A part is a township, village, company, cooperative,
project, programme, batch or channel inside the region, or a 其中 subset of an earlier figure
of the same indicator; the region's own total is whole. Which region is decided elsewhere
(``regions.region_for_figure``): a county named inside a prefecture's article is whole for
that county.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

import yaml

from ..catalogue import _data_text


#: How far before a figure the words that name its part are looked for (characters).
MAX_LOOKBACK = 300
#: How far back the town or village that "全镇/该村" refers to is looked for.
_SUB_UNIT_REACH = 3000


@dataclass(frozen=True)
class ScopeCues:
    """Compiled ``data/scope.yaml``."""

    suffix: re.Pattern[str]
    name_char: re.Pattern[str]
    boundary: re.Pattern[str]
    name_min: int
    name_max: int
    short_units: re.Pattern[str]
    short_max: int
    generic: re.Pattern[str]
    whole_reset: re.Pattern[str]
    sub_unit_scope: re.Pattern[str]
    batch: re.Pattern[str]
    subset: re.Pattern[str]
    subset_end: re.Pattern[str]
    programme: re.Pattern[str]
    project_after: re.Pattern[str]
    own: dict[str, re.Pattern[str]]
    default_part: dict[str, tuple[re.Pattern[str], re.Pattern[str] | None, str | None]]


@lru_cache(maxsize=1)
def load_scope_cues() -> ScopeCues:
    raw = yaml.safe_load(_data_text("scope.yaml"))
    n_max = int(raw["unit_name_max"])
    default = {k: (re.compile(v["whole"]), re.compile(v["name_from"]) if v.get("name_from") else None, v.get("name"))
               for k, v in raw["default_part"].items()}
    return ScopeCues(
        suffix=re.compile(raw["unit_suffix"]), name_char=re.compile(raw["unit_name_chars"]),
        boundary=re.compile(raw["unit_name_boundary"]), name_min=int(raw["unit_name_min"]),
        name_max=n_max, short_units=re.compile(raw["short_units"]), short_max=int(raw["short_name_max"]),
        generic=re.compile(raw["generic_name"]), whole_reset=re.compile(raw["whole_reset"]),
        sub_unit_scope=re.compile(raw["sub_unit_scope"]),
        batch=re.compile(raw["batch"]), subset=re.compile(raw["subset"]), subset_end=re.compile(raw["subset_end"]),
        programme=re.compile(raw["programme"]), project_after=re.compile(raw["project_after"]),
        own={k: re.compile(v) for k, v in raw["own_programmes"].items()},
        default_part=default,
    )


@dataclass(frozen=True)
class Scope:
    scope: str = "whole"
    part: str | None = None


WHOLE = Scope()


_FIGURE_START = re.compile(r"(?<!年)(?<!\d)[\d.](?!\d{3}年)")
_TIME_SUBSET = re.compile(r"(?:(?:19|20)\d{2}年|今年|去年|当年|全年|上半年|下半年)")
_COUNTED = re.compile(r"[\d一二三四五六七八九十两百千]+[个家座所]$")


def _proper_name(c: ScopeCues, name: str, suffix: str, before: str = "") -> str | None:
    """The proper-name part of a unit mention ("大通区孔店" + "乡" -> "孔店乡"), or None when
    it is a generic word ("贫困" + "村") or a counted kind ("2个藏族乡", "8个乡镇")."""
    cut = 0
    for m in c.boundary.finditer(name):
        cut = m.end()
    if _COUNTED.search(before + name[:cut]):
        return None
    name = name[cut:]
    if c.short_units.match(suffix):
        name = name[-c.short_max + len(suffix):] if len(name) + len(suffix) > c.short_max else name
    if len(c.generic.sub("", name)) < c.name_min:
        return None
    return name + suffix


class _Suffixes:
    """Where unit suffixes (村, 乡, 公司, 合作社 …) stand in one text: found once, so that
    looking for the last named unit before each figure does not rescan its sentence."""

    def __init__(self, c: ScopeCues, text: str) -> None:
        self.text = text
        self.spans = [m.span() for m in c.suffix.finditer(text)]
        self.starts = [a for a, _ in self.spans]


_last: list[_Suffixes] = []  # the suffixes of the text looked at last (one article at a time)


def _suffixes(c: ScopeCues, text: str) -> _Suffixes:
    if not _last or _last[0].text is not text:
        _last[:] = [_Suffixes(c, text)]
    return _last[0]


def named_unit(text: str, lo: int, hi: int, suffix: str | None = None) -> tuple[int, str] | None:
    """The last named unit (village, town, company, project…) in ``text[lo:hi]``: its
    end offset and name. A unit's name is the run of name characters before its suffix
    (at most ``unit_name_max``, not reaching back over ``lo`` or the unit before it)."""
    c = load_scope_cues()
    index = _suffixes(c, text)
    found = None
    i = bisect.bisect_left(index.starts, lo)
    prev_end = lo
    while i < len(index.spans) and index.spans[i][1] <= hi:
        a, b = index.spans[i]
        i += 1
        start = a
        while start > max(prev_end, a - c.name_max) and c.name_char.match(text, start - 1):
            start -= 1
        if start == a or (suffix is not None and text[a:b] != suffix):
            continue  # no name before the suffix, or a unit of another kind
        name = _proper_name(c, text[start:a], text[a:b], text[max(0, start - 4):start])
        if name is not None:
            found = (b, name)
        prev_end = b
    return found


def whose(text: str, sent_lo: int, clause_lo: int, fig_start: int, clause_end: int, indicator: str, *,
          earlier: list[tuple[int, str, Scope]] = (), paren_lo: int | None = None) -> Scope:
    """The scope of the figure at ``fig_start``: ``sent_lo``/``clause_lo`` start its sentence
    and clause; ``earlier`` are the (position, indicator, scope) of the figures before it in
    the sentence with the same region; ``paren_lo`` the opening bracket when the figure
    stands in a bracketed breakdown ("共培训12380人(建档立卡贫困户10800人)")."""
    c = load_scope_cues()
    sent_lo = max(sent_lo, fig_start - MAX_LOOKBACK)
    clause_lo = max(clause_lo, sent_lo)
    before_clause = text[clause_lo:fig_start]
    if paren_lo is not None:
        label = text[paren_lo + 1:fig_start].strip("：:，, ")
        return Scope("part", label or "其中")
    m = None  # a batch or channel: "第二批5071.24万元"
    for m in c.batch.finditer(text, clause_lo, fig_start):
        pass
    if m is not None:
        return Scope("part", m.group(0))
    # 其中: a subset of an earlier figure of the same indicator, up to a comparison or new total
    same = [(p, s) for p, ind, s in earlier if ind == indicator]
    if same:
        for m in c.subset.finditer(text, same[0][0], fig_start):
            between = text[m.end():fig_start]
            clauses = re.split(r"[，；,;]", between)
            if any(c.subset_end.match(cl) for cl in clauses[1:]):
                break
            label = re.split(r"[，；、,;]", between)[-1] if between else ""
            label = _FIGURE_START.split((label or between).strip("：:，, "))[0]
            if _TIME_SUBSET.match(label):
                break  # "累计脱贫…，其中2019年脱贫…": one year of a running total, the region's whole
            return Scope("part", "其中" + label[:12])
        if c.subset_end.match(before_clause.strip()):
            return same[0][1]  # "与去年…相比": the same kind of figure as the sentence's first
    reset = None
    for reset in c.whole_reset.finditer(text, sent_lo, fig_start):
        pass
    unit_lo = reset.end() if reset is not None else sent_lo
    sub = None
    for sub in c.sub_unit_scope.finditer(text, unit_lo, fig_start):
        pass
    if sub is not None:  # "全镇脱贫386户": the town's total, a part of the county
        kind = sub.group("kind")
        named = named_unit(text, max(0, fig_start - _SUB_UNIT_REACH), sub.start(), suffix=kind)
        return Scope("part", named[1] if named is not None else sub.group(0))
    own = c.own.get(indicator)
    unit = named_unit(text, unit_lo, fig_start)
    if unit is not None and not (own is not None and own.search(unit[1])):
        return Scope("part", unit[1])
    prog = None
    for prog in c.programme.finditer(text, max(unit_lo, clause_lo), fig_start):
        pass
    if prog is not None and not (own is not None and own.search(prog.group("name"))):
        return Scope("part", prog.group("name"))
    default = c.default_part.get(indicator)
    if default is not None:
        whole_rx, name_rx, fixed = default
        if whole_rx.search(before_clause) or (reset is not None and reset.start() >= clause_lo
                                              and whole_rx.search(text, reset.end(), fig_start)):
            return WHOLE
        return Scope("part", fixed or _part_name(text, clause_lo, fig_start, clause_end, name_rx))
    return WHOLE


def _part_name(text: str, lo: int, fig_start: int, hi: int, name_rx: re.Pattern[str] | None) -> str:
    """A name for a part the text does not name as a unit: a unit after the figure in its
    clause ("投入资金1700万元实施红星村水利工程"), else the kind of money ("资助资金" -> 资助)."""
    unit = named_unit(text, fig_start, hi)
    if unit is not None:
        return unit[1]
    c = load_scope_cues()
    if name_rx is not None:
        m = None
        for m in name_rx.finditer(text, lo, fig_start):
            pass
        if m is not None and len(c.generic.sub("", m.group("name"))) >= c.name_min:
            return m.group("name")
    prog = None
    for prog in c.programme.finditer(text, max(0, fig_start - MAX_LOOKBACK), fig_start):
        pass
    if prog is not None:
        return prog.group("name")
    end = text.find("。", fig_start, fig_start + MAX_LOOKBACK)
    project = c.project_after.search(text, fig_start, end if end >= 0 else fig_start + MAX_LOOKBACK)
    if project is not None and len(c.generic.sub("", project.group("name"))) >= c.name_min:
        return project.group("name")
    heading = _section_heading(text, fig_start)
    return heading or "项目"


_HEADING = re.compile(r"\n(?P<h>[^\n。，；！？,;]{2,24})\n")
_HEADING_PART = re.compile(r"[—\-－:：|｜ ]+")


def _section_heading(text: str, pos: int) -> str | None:
    """The first phrase of the heading of the section ``pos`` lies in ("易地搬迁——落实精准" ->
    易地搬迁), looked for in the 2000 characters before it."""
    lo = max(0, pos - 2000)
    m = None
    for m in _HEADING.finditer(text, lo, pos):
        pass
    if m is None or re.search(r"\d", m.group("h")):
        return None
    return _HEADING_PART.split(m.group("h").strip("# "))[0] or None
