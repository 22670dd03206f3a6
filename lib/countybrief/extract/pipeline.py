"""extract_article: RawArticle -> Extraction (document, regions, attributed facts)."""

from __future__ import annotations

import bisect
import re

from ..ingest import normalise
from ..model import FACT_FLAGS, Extraction, Fact, RawArticle, RegionRef
from .gazetteer import get_gazetteer
from .indicators import CLAUSE_BREAKS, CueIndex, assign_indicators, load_patterns
from .metadata import build_document, doc_id, reference_year
from .numbers import find_figures
from .regions import region_for_figure, resolve_override, resolve_regions

#: Sentences for cues end at 。！？； or a line break; attribution may look back across ；.
SENTENCE_END = re.compile(r"[。！？；\n]")
REGION_SENTENCE_END = re.compile(r"[。！？\n]")


def _spans(text: str, ends: re.Pattern[str]) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in ends.finditer(text):
        if m.end() > start:
            spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _year_regex(patterns) -> re.Pattern[str]:
    relative = "|".join(sorted(patterns.years, key=len, reverse=True))
    return re.compile(
        rf"(?:(?P<abs>(?<!\d)(?:19|20)\d{{2}})\s*年|(?P<rel>{relative})|(?P<lost>{patterns.lost_year.pattern}))"
        rf"(?P<since>{patterns.year_since.pattern})?")


_YEAR_RX: dict[int, re.Pattern[str]] = {}


def _year_before(text: str, lo: int, hi: int, ref_year: int | None, patterns) -> tuple[bool, int | None]:
    """The year named last in ``text[lo:hi]``: ``(True, year)``, ``(True, None)`` for a year
    whose digits were lost, ``(False, None)`` when none is named. A year where a period
    starts ("2016年以来") is passed over: the figure counts up to the reference date."""
    rx = _YEAR_RX.get(id(patterns))
    if rx is None:
        rx = _YEAR_RX[id(patterns)] = _year_regex(patterns)
    found: tuple[bool, int | None] = (False, None)
    for m in rx.finditer(text, lo, hi):
        if m.group("since"):
            continue
        if m.group("abs"):
            found = (True, int(m.group("abs")))
        elif m.group("rel"):
            found = (True, ref_year + patterns.years[m.group("rel")] if ref_year is not None else None)
        else:
            found = (True, None)
    return found


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
    index = resolve_regions(gaz.scan(text), title_end, override)
    patterns = load_patterns()
    ref_year = reference_year(norm, patterns.year_in_review, patterns.year_in_review_lines,
                              patterns.year_in_review_months)
    the_id = doc_id(norm)

    masked_positions = sorted([m["position"] for m in norm.masked] + [r["position"] for r in norm.restorations])
    figures = find_figures(text)
    fig_starts = [f.start for f in figures]
    region_spans = _spans(text, REGION_SENTENCE_END)
    region_starts = [s for s, _ in region_spans]

    cues = CueIndex(text) if figures else None
    facts: list[Fact | None] = []
    seen: set[tuple] = set()
    missing_at: dict[tuple, tuple[int, bool]] = {}
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
        k = bisect.bisect_left(masked_positions, s)
        masked = k < len(masked_positions) and masked_positions[k] < e
        for fig, a in zip(rel, assignments):
            if a is None or not fig.evaluate():
                continue
            region = region_for_figure(index, text, s, region_start, fig.start)
            flags = {
                "approx": fig.approx, "planned": a.planned, "digits_missing": fig.digits_missing,
                "person_times": fig.person_times, "region_unresolved": region is None, "masked_text": masked,
            }
            if fig.digits_missing:
                # One null fact per indicator and sentence ("由年的元增加到年的.39元" is one
                # lost figure twice over); the one with a decimal remnant is kept.
                key = (region.adcode if region else None, a.indicator, None, a.planned, s)
                remnant = fig.number.startswith(".")
                if key in missing_at:
                    i, had_remnant = missing_at[key]
                    if not remnant or had_remnant:
                        continue
                    facts[i] = None  # replaced by this one
                missing_at[key] = (len(facts), remnant)
            else:
                key = (region.adcode if region else None, a.indicator, fig.value, a.planned)
                if key in seen:
                    continue
                seen.add(key)
            # the year named last before the figure in its sentence, else earlier in the
            # paragraph's sentence (across ；), else the reference year
            named, year = _year_before(text, s, fig.start, ref_year, patterns)
            if not named:
                named, year = _year_before(text, region_start, s, ref_year, patterns)
            if not named:
                year = ref_year
            span = norm.raw_span(fig.start, fig.end)
            facts.append(Fact(
                doc=article.name, region=region.name if region else None,
                adcode=region.adcode if region else None, indicator=a.indicator, value=fig.value,
                unit=fig.unit, year=year, flags=[f for f in FACT_FLAGS if flags.get(f)],
                sentence=sentence.strip(), span=span, doc_id=the_id, quote=article.text[span[0]:span[1]],
                province=region.province if region else None, city=region.city if region else None,
            ))

    facts = [f for f in facts if f is not None]
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
