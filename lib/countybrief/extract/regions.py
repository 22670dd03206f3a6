"""Which regions a document names, which one it is about, and which one each figure is about."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

from ..errors import InputError
from ..model import RegionRef
from .gazetteer import Gazetteer, Mention, get_gazetteer
from .indicators import CLAUSE_BREAKS


class UnknownRegionError(InputError, ValueError):
    """A region named by the user (``region_override``) is not in the gazetteer."""


#: Scope words: "全市/全县/我区/该旗/本州..." (not 全市场, 全区域, 全州县).
_SCOPE_WORD = re.compile(r"[全该本我]([市县区旗州盟])(?![场域县])")
_CITY_SCOPE = frozenset("市州盟")
#: A short line naming the page's owner: byline, outlet, breadcrumb navigation.
_BYLINE = re.compile(r"来源|主办|人民政府|政府网|融媒体|新闻网|新闻中心|门户|首页|[>›»]")
_LINE_MAX = 60
#: After a place name in a byline: the outlet is a newspaper or broadcaster named after it.
_NEWSPAPER = re.compile(r"(?:日报|晚报|早报|报社|电视台|广播电视台)")
_SENTENCE_END = re.compile(r"[。！？]")
#: A list of regions read in order by "分别" ("甲县、乙县分别降至2.1%和3.4%").
_LIST_GAP = re.compile(r"[、和及与,，\s]*|以及")
_FENBIE = re.compile(r"分别")
_LIST_MAX = 40
#: A number and the first character of its unit (after 万/亿), to pair figures with "分别" lists.
_NUMBER = re.compile(r"\d+(?:\.\d+)?\s*[万亿]?\s*(\S)")

# weights of a mention for the primary region
_W_FULL, _W_SHORT = 1.0, 0.5
_W_TITLE, _W_BYLINE, _W_OPENING = 4.0, 3.0, 1.0


@dataclass
class _TextIndex:
    """Positions in one text that figures look back to: clause breaks, scope words, 分别."""

    text: str
    breaks: list[int]
    scopes: list[int]
    scope_kinds: list[str]
    fenbie: list[int]
    numbers: dict[str, list[int]]
    number_starts: list[int]
    number_units: list[str]

    @classmethod
    def build(cls, text: str) -> "_TextIndex":
        scopes = [(m.start(), m.group(1)) for m in _SCOPE_WORD.finditer(text)]
        numbers: dict[str, list[int]] = defaultdict(list)
        starts, units = [], []
        for m in _NUMBER.finditer(text):
            numbers[m.group(1)].append(m.start())
            starts.append(m.start())
            units.append(m.group(1))
        return cls(text, [m.start() for m in CLAUSE_BREAKS.finditer(text)],
                   [p for p, _ in scopes], [k for _, k in scopes],
                   [m.end() for m in _FENBIE.finditer(text)], dict(numbers), starts, units)

    def clause_start(self, lo: int, hi: int) -> int:
        i = bisect.bisect_left(self.breaks, hi) - 1
        return self.breaks[i] + 1 if i >= 0 and self.breaks[i] >= lo else lo

    def scope(self, lo: int, hi: int) -> tuple[int, str] | None:
        i = bisect.bisect_left(self.scopes, hi) - 1
        return (self.scopes[i], self.scope_kinds[i]) if i >= 0 and self.scopes[i] >= lo else None

    def last_fenbie(self, lo: int, hi: int) -> int | None:
        i = bisect.bisect_right(self.fenbie, hi) - 1
        return self.fenbie[i] if i >= 0 and self.fenbie[i] - 2 >= lo else None

    def same_unit_before(self, lo: int, fig_start: int) -> int | None:
        """How many numbers with the unit of the figure at ``fig_start`` lie in ``[lo, fig_start)``."""
        i = bisect.bisect_left(self.number_starts, fig_start)
        if i >= len(self.number_starts):
            return None
        positions = self.numbers[self.number_units[i]]
        return bisect.bisect_left(positions, fig_start) - bisect.bisect_left(positions, lo)


@dataclass
class RegionIndex:
    """Resolved county/prefecture mentions of one document, in text order."""

    primary: RegionRef | None
    starts: list[int]
    refs: list[RegionRef]
    named: list[RegionRef]  # every region named, primary first
    ends: list[int] = field(default_factory=list)
    _kinds: dict[str, tuple[list[int], list[RegionRef]]] = field(default_factory=dict, repr=False)
    _text: _TextIndex | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if len(self.ends) != len(self.starts):
            self.ends = list(self.starts)
        for s, r in zip(self.starts, self.refs):
            for kind in {_kind(r), r.name[-1]}:
                starts, refs = self._kinds.setdefault(kind, ([], []))
                starts.append(s)
                refs.append(r)

    def nearest_before(self, lo: int, hi: int, suffix: str | None = None) -> RegionRef | None:
        """The region mentioned last in ``[lo, hi)`` (by mention start), if any; with
        ``suffix`` (a last character, or "prefecture"), the last one of that kind."""
        starts, refs = (self.starts, self.refs) if suffix is None else self._kinds.get(suffix, ([], []))
        i = bisect.bisect_left(starts, hi) - 1
        return refs[i] if i >= 0 and starts[i] >= lo else None

    def text_index(self, text: str) -> _TextIndex:
        """Break, scope-word and number positions of ``text``, computed once per text."""
        if self._text is None or self._text.text is not text:
            self._text = _TextIndex.build(text)
        return self._text


def _kind(r: RegionRef) -> str:
    return "prefecture" if r.level == "prefecture" else "county"


def resolve_override(gaz: Gazetteer, name: str, path: str) -> RegionRef:
    """The region a user named (adcode, full or short name); county level preferred."""
    found = [r for r in gaz.lookup(name) if r.level != "province"] or gaz.lookup(name)
    if not found:
        raise UnknownRegionError(path, f"unknown region {name!r}",
                                 "give a county/city name as in the national gazetteer, or its 6-digit adcode")
    found.sort(key=lambda r: (r.level != "county", r.adcode))
    return found[0]


def _header_spans(text: str, title_end: int) -> tuple[list[tuple[int, int]], int]:
    """Byline/navigation lines (short lines naming the page's owner) and the end of the
    opening: the first two sentences after the title."""
    spans = []
    pos = 0
    for line in text.splitlines(keepends=True):
        s = line.strip()
        if s and len(s) <= _LINE_MAX and "。" not in s and _BYLINE.search(s):
            spans.append((pos, pos + len(line)))
        pos += len(line)
    opening = title_end
    for _ in range(2):
        m = _SENTENCE_END.search(text, opening)
        if m is None:
            opening = min(len(text), opening + 200)
            break
        opening = m.end()
    return spans, opening


def _in_spans(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def _pick(cands: Sequence[RegionRef], provinces: set[str], cities: set[str],
          codes: set[str], override: RegionRef | None) -> RegionRef | None:
    """One of ``cands`` by context: the override, the one named already, the one in a
    named prefecture, the one in a named province; None while still ambiguous."""
    if override is not None and override in cands:
        return override
    if len(cands) == 1:
        return cands[0]
    for keep in (lambda c: c.adcode in codes, lambda c: c.city in cities and c.province in provinces,
                 lambda c: c.city in cities, lambda c: c.province in provinces):
        ok = [c for c in cands if keep(c)]
        if len(ok) == 1:
            return ok[0]
        if ok:
            cands = ok
    return None


def resolve_regions(mentions: list[Mention], title_end: int, override: RegionRef | None = None, *,
                    text: str | None = None, bylines: Iterable[str] = ()) -> RegionIndex:
    """Resolve mentions with the document's own context and pick its primary region.

    Full names are trusted, a name found in several provinces resolved by the provinces,
    prefectures and regions the text names; short names count only for a region the text
    names in full or one in the same prefecture as such a region (any unambiguous one when
    the text names none in full). The primary region weighs mentions in the title, in
    byline/navigation lines ("来源：XX县人民政府", "首页 > XX县") and in the opening, then
    how often each is named; "全市" against "全县" words settle prefecture against county.
    ``text`` is the text scanned (``Mentions.text`` by default); ``bylines`` are lines
    dropped from it (byline, outlet, breadcrumbs) that still name the page's region.
    """
    if text is None:
        text = getattr(mentions, "text", "") or ""
    mentions = list(mentions)
    extra: list[Mention] = []
    lines = [b for b in dict.fromkeys(bylines) if b]
    lines = [b for b in lines if not any(b != o and b in o for o in lines)]  # the outlet inside its byline
    lines_text, shift = "\n".join(lines), 0
    if lines:
        shift = -1 - len(lines_text)  # before the text: never a figure's region
        extra = [replace(m, start=m.start + shift, end=m.end + shift)
                 for m in get_gazetteer().scan(lines_text)]
    all_mentions = extra + mentions

    provinces: set[str] = set()
    for m in all_mentions:
        for c in m.candidates:
            if c.level == "province":
                provinces.add(c.province)
    if override is not None:
        provinces.add(override.province)
    resolved: dict[int, RegionRef] = {}  # by index into all_mentions

    def context() -> tuple[set[str], set[str], set[str]]:
        refs = list(resolved.values()) + ([override] if override is not None else [])
        return (provinces | {r.province for r in refs}, {r.city for r in refs if r.city},
                {r.adcode for r in refs})

    def cands_of(m: Mention) -> list[RegionRef]:
        return [c for c in m.candidates if c.level != "province"]

    for i, m in enumerate(all_mentions):
        cands = cands_of(m)
        if m.full and len(cands) == 1:
            resolved[i] = cands[0]
    for _ in range(2):  # ambiguous full names, then those a first pass made unambiguous
        ctx_prov, ctx_cities, codes = context()
        for i, m in enumerate(all_mentions):
            if m.full and i not in resolved and cands_of(m):
                r = _pick(cands_of(m), ctx_prov, ctx_cities, codes, override)
                if r is not None:
                    resolved[i] = r

    header, opening = _header_spans(text, title_end)
    header_starts = [s for s, _ in header]

    def prominent(m: Mention) -> bool:
        return m.start < 0 or m.start < title_end or _in_spans(header, header_starts, m.start)

    for _ in range(2):  # a second pass: short names in the prefecture of one the first found
        ctx_prov, ctx_cities, codes = context()
        for i, m in enumerate(all_mentions):
            if m.full or i in resolved:
                continue
            cands = cands_of(m)
            if any(c.level == "province" for c in m.candidates):  # "吉林", "海南": the province
                cands = [c for c in cands if c.city in ctx_cities]  # unless its prefecture is named
            if not cands:
                continue
            if codes:
                ok = [c for c in cands if c.adcode in codes or c.city in ctx_cities]
            elif provinces:  # no region named in full: short names in the provinces named
                ok = [c for c in cands if c.province in provinces]
            else:  # nor a province: short names in the title or byline
                ok = cands if prominent(m) else []
            r = _pick(ok, ctx_prov, ctx_cities, codes, override) if ok else None
            if r is not None:
                resolved[i] = r

    order = sorted(resolved, key=lambda i: all_mentions[i].start)
    scores: dict[RegionRef, float] = defaultdict(float)
    first: dict[RegionRef, int] = {}
    for i in order:
        m, r = all_mentions[i], resolved[i]
        weight = _W_FULL if m.full or m.surface == r.name else _W_SHORT  # 长安区 in context: full
        if m.start < 0 and _NEWSPAPER.match(lines_text, m.end - shift):
            pass  # "来源：庆阳日报": a newspaper of the city, not the article's region
        elif m.start < 0 or (m.start >= title_end and _in_spans(header, header_starts, m.start)):
            weight += _W_BYLINE
        elif m.start < title_end:
            weight += _W_TITLE
        elif m.start < opening:
            weight += _W_OPENING
        scores[r] += weight
        first.setdefault(r, m.start)
    if override is not None:
        primary: RegionRef | None = override
    elif scores:
        primary = _primary(scores, first, [all_mentions[i] for i in order], [resolved[i] for i in order],
                           title_end, text)
    else:
        primary = None
    named = sorted(scores, key=lambda r: first[r])
    if primary is not None:
        named = [primary] + [r for r in named if r != primary]
    kept = [i for i in order if all_mentions[i].start >= 0]
    return RegionIndex(primary, [all_mentions[i].start for i in kept], [resolved[i] for i in kept], named,
                       [all_mentions[i].end for i in kept])


def _primary(scores: dict[RegionRef, float], first: dict[RegionRef, int], mentions: list[Mention],
             refs: list[RegionRef], title_end: int, text: str) -> RegionRef:
    """The best-scored region; a prefecture and a county of it named in the title (or
    both well named) are settled by the specific one unless the text speaks of 全市/全州."""
    best = max(scores, key=lambda r: (scores[r], r.level == "county", -first[r]))
    city_words = county_words = 0
    for m in _SCOPE_WORD.finditer(text):
        if m.group(1) in _CITY_SCOPE:
            city_words += 1
        else:
            county_words += 1
    in_title = {r for m, r in zip(mentions, refs) if m.start < title_end}
    if best.level == "prefecture":
        counties = [r for r in scores if r.level == "county" and r.city == best.name and not r.name.endswith("市")]
        if best in in_title:
            counties = [r for r in counties if r in in_title]
        else:
            counties = [r for r in counties if scores[r] >= scores[best] / 2]
        if counties and county_words > city_words:
            return max(counties, key=lambda r: (scores[r], -first[r]))
    elif best.name[-1] != "市":
        cities = [r for r in scores if r.level == "prefecture" and r.name == best.city]
        if cities and city_words > county_words and (cities[0] in in_title or best not in in_title):
            return cities[0]
    return best


def region_for_figure(index: RegionIndex, text: str, sent_start: int, region_start: int, fig_start: int) -> RegionRef | None:
    """The region a figure at ``fig_start`` is about.

    The one named in its clause, else a list read by "分别" ("甲县、乙县分别...": the k-th
    figure of a unit goes to the k-th region), else a scope word's ("全市/全州/全盟": the
    prefecture, never a county of it; "全县/全区/该县": the county named last), else the
    one named earlier in its sentence, else the document's.
    """
    ti = index.text_index(text)
    clause_start = ti.clause_start(sent_start, fig_start)
    listed = _listed(index, ti, sent_start, fig_start)
    if listed is not None:
        return listed
    named = index.nearest_before(clause_start, fig_start)
    scope = ti.scope(clause_start, fig_start)
    if named is not None:
        at = index.starts[bisect.bisect_left(index.starts, fig_start) - 1]
        if scope is None or scope[0] < at:
            return named
    if scope is not None:
        return _scoped(index, scope[1], region_start, fig_start)
    return index.nearest_before(region_start, fig_start) or index.primary


def _listed(index: RegionIndex, ti: _TextIndex, sent_start: int, fig_start: int) -> RegionRef | None:
    """The k-th region of a "甲县、乙县分别..." list for the k-th figure of its unit."""
    p = ti.last_fenbie(sent_start, fig_start)
    if p is None or index.nearest_before(p, fig_start) is not None:
        return None
    j = bisect.bisect_left(index.starts, p) - 1
    if j < 0 or index.starts[j] < sent_start or p - 2 - index.ends[j] > 12 \
            or ti.clause_start(index.ends[j], p) != index.ends[j]:
        return None
    items = [index.refs[j]]
    while j > 0 and len(items) < _LIST_MAX and index.starts[j - 1] >= sent_start \
            and _LIST_GAP.fullmatch(ti.text, index.ends[j - 1], index.starts[j]):
        j -= 1
        items.insert(0, index.refs[j])
    if len(items) < 2:
        return None
    k = ti.same_unit_before(p, fig_start)
    return items[k] if k is not None and k < len(items) else None


def _scoped(index: RegionIndex, scope: str, region_start: int, fig_start: int) -> RegionRef | None:
    primary = index.primary
    if scope in _CITY_SCOPE:
        same = index.nearest_before(region_start, fig_start, "prefecture")
        if same is not None and (scope == "市" or same.name[-1] == scope):
            return same
        if primary is not None and primary.level == "prefecture":
            return primary
        if scope == "市":
            city = index.nearest_before(region_start, fig_start, "市")
            if city is not None:
                return city
        if primary is not None and primary.name[-1] != scope and primary.level == "county":
            for r in index.named:
                if r.level == "prefecture" and r.name == primary.city:
                    return r
        return primary
    same = index.nearest_before(region_start, fig_start, scope)
    if same is not None and same.level == "county":
        return same
    if primary is None or (primary.level == "county" and primary.name[-1] == scope):
        return primary
    return index.nearest_before(0, fig_start, scope) or primary
