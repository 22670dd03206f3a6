"""Which regions a document names, which one it is about, and which one each figure is about."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass

from ..errors import InputError
from ..model import RegionRef
from .gazetteer import Gazetteer, Mention
from .indicators import CLAUSE_BREAKS


class UnknownRegionError(InputError, ValueError):
    """A region named by the user (``region_override``) is not in the gazetteer."""


@dataclass
class RegionIndex:
    """Resolved county/prefecture mentions of one document, in text order."""

    primary: RegionRef | None
    starts: list[int]
    refs: list[RegionRef]
    named: list[RegionRef]  # every region named, primary first

    def nearest_before(self, lo: int, hi: int, suffix: str | None = None) -> RegionRef | None:
        """The region mentioned last in ``[lo, hi)`` (by mention start), if any; with
        ``suffix``, the last one whose name ends with it."""
        i = bisect.bisect_left(self.starts, hi) - 1
        while i >= 0 and self.starts[i] >= lo:
            if suffix is None or self.refs[i].name.endswith(suffix):
                return self.refs[i]
            i -= 1
        return None


def resolve_override(gaz: Gazetteer, name: str, path: str) -> RegionRef:
    """The region a user named (adcode, full or short name); county level preferred."""
    found = [r for r in gaz.lookup(name) if r.level != "province"] or gaz.lookup(name)
    if not found:
        raise UnknownRegionError(path, f"unknown region {name!r}",
                                 "give a county/city name as in the national gazetteer, or its 6-digit adcode")
    found.sort(key=lambda r: (r.level != "county", r.adcode))
    return found[0]


def resolve_regions(mentions: list[Mention], title_end: int, override: RegionRef | None = None) -> RegionIndex:
    """Resolve mentions with the document's own context and pick its primary region.

    Full names are trusted (ambiguous ones resolved by the provinces/cities named around
    them); short names count only for a region the document also names in full, or one
    in the same prefecture as such a region.
    """
    provinces: set[str] = set()
    for m in mentions:
        for c in m.candidates:
            if c.level == "province":
                provinces.add(c.province)
    strong: list[tuple[Mention, RegionRef]] = []
    for m in mentions:
        if not m.full:
            continue
        cands = [c for c in m.candidates if c.level != "province"]
        if len(cands) == 1:
            strong.append((m, cands[0]))
    strong_provinces = provinces | {r.province for _, r in strong}
    for m in mentions:
        if not m.full:
            continue
        cands = [c for c in m.candidates if c.level != "province"]
        if len(cands) > 1:
            local = [c for c in cands if c.province in strong_provinces]
            if override is not None and override in cands:
                strong.append((m, override))
            elif len(local) == 1:
                strong.append((m, local[0]))
    codes = {r.adcode for _, r in strong}
    cities = {r.city for _, r in strong if r.city} | ({override.city} if override and override.city else set())
    if override is not None:
        codes.add(override.adcode)

    resolved: list[tuple[Mention, RegionRef]] = list(strong)
    for m in mentions:
        if m.full:
            continue
        cands = [c for c in m.candidates if c.level != "province"]
        if m.surface in {c.name for c in m.candidates if c.level == "province"} or not cands:
            continue
        if codes:
            ok = [c for c in cands if c.adcode in codes or c.city in cities]
        else:  # the document never names a region in full: accept unambiguous short names
            ok = cands if len(cands) == 1 and (cands[0].province in provinces or m.start < title_end) else []
        if override is not None and override in ok:
            ok = [override]
        if len(ok) > 1:
            ok = [c for c in ok if c.adcode in codes] or ok
        if len(ok) == 1:
            resolved.append((m, ok[0]))
    resolved.sort(key=lambda mr: mr[0].start)

    scores: dict[RegionRef, float] = defaultdict(float)
    first: dict[RegionRef, int] = {}
    for m, r in resolved:
        weight = 1.0 if m.full else 0.5
        if m.start < title_end:
            weight += 3.0
        scores[r] += weight
        first.setdefault(r, m.start)
    if override is not None:
        primary: RegionRef | None = override
    elif scores:
        primary = max(scores, key=lambda r: (scores[r], r.level == "county", -first[r]))
    else:
        primary = None
    named = sorted(scores, key=lambda r: first[r])
    if primary is not None:
        named = [primary] + [r for r in named if r != primary]
    return RegionIndex(primary, [m.start for m, _ in resolved], [r for _, r in resolved], named)


_SCOPE_WORD = re.compile(r"[全该本我]([市县区旗州])")


def region_for_figure(index: RegionIndex, text: str, sent_start: int, region_start: int, fig_start: int) -> RegionRef | None:
    """The region a figure at ``fig_start`` is about: the one named in its clause, else
    earlier in its sentence, else the document's; "全市/全县/该区..." points to the last region of that kind (or the document's)."""
    clause_start = sent_start
    for m in CLAUSE_BREAKS.finditer(text, sent_start, fig_start):
        clause_start = m.end()
    named = index.nearest_before(clause_start, fig_start)
    if named is not None:
        return named
    scope = None
    for m in _SCOPE_WORD.finditer(text, clause_start, fig_start):
        scope = m.group(1)
    if scope is not None:
        same_kind = index.nearest_before(region_start, fig_start, suffix=scope)
        if same_kind is not None:
            return same_kind
        if index.primary is None or index.primary.name.endswith(scope):
            return index.primary
    return index.nearest_before(region_start, fig_start) or index.primary
