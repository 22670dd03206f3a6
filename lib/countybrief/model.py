"""Records passed between pipeline stages.

ingest  -> RawArticle, NormalisedText
extract -> Extraction(Document, [Fact], [RegionRef])
store   -> Parquet tables with the same fields (see ``countybrief.store.schema``)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

#: Flags a fact may carry. ``conflict`` is set by the store, across documents.
FACT_FLAGS = (
    "approx",  # the text qualifies the figure: 多/余/近/约/以上/左右 (see ``Fact.qualifier``)
    "planned",  # a plan, target or expectation (计划/拟/目标/力争/确保/将…), not an achieved result
    "cumulative",  # the figure adds up several years (累计, 2014年以来, 十三五期间; see ``Fact.since``)
    "digits_missing",  # the source lost the digits; value is None
    "person_times",  # the source counts 人次; stored as 人
    "region_unresolved",  # the text never names its region (我县/我区)
    "masked_text",  # the sentence contains masked characters (*)
    "conflict",  # another document reports a different value for the same key
)


@dataclass(frozen=True)
class RegionRef:
    """A region of the national gazetteer."""

    adcode: str  # 6 digits
    name: str  # official name, e.g. "白银区"
    province: str  # e.g. "甘肃省"
    city: str | None  # prefecture, e.g. "白银市"; None for a province
    level: str  # "province" | "prefecture" | "county"

    @property
    def full_name(self) -> str:
        parts = [self.province]
        if self.city and self.city != self.province:
            parts.append(self.city)
        if self.name not in parts:
            parts.append(self.name)
        return " · ".join(parts)

    @property
    def slug(self) -> str:
        """Folder and file stem used for this region: ``620402-白银区``."""
        return f"{self.adcode}-{self.name}"


@dataclass
class RawArticle:
    """An article as read from disk, decoded but otherwise untouched."""

    path: str
    name: str  # file name, the ``doc`` of every fact
    text: str  # decoded raw text (HTML source for .html); ``span`` offsets point here
    encoding: str
    media_type: str  # "text/plain" | "text/html" | "text/markdown"


@dataclass
class NormalisedText:
    """Clean text plus, for every character, its offset in the raw text."""

    text: str
    origin: list[int]  # len(origin) == len(text); origin[i] = raw offset of text[i]
    restorations: list[dict[str, Any]] = field(default_factory=list)  # masked chars restored
    masked: list[dict[str, Any]] = field(default_factory=list)  # masked chars left as is
    removed_lines: list[dict[str, Any]] = field(default_factory=list)  # boilerplate dropped
    metadata: dict[str, Any] = field(default_factory=dict)  # title/published/outlet/author/editor seen in the text

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw-text [start, end) covering normalised text[start:end]."""
        return self.origin[start], self.origin[end - 1] + 1


@dataclass
class Document:
    doc_id: str  # sha1 of the normalised text: the same article ingested twice has one id
    doc: str  # file name
    path: str
    title: str | None
    published: str | None  # ISO date
    outlet: str | None
    author: str | None
    editor: str | None
    encoding: str
    region: str | None
    adcode: str | None
    text: str  # normalised text
    issues: list[str] = field(default_factory=list)  # plain-language data-quality notes
    restorations: list[dict[str, Any]] = field(default_factory=list)
    masked: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Fact:
    doc: str
    region: str | None
    adcode: str | None
    indicator: str
    value: float | None
    unit: str
    year: int | None
    flags: list[str]
    sentence: str
    span: tuple[int, int]
    doc_id: str = ""
    quote: str = ""  # raw text at span
    province: str | None = None
    city: str | None = None
    since: int | None = None  # start year of a cumulative figure, when stated or derivable
    as_of: str | None = None  # "YYYY-MM": a stock at a stated date (截至2019年9月底)
    scope: str = "whole"  # "whole": the region's own total; "part": a named part of it
    part: str | None = None  # the part's name when scope == "part" (红星村, 光伏扶贫, 第一批)
    qualifier: str | None = None  # "over" (多/余/以上/超过), "under" (近/不足), "about" (约/左右)
    published: str | None = None  # the document's publication date (ISO), beside the stated year
    spans: list[tuple[int, int]] = field(default_factory=list)  # every span of a repeated figure
    corrected: bool = False  # changed by an analyst's correction (``countybrief.corrections``)
    original: dict[str, Any] | None = None  # the changed fields as extracted, when corrected

    def to_json(self) -> dict[str, Any]:
        """The public ``--jsonl`` contract."""
        return {
            "doc": self.doc,
            "region": self.region,
            "adcode": self.adcode,
            "indicator": self.indicator,
            "value": self.value,
            "unit": self.unit,
            "year": self.year,
            "since": self.since,
            "as_of": self.as_of,
            "scope": self.scope,
            "part": self.part,
            "qualifier": self.qualifier,
            "published": self.published,
            "flags": list(self.flags),
            "sentence": self.sentence,
            "span": [int(self.span[0]), int(self.span[1])],
            "spans": [[int(a), int(b)] for a, b in (self.spans or [self.span])],
            "corrected": bool(self.corrected),
            "original": dict(self.original) if self.original else None,
        }

    def to_record(self) -> dict[str, Any]:
        rec = asdict(self)
        rec["span_start"], rec["span_end"] = (int(x) for x in rec.pop("span"))
        rec["spans"] = [[int(a), int(b)] for a, b in (self.spans or [(rec["span_start"], rec["span_end"])])]
        return rec


@dataclass
class Extraction:
    document: Document
    facts: list[Fact]
    regions: list[RegionRef]  # every region named in the document, primary first


@dataclass
class BriefingJob:
    """One briefing to render: a region, its template and the papermill parameters."""

    slug: str  # "620402-白银区": the output folder name
    region: str
    adcode: str
    template: str  # path of the notebook template
    parameters: dict[str, Any]  # injected into the template's `parameters` cell
    source: str | None = None  # the parameters file it came from
