"""When a figure is for: the year the text states, running totals, stocks at a date.

Cues are data (``data/time.yaml``). The year is never the publication year by default: a
figure whose text states no year has ``year = None``, except in an annual review or plan,
whose undated figures are of the year it covers (``DocumentTime.covers``).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

import yaml

from ..catalogue import _data_text
from ..model import NormalisedText
from .matchindex import MatchIndex

#: How far before a figure its time words are looked for (characters).
MAX_LOOKBACK = 400

_CN_SMALL = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


@dataclass(frozen=True)
class TimeCues:
    """Compiled ``data/time.yaml``."""

    events: re.Pattern[str]  # every time word, one alternation with named groups
    relative: dict[str, int]
    plan_periods: dict[str, int]
    comparison_before: re.Pattern[str]
    up_to_before: re.Pattern[str]
    running_total_after: re.Pattern[str]
    review_title_cue: re.Pattern[str]
    review_lines: int
    review_months: int
    review_opening: re.Pattern[str]
    review_opening_sentences: int
    review_january_months: int
    heading_max: int
    heading_cumulative: re.Pattern[str]


@lru_cache(maxsize=1)
def load_time_cues() -> TimeCues:
    raw = yaml.safe_load(_data_text("time.yaml"))
    rel = "|".join(sorted(map(re.escape, raw["relative"]), key=len, reverse=True))
    periods = "|".join(map(re.escape, raw["plan_periods"]))
    since = raw["since_after"]
    events = re.compile(
        rf"(?=[{re.escape(raw['first_chars'])}])"
        rf"(?:(?P<range>(?<!\d)(?P<r1>(?:19|20)\d{{2}})\s*年?\s*(?:[-—–~～]|至|到)\s*(?P<r2>(?:19|20)\d{{2}})\s*年(?:底|末)?)"
        rf"|(?P<abs>(?<!\d)(?P<y>(?:19|20)\d{{2}})\s*年(?P<du>度)?(?:(?P<m>\d{{1,2}})月(?:份)?)?(?P<end>底|末)?(?P<since>{since})?)"
        rf"|(?P<period>(?:{periods}))(?:期间|时期|以来|中|规划)?"
        rf"|(?P<rel>{rel})(?P<relsince>{since})?"
        rf"|(?P<lost>{raw['lost_year']})"
        rf"|(?P<span>{raw['span']})"
        rf"|(?P<cum>{raw['cumulative']})"
        rf"|(?P<same>{raw['same_time']})"
        rf"|(?P<now>{raw['now']})"
        rf"|(?P<month>(?<![\d年])(?P<mo>\d{{1,2}})月(?:份)?(?:底|末)?))"
    )
    return TimeCues(
        events=events, relative=dict(raw["relative"]), plan_periods=dict(raw["plan_periods"]),
        comparison_before=re.compile(f"(?:{raw['comparison_before']})$"),
        up_to_before=re.compile(f"(?:{raw['up_to_before']})\\s*$"),
        running_total_after=re.compile(raw["running_total_after"]),
        review_title_cue=re.compile(raw["review_title_cue"]), review_lines=int(raw["review_lines"]),
        review_months=int(raw["review_months"]), review_opening=re.compile(raw["review_opening"]),
        review_opening_sentences=int(raw["review_opening_sentences"]),
        review_january_months=int(raw["review_january_months"]),
        heading_max=int(raw["heading_max"]), heading_cumulative=re.compile(raw["heading_cumulative"]),
    )


@dataclass(frozen=True)
class When:
    """What time a figure is for."""

    year: int | None = None
    cumulative: bool = False
    since: int | None = None
    as_of: str | None = None  # "YYYY-MM"


@dataclass
class DocumentTime:
    """The time frame of one document."""

    published: str | None  # ISO date the document states
    covers: int | None  # the year an annual review or plan covers
    headings: list[tuple[int, int, bool]]  # (start, end, multi-year) of heading lines
    frames: dict[tuple[int, int], tuple[bool, int | None, int | None]] = field(default_factory=dict)
    events: MatchIndex | None = None  # the time words of the whole text

    def __post_init__(self) -> None:
        self.heading_starts = [h[0] for h in self.headings]

    @property
    def reference(self) -> int | None:
        """The year 今年 means: the covered year, else the publication year."""
        if self.covers is not None:
            return self.covers
        return int(self.published[:4]) if self.published else None

    def multi_year_section(self, pos: int) -> bool:
        """``pos`` lies under a heading that frames several years ("五年攻坚")."""
        i = bisect.bisect_right(self.heading_starts, pos) - 1
        return i >= 0 and self.headings[i][2]


_SENTENCE = re.compile(r"[^。！？\n]+")
_HEADING_PUNCT = re.compile(r"[。，；！？,;]")


def _single_year(text: str) -> int | None:
    years = {int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)}
    return years.pop() if len(years) == 1 else None


def document_time(norm: NormalisedText, title: str | None, body_start: int = 0) -> DocumentTime:
    """Publication date, covered year and headings of a normalised article."""
    c = load_time_cues()
    published = norm.metadata.get("published")
    pub_year = int(published[:4]) if published else None
    pub_month = int(published[5:7]) if published and len(published) >= 7 else None

    def fits(y: int) -> bool:
        if pub_year is None:
            return True
        return y == pub_year or (y == pub_year - 1 and pub_month is not None and pub_month <= c.review_months)

    covers = None
    head = [title or ""] + [ln for ln in norm.text[:2000].split("\n", c.review_lines + 1)[:c.review_lines]
                            if len(ln.strip()) <= c.heading_max * 2]
    for line in head:
        y = _single_year(line) if line and c.review_title_cue.search(line) else None
        if y is not None and fits(y):
            covers = y
            break
    if covers is None:
        body = norm.text[body_start:body_start + 3000]
        for k, m in enumerate(_SENTENCE.finditer(body)):
            if k >= c.review_opening_sentences:
                break
            o = c.review_opening.match(m.group(0).strip())
            if o is None:
                continue
            y = int(o.group("y")) if o.group("y") else pub_year
            if o.group("rel") and pub_year is not None and pub_month is not None \
                    and pub_month <= c.review_january_months:
                y = pub_year - 1  # "今年以来，…" in a year-end review that went out in January
            if y is not None and pub_year is not None and fits(y):
                covers = y
                break
    headings = []
    pos = 0
    for line in norm.text.split("\n"):
        s = line.strip()
        if s and len(s) <= c.heading_max and not _HEADING_PUNCT.search(s) and not re.search(r"\d", s):
            headings.append((pos, pos + len(line), bool(c.heading_cumulative.search(s))))
        pos += len(line) + 1
    return DocumentTime(published=published, covers=covers, headings=headings,
                        events=MatchIndex(c.events, norm.text))


def _small_number(s: str | None) -> int | None:
    if not s:
        return None
    return int(s) if s.isdigit() else _CN_SMALL.get(s)


_SERIES_FROM = re.compile(r"[由从]\s*$")
_SERIES_TO = re.compile(r"(?:下降|减少|降低|增加|提高|上升|增长|扩大|缩小|降|增|减|升)(?:到|至|为)")
_YEARLESS_FROM = re.compile(r"[由从]\s*$")
_YEARLESS_TO = re.compile(r"[由从][^，。；由从]{0,16}?(?:下降|减少|降低|增加|提高|上升|增长|降|增|减|升)(?:到|至|为)\s*$")
_SERIES_YEARS = re.compile(r"[由从](?P<a>(?:19|20)\d{2})年(?:底|末)?的?[^，。；]{0,24}?"
                           r"(?:下降|减少|降低|增加|提高|上升|增长|降|增|减|升)(?:到|至|为)(?P<b>(?:19|20)\d{2})年")
_SERIES_AFTER = re.compile(r"\s*(?:下降|减少|降低|增加|提高|上升|增长|降|增|减|升)(?:到|至|为)")


def _last_year_before(doc: DocumentTime, text: str, lo: int, hi: int) -> int | None:
    """The explicit single year stated last in ``text[lo:hi]`` (for 同期/同年)."""
    events = doc.events.between(lo, hi) if doc.events is not None else load_time_cues().events.finditer(text, lo, hi)
    year = None
    for e in events:
        if e.group("abs") and not e.group("since"):
            year = int(e.group("y"))
        elif e.group("range"):
            year = int(e.group("r2"))
    return year


def _since_before(doc: DocumentTime, text: str, lo: int, hi: int, ref: int | None) -> int | None:
    """The start year a period names last in ``text[lo:hi]`` ("从2006年起", "十三五以来"),
    for a running total of the same paragraph that states none of its own."""
    c = load_time_cues()
    events = doc.events.between(lo, hi) if doc.events is not None else c.events.finditer(text, lo, hi)
    since = None
    for e in events:
        if e.group("abs"):
            since = int(e.group("y")) if e.group("since") else None
        elif e.group("period"):
            since = c.plan_periods[e.group("period")]
        elif e.group("rel") and e.group("relsince") and c.relative[e.group("rel")] != 0 and ref is not None:
            since = ref + c.relative[e.group("rel")]
    return since


def _parallel_series_year(text: str, lo: int, fig_start: int, fig_end: int) -> int | None:
    """A series without years after one with years in the same sentence ("贫困人口从2013年底的
    10.3万人减少到2017年底的2.1万人，贫困发生率从25.6%降到4.9%"): its ends take the years of
    the first series, start and end."""
    before = text[max(lo, fig_start - 40):fig_start]
    if _YEARLESS_FROM.search(before) and _SERIES_AFTER.match(text, fig_end):
        end = "a"
    elif _YEARLESS_TO.search(before):
        end = "b"
    else:
        return None
    last = None
    for last in _SERIES_YEARS.finditer(text, lo, fig_start):
        pass
    return int(last.group(end)) if last is not None else None


_OPENING = re.compile(r"[^，。；！？\n]*[，,]")


_SENTENCE_START = re.compile(r"(?:^|(?<=[。！？]))[^。！？]")


def _opening_frame(c: TimeCues, text: str, lo: int, hi: int, ref: int | None) -> tuple[bool, int | None, int | None]:
    """The multi-year frame that the sentences of a paragraph before ``hi`` open with
    ("2016年以来，…", "十三五期间，…", "五年来，…"): (cumulative, since, span) for its later
    sentences; a sentence opening with a single year ends it."""
    frame: tuple[bool, int | None, int | None] = (False, None, None)
    pos = lo
    while pos < hi:
        end = text.find("。", pos, hi)
        end = hi if end < 0 else end + 1
        m = _OPENING.match(text, pos, end)
        if m is not None:
            found = _frame_of(c, text, m.start(), m.end(), ref)
            if found is not None:
                frame = found
        pos = end
    return frame


def _frame_of(c: TimeCues, text: str, lo: int, hi: int, ref: int | None) -> tuple[bool, int | None, int | None] | None:
    for e in c.events.finditer(text, lo, hi):
        if (e.group("abs") and not e.group("since")) or (e.group("rel") and not e.group("relsince")):
            return False, None, None
        if e.group("abs") and e.group("since"):
            return True, int(e.group("y")), None
        if e.group("period"):
            return True, c.plan_periods[e.group("period")], None
        if e.group("rel") and e.group("relsince") and c.relative[e.group("rel")] != 0 and ref is not None:
            return True, ref + c.relative[e.group("rel")], None
        if e.group("span"):
            n = _small_number(e.group("n") or e.group("n2") or e.group("n3"))
            if n is not None and n > 1:
                return True, None, n
        if e.group("cum") and "以来" in e.group("cum"):
            return True, None, None
    return None


def when(text: str, lo: int, fig_start: int, fig_end: int, kind: str, doc: DocumentTime,
         sentence_end: int | None = None, paragraph_start: int | None = None, planned: bool = False) -> When:
    """The time of the figure at ``text[fig_start:fig_end]``, from the time words in
    ``text[lo:fig_start]`` (its sentence) and, for running totals, just after it. Multi-year
    frames (以来, 累计, 五年来, 十三五) of earlier sentences since ``paragraph_start`` hold too.

    ``kind`` is the indicator's kind: ``flow`` (adds up over time: exits, funds, loans…),
    ``stock`` (a level at a time: poor population, incidence, capacity), ``rate`` (per
    household/person) or ``level`` (a background count without a year of its own, such as the
    number of designated poor villages). Stocks, rates and levels are never cumulative, and
    a plan ("确保…全部退出") is no running total. The far end of a series ("由2014年的X降至Y")
    is not of the start year: it takes a year stated before the start, else none.
    """
    c = load_time_cues()
    ref = doc.reference
    year: int | None = None
    stated = False  # a time word stated the year (or that it is unknown)
    cumulative = False
    since: int | None = None
    as_of: str | None = None
    now = False
    span_n: int | None = None
    plain_year: tuple[int | None, bool] = (None, False)  # the last year that starts no series
    series_start: int | None = None  # end of a "由2014年(底)的" before the figure
    if paragraph_start is not None and paragraph_start < lo:
        key = (paragraph_start, lo)
        frame = doc.frames.get(key)
        if frame is None:
            frame = doc.frames[key] = _opening_frame(c, text, max(paragraph_start, lo - MAX_LOOKBACK), lo, ref)
        cumulative, since, span_n = frame
    lo = max(lo, fig_start - MAX_LOOKBACK)
    events = doc.events.between(lo, fig_start) if doc.events is not None else c.events.finditer(text, lo, fig_start)
    for m in events:
        if m.group("range"):
            since, year, cumulative, stated, now = int(m.group("r1")), int(m.group("r2")), True, True, False
        elif m.group("abs"):
            y = int(m.group("y"))
            if m.group("since"):
                since, cumulative, year, stated = y, True, None, True
                continue
            up_to = c.up_to_before.search(text, max(lo, m.start() - 4), m.start()) is not None
            if _SERIES_FROM.search(text, max(lo, m.start() - 2), m.start()) and text.startswith("的", m.end()):
                series_start = m.end()
            else:
                plain_year, series_start = (y, True), None
            year, stated, now = y, True, False
            month = int(m.group("m")) if m.group("m") else (12 if m.group("end") else None)
            if up_to:
                as_of = f"{y:04d}-{month:02d}" if month else f"{y:04d}-12"
                cumulative = True
            elif not (cumulative and since is not None and since < y):
                cumulative, since, as_of = False, None, None
        elif m.group("period"):
            since, cumulative, stated = c.plan_periods[m.group("period")], True, True
            year = None
        elif m.group("rel"):
            if c.comparison_before.search(text, max(lo, m.start() - 2), m.start()):
                continue
            y = ref + c.relative[m.group("rel")] if ref is not None else None
            if m.group("relsince") and c.relative[m.group("rel")] != 0:
                since, cumulative, year, stated = y, True, None, True
            else:
                year, stated, now = y, True, False
                cumulative, since, as_of = False, None, None
        elif m.group("lost"):
            year, stated = None, True
        elif m.group("span"):
            n = _small_number(m.group("n") or m.group("n2") or m.group("n3"))
            if n is not None and n > 1:
                cumulative, span_n, stated = True, n, True
        elif m.group("cum"):
            cumulative = True
        elif m.group("same"):
            y = _last_year_before(doc, text, paragraph_start if paragraph_start is not None else lo, m.start())
            if y is not None:
                year, stated, now = y, True, False
        elif m.group("now"):
            now, year, stated = True, None, True
        elif m.group("month"):
            if c.up_to_before.search(text, max(lo, m.start() - 4), m.start()) and year is None and ref is not None \
                    and not stated:
                year, stated = ref, True  # "截止11月份": this year's running figure
    if series_start is not None and _SERIES_TO.search(text, series_start, fig_start):
        year, stated = plain_year
    parallel = _parallel_series_year(text, lo, fig_start, fig_end)
    if parallel is not None:
        year, stated = parallel, True
    if not cumulative and kind == "flow" and not planned:
        after = text[fig_end:sentence_end if sentence_end is not None else fig_end + 20]
        if c.running_total_after.search(after):
            cumulative = True
        elif not stated and doc.multi_year_section(fig_start):
            cumulative = True
    if kind != "flow":
        cumulative, since = False, None
    elif cumulative and since is None and span_n is not None and year is not None:
        since = year - span_n + 1
    elif cumulative and since is None and span_n is None and paragraph_start is not None:
        since = _since_before(doc, text, paragraph_start, lo, ref)  # "从2006年起，…。累计投资…"
    if not stated and not cumulative and not now and kind != "level" and doc.covers is not None:
        year = doc.covers
    return When(year=year, cumulative=cumulative, since=since, as_of=as_of)
