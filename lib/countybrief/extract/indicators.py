"""Assigning figures to catalogue indicators with the cues of ``data/patterns.yaml``."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

import yaml

from ..catalogue import _data_text, load_catalogue
from .numbers import UNITS, Figure
from .status import planned_by_cue, planned_in_sentence

#: Characters that end a clause for cue matching (、 does not: "出列313户、445人").
CLAUSE_BREAKS = re.compile(r"[，；：,;:()（）【】\[\]]")
_IGNORED_IN_GAP = re.compile(r"[、\s]")
_OPEN, _CLOSE = "(（", ")）"
#: How far before a figure a sentence-wide cue is looked for (characters of the sentence
#: with its figures taken out): beyond any cue's own length plus its gap.
_CUE_REACH = 200
_ANCHOR = re.compile(r"(?<![\[\\])\^")


@dataclass(frozen=True)
class Cue:
    rx: re.Pattern[str]
    gap: int
    scope: str = "clause"


@dataclass(frozen=True)
class Rule:
    id: str
    unit_class: str
    tier: int
    order: int
    before: tuple[Cue, ...] = ()
    after: tuple[Cue, ...] = ()
    veto: re.Pattern[str] | None = None
    per_unit: bool = False
    kind: str = "flow"  # flow | stock | rate | level (see countybrief.extract.when)
    subset_noun: bool = False
    pair: dict[str, str] = field(default_factory=dict)
    probe: re.Pattern[str] | None = None  # any cue anywhere (anchors dropped): a cheap pre-test


@dataclass(frozen=True)
class Patterns:
    rules: dict[str, Rule]
    by_class: dict[str, tuple[Rule, ...]]
    planned: re.Pattern[str]
    planned_after: re.Pattern[str]
    plan_opening: re.Pattern[str]
    result_after_plan: re.Pattern[str]
    per_unit: re.Pattern[str]
    standard: re.Pattern[str]
    continuation: re.Pattern[str]
    series: re.Pattern[str]
    gap_filler: re.Pattern[str]
    years: dict[str, int]
    year_since: re.Pattern[str]
    lost_year: re.Pattern[str]
    year_in_review: re.Pattern[str]
    year_in_review_lines: int
    year_in_review_months: int


@dataclass
class Assignment:
    indicator: str
    planned: bool
    paren_lo: int | None = None  # the opening bracket of a bracketed breakdown the figure is in
    via: str = "cue"  # cue | pair | continuation | series | breakdown


def _cues(entries: list[dict] | None) -> tuple[Cue, ...]:
    return tuple(Cue(re.compile(e["cue"]), int(e.get("gap", 0)), e.get("scope", "clause")) for e in entries or ())


@lru_cache(maxsize=1)
def load_patterns() -> Patterns:
    """Compiled ``data/patterns.yaml``, checked against the catalogue's ids and units."""
    raw = yaml.safe_load(_data_text("patterns.yaml"))
    catalogue = load_catalogue()
    canonical = {cls: unit for cls, unit, _ in UNITS.values()}
    rules: dict[str, Rule] = {}
    for order, e in enumerate(raw["indicators"]):
        ind = catalogue.get(e["id"])
        if ind is None:
            raise ValueError(f"patterns.yaml: unknown indicator id {e['id']!r}")
        if canonical.get(e["class"]) != ind.unit:
            raise ValueError(f"patterns.yaml: {e['id']} has class {e['class']} but unit {ind.unit}")
        rules[e["id"]] = Rule(
            id=e["id"], unit_class=e["class"], tier=int(e.get("tier", 0)), order=order,
            before=_cues(e.get("before")), after=_cues(e.get("after")),
            veto=re.compile(e["veto"]) if e.get("veto") else None,
            per_unit=bool(e.get("per_unit", False)), kind=e.get("kind", "flow"),
            subset_noun=bool(e.get("subset_noun", False)), pair=dict(e.get("pair") or {}),
            probe=re.compile(e.get("probe") or "|".join(f"(?:{_ANCHOR.sub('', c['cue'])})"
                                                        for c in (e.get("before") or []) + (e.get("after") or []))),
        )
    by_class: dict[str, list[Rule]] = {}
    for r in rules.values():
        by_class.setdefault(r.unit_class, []).append(r)
    s = raw["settings"]
    return Patterns(
        rules=rules, by_class={k: tuple(v) for k, v in by_class.items()},
        planned=re.compile(s["planned"]), planned_after=re.compile(s["planned_after"]),
        plan_opening=re.compile(s["plan_opening"]),
        result_after_plan=re.compile(s["result_after_plan"]), per_unit=re.compile(s["per_unit"]),
        standard=re.compile(s["standard"]),
        continuation=re.compile(s["continuation"]), series=re.compile(s["series"]),
        gap_filler=re.compile(s["gap_filler"]), years=dict(s["years"]),
        year_since=re.compile(s["year_since"]), lost_year=re.compile(s["lost_year"]),
        year_in_review=re.compile(s["year_in_review"]), year_in_review_lines=int(s["year_in_review_lines"]),
        year_in_review_months=int(s["year_in_review_months"]),
    )


def _gap(text: str, filler: re.Pattern[str] | None = None) -> int:
    if filler is not None:
        text = filler.sub("", text)
    return len(_IGNORED_IN_GAP.sub("", text))


_BRACKET = re.compile(r"[(（)）]")


class CueIndex:
    """Where each rule's cues occur in a whole text: one pass per rule over the article
    instead of one per sentence. ``present(rule_id, start, end)``: a cue match overlaps
    ``text[start:end]`` (a superset of the per-sentence test; cue regexes are a pre-test)."""

    def __init__(self, text: str) -> None:
        self.spans: dict[str, tuple[list[int], list[int]]] = {}
        for r in load_patterns().rules.values():
            starts, ends = [], []
            for m in r.probe.finditer(text):
                starts.append(m.start())
                ends.append(m.end())
            self.spans[r.id] = (starts, ends)

    def present(self, rule_id: str, start: int, end: int) -> bool:
        starts, ends = self.spans[rule_id]
        i = bisect.bisect_right(ends, start)  # first match ending after start
        return i < len(starts) and starts[i] < end


def assign_indicators(sentence: str, figures: list[Figure],
                      present: Callable[[str], bool] | None = None) -> list[Assignment | None]:
    """One assignment (or None) per figure of ``sentence``; figure offsets are relative to it.

    A figure inside brackets (a breakdown: "共培训12380人(建档立卡贫困户10800人)") takes its
    own cue inside the brackets, else the indicator of the figure before the brackets;
    ``Assignment.paren_lo`` marks it.
    ``present(rule_id)``, when given, says whether the rule's cues occur in the sentence
    (see ``CueIndex``); otherwise each rule's cues are looked for in the sentence.
    """
    p = load_patterns()
    # The sentence with its figures removed; rpos[k] = where figure k was.
    pieces, rpos, last = [], [], 0
    length = 0
    for f in figures:
        pieces.append(sentence[last:f.start])
        length += f.start - last
        rpos.append(length)
        last = f.end
    pieces.append(sentence[last:])
    reduced = "".join(pieces)
    breaks = [m.start() for m in CLAUSE_BREAKS.finditer(reduced)]

    standards = [(m.start(), m.end()) for m in p.standard.finditer(reduced)] if "按" in reduced else []
    has_parens = "(" in sentence or "（" in sentence
    active: dict[str, list[Rule]] = {}
    out: list[Assignment | None] = []
    for k, fig in enumerate(figures):
        pos = rpos[k]
        if fig.unit_class not in p.by_class:
            out.append(None)
            continue
        paren_lo = _paren_start(sentence, fig.start) if has_parens else None
        i = bisect.bisect_left(breaks, pos)  # breaks[i] is the first break at or after pos
        cs = breaks[i - 1] + 1 if i else 0
        ce = breaks[i] if i < len(breaks) else len(reduced)
        before_clause, before_sent, after = reduced[cs:pos], reduced[:pos], reduced[pos:ce]
        per_unit = p.per_unit.search(before_clause) is not None or any(a < pos < b for a, b in standards)
        best: tuple[int, int, int, str] | None = None
        rules = active.get(fig.unit_class)
        if rules is None:
            rules = active[fig.unit_class] = [
                r for r in p.by_class[fig.unit_class]
                if (present(r.id) if present is not None else r.probe.search(reduced) is not None)]
        for rule in rules:
            if per_unit and not rule.per_unit:
                continue
            if rule.veto is not None and rule.veto.search(before_clause):
                continue
            for cue in rule.before:
                # a cue must end near the figure: the last stretch of the sentence is enough
                window = before_sent[-_CUE_REACH:] if cue.scope == "sentence" else before_clause
                m = None
                for m in cue.rx.finditer(window):
                    pass
                if m is None:
                    continue
                gap = _gap(window[m.end():], p.gap_filler)
                if gap <= cue.gap:
                    cand = (rule.tier, gap, rule.order, rule.id)
                    best = cand if best is None or cand < best else best
            for cue in rule.after:
                window = reduced[pos:] if cue.scope == "sentence" else after
                m = cue.rx.search(window)
                if m is None:
                    continue
                gap = _gap(window[:m.start()])
                if gap <= cue.gap:
                    cand = (rule.tier, gap, rule.order, rule.id)
                    best = cand if best is None or cand < best else best
        if best is not None:
            a = Assignment(best[3], _planned(p, before_clause, before_sent, after), paren_lo)
        else:
            a = _inherit(p, k, figures, out, reduced, rpos, before_clause, per_unit)
            if a is None and paren_lo is not None:
                a = _breakdown(k, figures, out, sentence, paren_lo)
            elif a is not None:
                a.paren_lo = paren_lo
        out.append(a)
    return _check_breakdowns(figures, out)


def _planned(p: Patterns, before_clause: str, before_sent: str, after: str) -> bool:
    """A plan cue in the figure's clause, right after it, or earlier in its sentence."""
    return planned_by_cue(p.planned, p.planned_after, before_clause, after) or (
        len(before_sent) > len(before_clause)
        and planned_in_sentence(p.planned, p.result_after_plan, before_sent, len(before_sent) - len(before_clause)))


def _paren_start(sentence: str, pos: int) -> int | None:
    """Where the bracket around ``pos`` opens, or None."""
    stack: list[int] = []
    for m in _BRACKET.finditer(sentence, 0, pos):
        if m.group(0) in _OPEN:
            stack.append(m.start())
        elif stack:
            stack.pop()
    return stack[-1] if stack else None


def _breakdown(k: int, figures: list[Figure], done: list[Assignment | None], sentence: str,
               paren_lo: int) -> Assignment | None:
    """A bracketed figure without a cue: part of the figure of its unit before the bracket."""
    fig = figures[k]
    for j in range(k - 1, -1, -1):
        if figures[j].start < paren_lo and figures[j].unit_class == fig.unit_class:
            prev = done[j]
            return Assignment(prev.indicator, prev.planned, paren_lo, "breakdown") if prev is not None else None
    return None


def _check_breakdowns(figures: list[Figure], done: list[Assignment | None]) -> list[Assignment | None]:
    """Drop bracketed parts that cannot be parts of their total: together less than 1 % or
    more than 105 % of it (a unit lost in scraping, "4.3亿元(线上2.43万元…)")."""
    groups: dict[tuple[int, str], list[int]] = {}
    for k, a in enumerate(done):
        if a is not None and a.paren_lo is not None:
            groups.setdefault((a.paren_lo, a.indicator), []).append(k)
    for (paren_lo, indicator), ks in groups.items():
        total = next((figures[j] for j in range(ks[0] - 1, -1, -1)
                      if figures[j].start < paren_lo and done[j] is not None and done[j].indicator == indicator), None)
        if total is None or not total.evaluate() or not total.value:
            continue
        values = [figures[k].value for k in ks if figures[k].evaluate() and figures[k].value is not None]
        share = sum(values) / total.value if values else 1.0
        if share < 0.01 or share > 1.05:
            for k in ks:
                done[k] = None
    return done


def _inherit(p: Patterns, k: int, figures: list[Figure], done: list[Assignment | None],
             reduced: str, rpos: list[int], before_clause: str, per_unit: bool) -> Assignment | None:
    """No cue of its own: a figure pairs with the one just before it ("561户、1860人"), or
    continues a list of figures of the same kind ("第一批…万元、第二批…万元")."""
    fig = figures[k]
    if k and done[k - 1] is not None and not _gap(reduced[rpos[k - 1]:rpos[k]].replace("，", "")):
        prev = done[k - 1]
        paired = p.rules[prev.indicator].pair.get(fig.unit_class)
        if paired:
            return Assignment(paired, prev.planned, via="pair")
    if not per_unit and p.series.search(before_clause):
        # "由2014年的31.2%下降到2018年底的4.96%": the other end of a series
        for j in range(k - 1, -1, -1):
            if figures[j].unit_class == fig.unit_class and done[j] is not None:
                return Assignment(done[j].indicator, done[j].planned, via="series")
    if per_unit or not p.continuation.match(before_clause):
        return None
    for j in range(k - 1, -1, -1):
        if figures[j].unit_class == fig.unit_class:
            prev = done[j]
            return Assignment(prev.indicator, prev.planned, via="continuation") if prev is not None else None
    return None
