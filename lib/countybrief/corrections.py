"""An analyst's corrections: ``corrections.yaml`` in the project folder, applied on every
``countybrief extract`` (store and ``--jsonl``) before the store is written.

The file is a YAML list of entries (README, "Correcting a figure"). Each entry names a
document by its file name (or its ``doc_id``, the sha1 of its text, 8 or more hex digits)
and, for a figure, the figure's ``quote`` as ``countybrief facts REGION`` prints it — never
a row number, so an entry keeps its figure when the articles are extracted again::

    - doc: 2019-年度总结.txt        # the article's file name, or its doc_id
      quote: 1012人                 # the figure as in the sentence
      sentence: 精准脱贫            # optional: a piece of the sentence, when the quote is there twice
      indicator: poverty_exit_population   # optional: the indicator as extracted
      set: {value: 1102, year: 2018}       # the fields to correct (SET_KEYS)
      note: 原文笔误                # optional, for the analyst
    - doc: b.txt
      quote: 5.3亿元
      drop: true                    # not a figure of the region: left out
    - doc: c.txt
      region: 白银区                # the article's region (as ``--region`` or regions.yaml)

A corrected fact is kept with ``corrected`` true and ``original`` the fields it replaced,
as extracted. An entry that matches nothing any more (the article is gone, its text
changed, the figure is read differently) is a warning naming the file and the entry;
the run goes on. A malformed entry is a ``CorrectionsError`` naming the file, the entry's
number and the key.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable

import yaml

from . import yamlio
from .errors import CorrectionsError, CountyBriefError, shown
from .model import Extraction, Fact, RegionRef

CORRECTIONS_NAME = "corrections.yaml"

#: keys of an entry
ENTRY_KEYS = ("doc", "quote", "sentence", "indicator", "set", "drop", "region", "note")
#: keys of ``set``: the fields a correction may give a figure, with what each takes
SET_KEYS: dict[str, str] = {
    "value": "a number in the indicator's canonical unit (money in 元)",
    "year": "a year such as 2018, or null",
    "since": "the start year of a running total, or null",
    "as_of": "a date \"YYYY-MM\", or null",
    "scope": "whole or part",
    "part": "the part's name (a village, a programme), or null",
    "qualifier": "over, under, about or null",
    "planned": "true (a plan or target) or false (a result)",
    "cumulative": "true (a running total) or false",
    "indicator": "an indicator id of data/indicators.yaml",
    "region": "a region name as in the national gazetteer, or its 6-digit adcode",
}
_QUALIFIERS = ("over", "under", "about")
_HEX = re.compile(r"[0-9a-f]{8,40}")
_AS_OF = re.compile(r"(19|20)\d\d-(0[1-9]|1[0-2])")


@dataclass(frozen=True)
class Correction:
    """One checked entry of ``corrections.yaml`` (``number`` counts from 1)."""

    number: int
    doc: str
    quote: str | None = None
    sentence: str | None = None
    indicator: str | None = None
    changes: dict[str, Any] = field(default_factory=dict)  # ``set``; ``region`` as a RegionRef
    drop: bool = False
    region: RegionRef | None = None  # the document's region (an entry without ``quote``)
    note: str | None = None

    @property
    def label(self) -> str:
        """``entry 3 (a.txt, 1012人)``: how messages name the entry."""
        what = ", ".join(x for x in (self.doc, self.quote) if x)
        return f"entry {self.number} ({what})"


def corrections_path(root: str | os.PathLike) -> Path:
    """Where a project's corrections are: ``corrections.yaml`` in its folder."""
    return Path(root) / CORRECTIONS_NAME


def _norm(text: Any) -> str:
    """Text as matched: NFKC (full-width digits), without whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or "")))


def _is_year(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and 1900 <= v <= 2100


def _text_value(v: Any) -> bool:
    return isinstance(v, (str, int)) and not isinstance(v, bool) and str(v).strip() != ""


def load_corrections(path: str | os.PathLike) -> list[Correction]:
    """The checked entries of ``path`` ([] when there is no such file or it is empty);
    ``CorrectionsError`` naming the file, the entry and the key for anything malformed."""
    p = Path(path)
    if not p.exists():
        return []
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise CorrectionsError(p, f"not UTF-8 text ({exc.reason})", "save it as UTF-8") from None
    except OSError as exc:
        raise CorrectionsError(p, f"cannot be read ({exc.strerror or exc})") from None
    try:
        data = yamlio.load(text)
    except yaml.YAMLError as exc:
        raise CorrectionsError(p, yamlio.describe(exc), "fix the syntax") from None
    if data is None:
        return []
    if not isinstance(data, list):
        raise CorrectionsError(p, "expected a list of corrections (lines starting with `- doc:`)",
                               "see README, Correcting a figure")
    return [check_entry(entry, n, p) for n, entry in enumerate(data, 1)]


def check_entry(entry: Any, number: int, path: Path) -> Correction:
    """One entry checked; ``CorrectionsError`` "FILE: entry N: KEY: problem"."""
    def bad(key: str | None, problem: str, hint: str | None = None) -> CorrectionsError:
        where = f"entry {number}: {key}: " if key else f"entry {number}: "
        return CorrectionsError(path, where + problem, hint)

    if not isinstance(entry, dict):
        raise bad(None, f"expected a mapping with doc: and quote: (or region:), not {entry!r}")
    for key in entry:
        if key not in ENTRY_KEYS:
            raise bad(str(key), "unknown key", f"an entry takes {', '.join(ENTRY_KEYS)}")
    if not _text_value(entry.get("doc")):
        raise bad("doc", "missing or empty" if entry.get("doc") is None else f"must be a file name, not {entry['doc']!r}",
                  "the article's file name, or its doc_id (see `countybrief facts REGION`)")
    for key in ("quote", "sentence", "indicator", "note"):
        if key in entry and not _text_value(entry[key]):
            raise bad(key, f"must be text, not {entry[key]!r}")
    doc = str(entry["doc"]).strip()
    note = str(entry["note"]) if "note" in entry else None
    if "quote" not in entry:
        extra = [k for k in ("sentence", "indicator", "set", "drop") if k in entry]
        if extra:
            raise bad(extra[0], "needs quote: (the figure it applies to)",
                      "an entry without quote: only assigns the article's region:")
        if "region" not in entry:
            raise bad("quote", "missing", "name the figure (quote:), or give the article's region:")
        return Correction(number, doc, region=_region(entry["region"], lambda p: bad("region", p)),
                          note=note)
    if "region" in entry:
        raise bad("region", "an entry with quote: corrects one figure",
                  "write set: {region: NAME} for the figure, or an entry without quote: for the article")
    if "indicator" in entry:
        _indicator(entry["indicator"], lambda p: bad("indicator", p))
    has_set, drop = "set" in entry, entry.get("drop")
    if "drop" in entry and drop is not True:
        raise bad("drop", f"must be true, not {drop!r}", "leave it out to keep the figure")
    if has_set and drop:
        raise bad("drop", "give either set: or drop: true, not both")
    if not has_set and not drop:
        raise bad("set", "missing", "give set: (the fields to correct) or drop: true")
    changes = {}
    if has_set:
        changes = _changes(entry["set"], lambda k, p, h=None: bad(f"set.{k}" if k else "set", p, h))
    return Correction(number, doc, quote=str(entry["quote"]).strip(),
                      sentence=str(entry["sentence"]) if "sentence" in entry else None,
                      indicator=str(entry["indicator"]) if "indicator" in entry else None,
                      changes=changes, drop=bool(drop), note=note)


def _region(value: Any, bad) -> RegionRef:
    from .extract.gazetteer import get_gazetteer
    from .extract.regions import UnknownRegionError, resolve_override

    if not _text_value(value):
        raise bad(f"must be a region name or adcode, not {value!r}")
    try:
        return resolve_override(get_gazetteer(), str(value).strip(), "")
    except UnknownRegionError:
        raise bad(f"unknown region {value!r} (give a name as in the national gazetteer, "
                  "or its 6-digit adcode)") from None


def _indicator(value: Any, bad) -> str:
    from .catalogue import load_catalogue

    if not isinstance(value, str) or value not in load_catalogue():
        raise bad(f"unknown indicator {value!r} (the ids are in data/indicators.yaml; "
                  "`countybrief facts REGION` shows each figure's)")
    return value


def _changes(value: Any, bad) -> dict[str, Any]:
    """``set:`` checked: each key of ``SET_KEYS`` with a value of its kind."""
    if not isinstance(value, dict) or not value:
        raise bad(None, "must be a mapping of fields to new values, e.g. {value: 1102, year: 2018}",
                  f"fields: {', '.join(SET_KEYS)}")
    out: dict[str, Any] = {}
    for key, v in value.items():
        if key not in SET_KEYS:
            raise bad(str(key), "unknown field", f"fields: {', '.join(SET_KEYS)}")
        ok = {
            "value": isinstance(v, (int, float)) and not isinstance(v, bool) and v == v and v >= 0,
            "year": v is None or _is_year(v),
            "since": v is None or _is_year(v),
            "as_of": v is None or (isinstance(v, str) and _AS_OF.fullmatch(v.strip()) is not None),
            "scope": v in ("whole", "part"),
            "part": v is None or _text_value(v),
            "qualifier": v is None or v in _QUALIFIERS,
            "planned": isinstance(v, bool),
            "cumulative": isinstance(v, bool),
            "indicator": True,  # checked below
            "region": True,
        }[key]
        if not ok:
            raise bad(key, f"must be {SET_KEYS[key]}, not {v!r}")
        if key == "indicator":
            v = _indicator(v, lambda p: bad(key, p))
        elif key == "region":
            v = _region(v, lambda p: bad(key, p))
        elif key == "value":
            v = float(v)
        elif key in ("as_of", "part") and v is not None:
            v = str(v).strip()
        out[key] = v
    if out.get("scope") == "whole" and out.get("part"):
        raise bad("part", "a part's name with scope: whole", "scope: part, or part: null")
    return out  # scope: part without part: the figure's own part name is kept


# --- applying -------------------------------------------------------------------------

def _fields(f: Fact, changes: dict[str, Any]) -> dict[str, Any]:
    """The Fact fields ``changes`` give ``f`` (flags kept in step with the fields)."""
    out: dict[str, Any] = {}
    flags = set(f.flags)
    for key, v in changes.items():
        if key == "value":
            out["value"] = v
            flags.discard("digits_missing")
        elif key in ("year", "since", "as_of"):
            out[key] = v
        elif key == "scope":
            out["scope"] = v
            if v == "whole":
                out["part"] = None
        elif key == "part":
            out["part"] = v
            if v is not None:
                out["scope"] = "part"
        elif key == "qualifier":
            out["qualifier"] = v
            (flags.add if v else flags.discard)("approx")
        elif key in ("planned", "cumulative"):
            (flags.add if v else flags.discard)(key)
        elif key == "indicator":
            from .catalogue import indicator

            out["indicator"], out["unit"] = v, indicator(v).unit
        elif key == "region":
            out.update(region=v.name, adcode=v.adcode, province=v.province, city=v.city)
            flags.discard("region_unresolved")
    if flags != set(f.flags):
        out["flags"] = sorted(flags)
    return out


def corrected_fact(f: Fact, changes: dict[str, Any]) -> Fact | None:
    """``f`` with ``changes`` applied, ``corrected`` and the replaced fields in
    ``original`` (as first extracted); None when nothing would change."""
    new = {k: v for k, v in _fields(f, changes).items()
           if (sorted(v) if k == "flags" else v) != (sorted(getattr(f, k)) if k == "flags" else getattr(f, k))}
    if not new:
        return None
    original = dict(f.original or {})
    for k in new:
        old = getattr(f, k)
        original.setdefault(k, list(old) if k == "flags" else old)
    return replace(f, **new, corrected=True, original=original)


@dataclass
class Outcome:
    """What applying a file's corrections did: the corrected extractions, one warning per
    entry that matched nothing (naming the file and the entry), and counts."""

    extractions: list[Extraction]
    warnings: list[str] = field(default_factory=list)
    applied: int = 0


class _Articles:
    """The extractions by article: file names (of an article and of its copies) and doc_ids
    to positions in the list, so that each entry looks up its article directly."""

    def __init__(self, extractions: list[Extraction]) -> None:
        self.by_name: dict[str, list[str]] = {}
        self.positions: dict[str, list[int]] = {}
        for i, ex in enumerate(extractions):
            d = ex.document
            self.positions.setdefault(d.doc_id, []).append(i)
            for name in {d.doc, Path(d.path).name}:
                ids = self.by_name.setdefault(name, [])
                if d.doc_id not in ids:
                    ids.append(d.doc_id)

    def doc_ids(self, doc: str) -> list[str]:
        """The doc_ids an entry's ``doc`` names: by file name, else by doc_id (or its
        first 8 or more hex digits)."""
        if doc in self.by_name:
            return self.by_name[doc]
        key = doc.lower()
        if not _HEX.fullmatch(key):
            return []
        return [doc_id for doc_id in self.positions if doc_id.startswith(key)]


def _matches(c: Correction, f: Fact) -> bool:
    if _norm(f.quote) != _norm(c.quote):
        return False
    if c.sentence and _norm(c.sentence) not in _norm(f.sentence):
        return False
    return not c.indicator or (f.original or {}).get("indicator", f.indicator) == c.indicator


def apply_corrections(extractions: Iterable[Extraction], corrections: list[Correction],
                      path: str | os.PathLike) -> Outcome:
    """Apply ``corrections`` (read from ``path``, named in the warnings) to the
    extractions: first the articles' regions (the article is read again with that
    region, as ``--region`` does), then each figure's entry in file order."""
    exs = list(extractions)
    out = Outcome(exs)
    where = _shown_path(path)

    def warn(c: Correction, why: str) -> None:
        out.warnings.append(f"{where}: {c.label}: {why}; it was not applied (edit or remove the entry)")

    articles = _Articles(exs)
    for c in (c for c in corrections if c.region is not None):
        ids = articles.doc_ids(c.doc)
        if not ids:
            warn(c, f"no article {c.doc} among those extracted")
            continue
        try:
            for i in (i for doc_id in ids for i in articles.positions[doc_id]):
                exs[i] = _with_region(exs[i], c.region)
        except (CountyBriefError, OSError) as exc:
            warn(c, f"{shown(exs[i].document.path)} could not be read again ({exc})")
            continue
        out.applied += 1

    for c in (c for c in corrections if c.region is None):
        ids = articles.doc_ids(c.doc)
        if not ids:
            warn(c, f"no article {c.doc} among those extracted")
            continue
        # the extraction the store keeps is the first of each doc_id (copies follow it)
        hits = [f for doc_id in ids for f in exs[articles.positions[doc_id][0]].facts
                if _matches(c, f)]
        if not hits:
            in_sentence = f" in a sentence with {c.sentence!r}" if c.sentence else ""
            of = f" read as {c.indicator}" if c.indicator else ""
            warn(c, f"{c.doc} has no figure {c.quote!r}{of}{in_sentence} any more")
            continue
        if len(hits) > 1:
            warn(c, f"{c.quote!r} is {len(hits)} figures of {c.doc}; add sentence: (a piece of "
                    "the sentence) or indicator: to say which")
            continue
        target = hits[0]
        key = (target.doc_id, target.indicator, target.span)
        if not c.drop and corrected_fact(target, c.changes) is None:
            warn(c, "changes nothing any more (the figure is now extracted so)")
            continue
        for i in articles.positions[target.doc_id]:
            facts = []
            for f in exs[i].facts:
                if f is target or (f.doc_id, f.indicator, f.span) == key:
                    if c.drop:
                        continue
                    f = corrected_fact(f, c.changes) or f
                facts.append(f)
            exs[i] = replace(exs[i], facts=facts)
        out.applied += 1
    return out


def _with_region(ex: Extraction, region: RegionRef) -> Extraction:
    """The article of ``ex`` extracted again with ``region`` as its own; each figure that
    changes region is ``corrected``, with its former region in ``original``."""
    from .extract import extract_article
    from .ingest import read_article

    new = extract_article(read_article(Path(ex.document.path)), region_override=region.adcode)
    new.document.doc = ex.document.doc  # the name it was found under (a copy keeps its own)
    before = {(f.indicator, f.span): f for f in ex.facts}
    facts = []
    for f in new.facts:
        f = replace(f, doc=ex.document.doc)
        old = before.get((f.indicator, f.span))
        if old is not None and old.adcode != f.adcode:
            original = {"region": old.region, "adcode": old.adcode}
            if sorted(old.flags) != sorted(f.flags):
                original["flags"] = list(old.flags)
            f = replace(f, corrected=True, original=original)
        facts.append(f)
    return replace(new, facts=facts)


def _shown_path(path: str | os.PathLike) -> str:
    """``path`` relative to the current folder when it is inside it."""
    p = Path(path)
    try:
        return shown(p.absolute().relative_to(Path.cwd()))
    except ValueError:
        return shown(p)


def correct(extractions: list[Extraction], root: str | os.PathLike,
            path: str | os.PathLike | None = None) -> Outcome:
    """Read the project's ``corrections.yaml`` (in ``root``, or ``path``) and apply it;
    the extractions unchanged when there is none. ``CorrectionsError`` when malformed."""
    path = Path(path) if path is not None else corrections_path(root)
    entries = load_corrections(path)
    if not entries:
        return Outcome(list(extractions))
    return apply_corrections(extractions, entries, path)
