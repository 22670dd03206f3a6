"""``countybrief facts REGION``: a region's figures with the keys a correction needs
(file, quote), as an aligned table or as ready-to-edit ``corrections.yaml`` entries."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

import pandas as pd
import yaml

from ..errors import escape_text

#: listing columns: (header, maximum display width; None: the rest of the line)
COLUMNS = (("#", None), ("doc", 28), ("quote", 16), ("indicator", 30), ("value", 14),
           ("year", 9), ("scope/part", 14), ("flags", 24), ("sentence", None))
_SNIPPET = 18  # characters of the sentence either side of the quote


def width(text: str) -> int:
    """Columns ``text`` takes on a terminal: East Asian wide and full-width characters two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def clip(text: str, most: int) -> str:
    """``text`` cut to ``most`` display columns, ending in ``…`` when cut."""
    if width(text) <= most:
        return text
    out, used = "", 0
    for ch in text:
        w = width(ch)
        if used + w > most - 1:
            break
        out, used = out + ch, used + w
    return out + "…"


def pad(text: str, to: int) -> str:
    return text + " " * max(0, to - width(text))


def _missing(v: Any) -> bool:
    try:
        return v is None or bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _value(v: Any, unit: Any) -> str:
    if _missing(v):
        return "?"
    number = f"{float(v):,.6f}".rstrip("0").rstrip(".")
    return f"{number} {unit}" if unit and not _missing(unit) else number


def _when(row: pd.Series) -> str:
    year = "" if _missing(row["year"]) else str(int(row["year"]))
    if not _missing(row["since"]):
        return f"{int(row['since'])}-{year}"
    if not _missing(row["as_of"]):
        return f"@{row['as_of']}"
    return year or "-"


def _scope(row: pd.Series) -> str:
    return f"part:{row['part']}" if row["scope"] == "part" and not _missing(row["part"]) else str(row["scope"] or "whole")


def snippet(sentence: Any, quote: Any, around: int = _SNIPPET) -> str:
    """The sentence around its quote (``…`` where cut)."""
    s, q = "" if _missing(sentence) else str(sentence), "" if _missing(quote) else str(quote)
    i = s.find(q) if q else -1
    if i < 0:
        return s[: 2 * around] + ("…" if len(s) > 2 * around else "")
    start, end = max(0, i - around), min(len(s), i + len(q) + around)
    return ("…" if start else "") + s[start:end] + ("…" if end < len(s) else "")


def rows(facts: pd.DataFrame) -> list[list[str]]:
    """One list of cells per figure (``COLUMNS``), in file and text order; ``facts`` is a
    ``export.tables.facts_table``."""
    ordered = facts.sort_values(["doc", "span_start"], kind="stable", na_position="last")
    out = []
    for no, (_, r) in enumerate(ordered.iterrows(), 1):
        flags = [f for f in r["fact_flags"] if f not in ("planned", "cumulative")]
        flags = [f for f, on in (("planned", r["planned"]), ("cumulative", r["cumulative"])) if on] + flags
        if r["corrected"]:
            flags.append("corrected")
        out.append([str(no), str(r["doc"]), str(r["quote"]), str(r["indicator"]),
                    _value(r["value"], r["unit"]), _when(r), _scope(r), ",".join(flags) or "-",
                    snippet(r["sentence"], r["quote"])])
    return out


def table_text(facts: pd.DataFrame) -> str:
    """The aligned listing (display widths, so Chinese text lines up), control characters escaped."""
    body = [[escape_text(c) for c in row] for row in rows(facts)]
    headers = [h for h, _ in COLUMNS]
    widths = []
    for k, (header, most) in enumerate(COLUMNS):
        cells = [header] + [row[k] for row in body]
        if most is not None:
            cells = [clip(c, most) for c in cells]
            for row in body:
                row[k] = clip(row[k], most)
        widths.append(max(width(c) for c in cells))
    lines = []
    for row in [headers, *body]:
        cells = [pad(c, widths[k]) if k < len(row) - 1 else c for k, c in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def _number(v: Any) -> int | float:
    v = float(v)
    return int(v) if v.is_integer() else v


def _dump(entry: dict[str, Any]) -> str:
    text = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=10_000,
                          default_flow_style=None)
    return text


def entries_yaml(facts: pd.DataFrame, heading: str = "") -> str:
    """Ready-to-edit ``corrections.yaml`` entries, one per figure: the keys that find it
    (``doc``, ``quote``, and ``indicator`` or ``sentence`` when the quote alone is
    ambiguous in its article) and a ``set:`` with its current reading, to edit (or
    replace by ``drop: true``). Entries left as they are change nothing and are reported."""
    ordered = facts.sort_values(["doc", "span_start"], kind="stable", na_position="last")
    out = ["# Copy the entries to correct into corrections.yaml (in the project folder), edit",
           "# their set: (or write drop: true instead), then run `countybrief extract` again.",
           "# README, \"Correcting a figure\", lists the fields."]
    if heading:
        out.insert(0, f"# {heading}")
    key_counts = ordered.groupby(["doc", ordered["quote"].astype(str)]).size()
    for _, r in ordered.iterrows():
        entry: dict[str, Any] = {"doc": str(r["doc"]), "quote": str(r["quote"])}
        if key_counts.get((r["doc"], str(r["quote"])), 0) > 1:
            same = ordered[(ordered["doc"] == r["doc"]) & (ordered["quote"].astype(str) == str(r["quote"]))]
            if (same["indicator"] == r["indicator"]).sum() == 1:
                entry["indicator"] = str(r["indicator"])
            else:
                entry["sentence"] = str(r["sentence"])
        reading: dict[str, Any] = {
            "value": None if _missing(r["value"]) else _number(r["value"]),
            "year": None if _missing(r["year"]) else int(r["year"]),
            "scope": str(r["scope"] or "whole"),
        }
        if r["scope"] == "part":
            reading["part"] = None if _missing(r["part"]) else str(r["part"])
        reading["planned"] = bool(r["planned"])
        if reading["value"] is None:
            del reading["value"]  # digits missing: a value is for the analyst to give
        entry["set"] = reading
        comment = f"# {r['indicator']} ({r['indicator_label']}): {snippet(r['sentence'], r['quote'])}"
        out.append(escape_text(comment))
        if r["corrected"]:
            was = json.dumps(r["original"], ensure_ascii=False)
            out.append(escape_text(f"# corrected already; as extracted: {was}"))
        out.append(escape_text(_dump(entry).rstrip("\n"), keep_newlines=True))
    return "\n".join(out) + "\n"
