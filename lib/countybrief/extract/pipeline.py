"""extract_article: RawArticle -> Extraction (document, regions, attributed facts)."""

from __future__ import annotations

import bisect
import re

from ..ingest import normalise
from ..model import FACT_FLAGS, Extraction, Fact, RawArticle, RegionRef
from .gazetteer import get_gazetteer
from .indicators import CLAUSE_BREAKS, Assignment, CueIndex, assign_indicators, load_patterns
from .metadata import build_document, doc_id
from .numbers import Figure, find_figures
from .regions import region_for_figure, resolve_override, resolve_regions
from .status import planned_by_year
from .when import When, document_time, when
from .tables import table_figures
from .whose import WHOLE, Scope, whose

#: Sentences for cues end at 。！？； or a line break; attribution may look back across ；.
SENTENCE_END = re.compile(r"[。！？；\n]")
REGION_SENTENCE_END = re.compile(r"[。！？\n]")
#: The longest stretch any analysis looks across: a page flattened onto one line (a table, a
#: page without 。) is cut into pieces of at most this many characters, at a clause break
#: where there is one, so that every stage stays linear in the input.
MAX_SENTENCE = 600
_SOFT_BREAK = re.compile(r"[，,、：:]")


def _spans(text: str, ends: re.Pattern[str]) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in ends.finditer(text):
        if m.end() > start:
            spans.extend(_cut(text, start, m.end()))
        start = m.end()
    if start < len(text):
        spans.extend(_cut(text, start, len(text)))
    return spans


def _cut(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` in pieces of at most MAX_SENTENCE characters."""
    out = []
    while end - start > MAX_SENTENCE:
        cut = None
        for m in _SOFT_BREAK.finditer(text, start + MAX_SENTENCE // 2, start + MAX_SENTENCE):
            cut = m.end()
        cut = cut or start + MAX_SENTENCE
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def extract_article(article: RawArticle, *, region_override: str | None = None) -> Extraction:
    """Document metadata, regions named and attributed facts of one article.

    ``region_override`` (a name such as "华州区" or an adcode) forces the primary region;
    an unknown name raises ``UnknownRegionError`` (a ``ValueError``) naming it.
    """
    norm = normalise(article)
    text = norm.text
    gaz = get_gazetteer()
    override = resolve_override(gaz, region_override, article.path) if region_override else None
    title = norm.metadata.get("title")
    title_end = text.find(title) + len(title) if title and title in text else 0
    # lines dropped as page chrome (source line, outlet, breadcrumbs) still name the page's region
    bylines = [norm.metadata.get("outlet") or ""] + [r["line"] for r in norm.removed_lines]
    index = resolve_regions(gaz.scan(text), title_end, override, bylines=bylines)
    patterns = load_patterns()
    doc_time = document_time(norm, title, title_end)
    the_id = doc_id(norm)
    published = norm.metadata.get("published")

    masked_positions = sorted([m["position"] for m in norm.masked] + [r["position"] for r in norm.restorations])
    figures = find_figures(text)
    fig_starts = [f.start for f in figures]
    region_spans = _spans(text, REGION_SENTENCE_END)
    region_starts = [s for s, _ in region_spans]
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    clause_breaks = [m.end() for m in CLAUSE_BREAKS.finditer(text)] if figures else []

    tables = table_figures(text) if "|" in text else []
    if tables:  # table rows are read by column, not as sentences
        rows = sorted({c.row for c in tables})
        figures = [f for f in figures if not any(a <= f.start < b for a, b in rows)]
        fig_starts = [f.start for f in figures]

    cues = CueIndex(text) if figures else None
    sink = _FactSink(article, norm, the_id, published)
    last_time: dict[str, tuple[int, When]] = {}  # per indicator: sentence start and time of its last figure
    for s, e in _spans(text, SENTENCE_END) if figures else []:
        lo, hi = bisect.bisect_left(fig_starts, s), bisect.bisect_left(fig_starts, e)
        if lo == hi:
            continue
        sentence = text[s:e]
        rel = [f for f in figures[lo:hi]]
        for f in rel:
            f.start -= s
            f.end -= s
        assignments = assign_indicators(sentence, rel, lambda rid: cues.present(rid, s, e))
        for f in rel:
            f.start += s
            f.end += s
        region_start = region_starts[bisect.bisect_right(region_starts, s) - 1]
        region_end = region_spans[bisect.bisect_right(region_starts, s) - 1][1]
        paragraph_start = line_starts[bisect.bisect_right(line_starts, s) - 1]
        k = bisect.bisect_left(masked_positions, s)
        masked = k < len(masked_positions) and masked_positions[k] < e
        plan_opening = patterns.plan_opening.match(text, region_start) is not None
        earlier: list[tuple[int, str, Scope, str | None, str]] = []  # pos, indicator, scope, adcode, unit class
        for fig, a in zip(rel, assignments):
            if a is None or not fig.evaluate():
                continue
            region = region_for_figure(index, text, s, region_start, fig.start)
            adcode = region.adcode if region else None
            a = _as_subset(a, fig, list(zip(rel, assignments)), patterns, text)
            if a is None:
                continue
            rule = patterns.rules[a.indicator]
            ci = bisect.bisect_right(clause_breaks, fig.start) - 1
            clause_lo = max(s, clause_breaks[ci]) if ci >= 0 else s
            cj = bisect.bisect_right(clause_breaks, fig.end)
            clause_end = min(e, clause_breaks[cj] - 1) if cj < len(clause_breaks) else e
            scope = whose(text, region_start, clause_lo, fig.start, clause_end, a.indicator,
                          earlier=[(p, i, sc) for p, i, sc, ad, _ in earlier if ad == adcode],
                          paren_lo=s + a.paren_lo if a.paren_lo is not None else None)
            earlier.append((fig.start, a.indicator, scope, adcode, fig.unit_class))
            planned = a.planned or plan_opening
            time = when(text, region_start, fig.start, fig.end, rule.kind, doc_time,
                        sentence_end=clause_end, paragraph_start=paragraph_start, planned=planned)
            split = _split_time(time, rule.kind, text, region_start, paragraph_start, last_time.get(a.indicator))
            if split is None:
                last_time[a.indicator] = (region_start, time)
            else:
                time = split
            planned = planned or planned_by_year(time.year, published, doc_time.covers)
            sink.add(fig, a.indicator, region, time, scope, planned=planned, masked=masked,
                     sentence=text[region_start:region_end] if len(sentence.strip()) < 8 else sentence, key_extra=s)

    for cell in tables:
        region = index.primary
        time = When(year=cell.year)
        planned = cell.assignment.planned or planned_by_year(cell.year, published, doc_time.covers)
        sink.add(cell.figure, cell.assignment.indicator, region, time, WHOLE, planned=planned, masked=False,
                 sentence=text[cell.row[0]:cell.row[1]], key_extra=cell.row[0])

    facts = sink.facts()
    # issue codes ("code" or "code:count"); briefings word them in their language
    issues: list[str] = []
    if index.primary is None:
        issues.append("region_unresolved")
    missing = sum(1 for f in facts if "digits_missing" in f.flags)
    if missing:
        issues.append(f"digits_missing:{missing}")
    if norm.restorations:
        issues.append(f"masked_restored:{len(norm.restorations)}")
    if norm.masked:
        issues.append(f"masked_left:{len(norm.masked)}")
    if article.encoding.endswith("(truncated)"):
        issues.append("truncated")
    document = build_document(article, norm, index.primary, issues)
    return Extraction(document=document, facts=facts, regions=list(index.named))


class _FactSink:
    """Facts of one article as they are found: a figure repeated on the page (title and
    body, a caption) is one fact with every span, keeping the statement that says most
    about its time; of a lost figure read twice in one sentence ("由年的元增加到年的.39元")
    one null fact is kept, the one with a decimal remnant."""

    def __init__(self, article: RawArticle, norm, doc_id: str, published: str | None) -> None:
        self.article, self.norm, self.doc_id, self.published = article, norm, doc_id, published
        self._facts: list[Fact | None] = []
        self._kept: dict[tuple, list[int]] = {}
        self._missing_at: dict[tuple, tuple[int, bool]] = {}

    def add(self, fig: Figure, indicator: str, region: RegionRef | None, time: When, scope: Scope, *,
            planned: bool, masked: bool, sentence: str, key_extra: int) -> None:
        adcode = region.adcode if region else None
        span = self.norm.raw_span(fig.start, fig.end)
        if fig.digits_missing:
            key = (adcode, indicator, None, planned, key_extra)
            remnant = fig.number.startswith(".")
            if key in self._missing_at:
                i, had_remnant = self._missing_at[key]
                if not remnant or had_remnant:
                    return
                self._facts[i] = None  # replaced by this one
            self._missing_at[key] = (len(self._facts), remnant)
        else:
            key = (adcode, indicator, fig.value, planned, scope.scope)
            for i in self._kept.get(key, ()):
                if _same_statement(self._facts[i], time, scope):
                    _merge_repeat(self._facts[i], span, time)
                    return
            # the same number stated for another year, date or part is another fact
            # ("2017年…脱贫300人。2018年…脱贫300人。")
            self._kept.setdefault(key, []).append(len(self._facts))
        flags = {
            "approx": fig.approx, "planned": planned, "cumulative": time.cumulative,
            "digits_missing": fig.digits_missing, "person_times": fig.person_times,
            "region_unresolved": region is None, "masked_text": masked,
        }
        self._facts.append(Fact(
            doc=self.article.name, region=region.name if region else None, adcode=adcode,
            indicator=indicator, value=fig.value, unit=fig.unit, year=time.year,
            flags=[f for f in FACT_FLAGS if flags.get(f)], sentence=sentence.strip(), span=span,
            doc_id=self.doc_id, quote=self.article.text[span[0]:span[1]],
            province=region.province if region else None, city=region.city if region else None,
            since=time.since, as_of=time.as_of, scope=scope.scope, part=scope.part,
            qualifier=fig.qualifier, published=self.published, spans=[span],
        ))

    def facts(self) -> list[Fact]:
        return [f for f in self._facts if f is not None]


def _as_subset(a: Assignment, fig: Figure, sentence_figures: list[tuple[Figure, Assignment | None]],
               patterns, text: str) -> Assignment | None:
    """After 其中, a noun that names a subset ("搬迁5300人，其中建档立卡贫困人口4109人") keeps the
    indicator of the earlier figure of the same unit it splits; a subset of a quantity that is
    no indicator ("入社4553户，其中贫困户2504户") is no figure of the catalogue either."""
    if not patterns.rules[a.indicator].subset_noun:
        return a
    for other, assigned in reversed(sentence_figures):
        if other.start >= fig.start or other.unit_class != fig.unit_class:
            continue
        if "其中" not in text[other.end:fig.start]:
            return a
        if assigned is None:
            return None
        if assigned.indicator != a.indicator:
            return Assignment(assigned.indicator, a.planned, a.paren_lo, "subset")
        return a
    return a


_SPLIT_OPENING = re.compile(r"\s*其中")


def _split_time(time: When, kind: str, text: str, sentence_start: int, paragraph_start: int,
                last: tuple[int, When] | None) -> When | None:
    """A sentence opening with 其中 splits a figure of the same indicator before it
    ("截至2019年底，全盟累计减贫13.4万人。其中，甲旗减贫3.9万人…"): its figures without a time of
    their own share that one. None when the figure keeps its own time."""
    if last is None or time.year is not None or time.cumulative or time.as_of is not None:
        return None
    last_start, last_time = last
    if not (paragraph_start <= last_start < sentence_start) or not _SPLIT_OPENING.match(text, sentence_start):
        return None
    flow = kind == "flow"
    return When(year=last_time.year, cumulative=last_time.cumulative and flow,
                since=last_time.since if flow else None, as_of=last_time.as_of)


def _same_statement(fact: Fact | None, time: When, scope: Scope) -> bool:
    """Whether a figure read again is a repeat of ``fact``: no stated time or part that
    tells them apart (a title without its year repeats the body's dated figure)."""
    if fact is None:
        return True
    if fact.year is not None and time.year is not None and fact.year != time.year:
        return False
    if fact.as_of and time.as_of and fact.as_of != time.as_of:
        return False
    if fact.since and time.since and fact.since != time.since:
        return False
    return (fact.part or None) == (scope.part or None)


def _merge_repeat(fact: Fact | None, span: tuple[int, int], time: When) -> None:
    if fact is None:
        return
    fact.spans.append(span)
    if fact.year is None and time.year is not None and not fact.since:
        fact.year, fact.as_of = time.year, time.as_of
        if time.cumulative and "cumulative" not in fact.flags:
            fact.flags = [f for f in FACT_FLAGS if f in fact.flags or f == "cumulative"]
