"""The store's tables as flat, documented DataFrames: ``briefing.facts`` in a notebook,
and the sheets of ``countybrief export --csv/--xlsx`` (the same column names).

No column name is an attribute of ``pandas.DataFrame`` (``facts.flags`` would be the
frame's own ``flags``, not the column): the store's ``flags`` is ``fact_flags`` here.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..catalogue import load_catalogue
from ..store.frames import original_of

#: facts columns, in order, with their meaning (README "Exports")
FACT_COLUMNS: dict[str, str] = {
    "fact_id": "id of the figure in the store (stable while its article and reading are)",
    "region": "region the figure is of (gazetteer name), or empty when the article names none",
    "adcode": "6-digit code of the region (text)",
    "province": "province of the region",
    "city": "prefecture-level city of the region",
    "indicator": "indicator id (data/indicators.yaml)",
    "indicator_label": "the indicator's name, in the briefing's (export's) language",
    "value": "number in the canonical unit (money in 元); empty when the source lost the digits",
    "unit": "canonical unit",
    "qualifier": "how the text bounds the figure: over, under, about, or empty",
    "year": "the year the text states for the figure, or empty",
    "since": "start year of a running total, or empty",
    "as_of": "YYYY-MM of a stock at a stated date, or empty",
    "scope": "whole (the region's own total) or part (a village, programme, batch)",
    "part": "the part's name when scope is part",
    "planned": "true when the figure is a plan or target, not a result",
    "cumulative": "true when the figure adds up several years",
    "fact_flags": "every marker of the figure (approx, planned, cumulative, conflict, "
                  "digits_missing, person_times, region_unresolved, masked_text); a list, "
                  "in CSV joined by ;",
    "corrected": "true when corrections.yaml changed the figure",
    "original": "the fields a correction replaced, as extracted (a dict; JSON text in "
                "CSV and Excel), or empty",
    "quote": "the figure as written in the article",
    "sentence": "the source sentence (normalised)",
    "span_start": "offset of the figure in the decoded article file",
    "span_end": "end offset of the figure",
    "spans": "every [start, end] of the figure repeated on its page; a list, in CSV "
             "start-end pairs joined by ;",
    "doc": "file name of the article",
    "doc_id": "sha1 of the article's normalised text",
    "title": "the article's title",
    "outlet": "the outlet that published it",
    "published": "publication date (YYYY-MM-DD), or empty",
    "path": "path of the article file as extracted (articles carry no URL)",
}

#: documents columns (the store's, without the article text and its masking details)
DOCUMENT_COLUMNS: dict[str, str] = {
    "doc_id": "sha1 of the article's normalised text",
    "doc": "file name",
    "path": "path of the article file as extracted",
    "title": "title",
    "published": "publication date (YYYY-MM-DD)",
    "outlet": "outlet",
    "author": "author",
    "editor": "editor",
    "encoding": "encoding the file was read in",
    "region": "the article's own region, or empty",
    "adcode": "its 6-digit code",
    "n_facts": "figures extracted from it",
    "issues": "data-quality codes (region_unresolved, digits_missing:N, ...); a list, in CSV joined by ;",
    "duplicates": "other file names with the same text; a list, in CSV joined by ;",
}

#: regions columns
REGION_COLUMNS: dict[str, str] = {
    "adcode": "6-digit code",
    "name": "gazetteer name",
    "province": "province",
    "city": "prefecture-level city",
    "level": "county, prefecture or province",
    "full_name": "province · city · county",
    "n_facts": "figures of the region",
    "docs": "doc_ids of the articles with figures for, or naming, it; a list, in CSV joined by ;",
}

#: columns holding lists (joined by ``;`` in CSV)
LIST_COLUMNS = ("fact_flags", "spans", "issues", "duplicates", "docs")


def _list(value: Any) -> list:
    if value is None or (isinstance(value, float) and value != value):
        return []
    return list(value)


def facts_table(facts: pd.DataFrame, documents: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The store's ``facts`` (any slice of them) with their documents' title, outlet and
    path, as the columns of ``FACT_COLUMNS`` in that order (one row per figure)."""
    catalogue = load_catalogue()
    f = facts.reset_index(drop=True)
    n = len(f)

    def col(name: str, default: Any = None) -> pd.Series:
        return f[name] if name in f else pd.Series([default] * n, dtype=object)

    flags = col("flags").map(_list)
    out = pd.DataFrame({
        "fact_id": col("fact_id"), "region": col("region"), "adcode": col("adcode"),
        "province": col("province"), "city": col("city"), "indicator": col("indicator"),
        "indicator_label": col("indicator").map(
            lambda i: catalogue[i].name(lang) if i in catalogue else i),
        "value": pd.to_numeric(col("value"), errors="coerce").astype(float),
        "unit": col("unit"), "qualifier": col("qualifier"),
        "year": col("year").astype("Int64"), "since": col("since").astype("Int64"),
        "as_of": col("as_of"), "scope": col("scope", "whole"), "part": col("part"),
        "planned": flags.map(lambda fl: "planned" in fl).astype(bool),
        "cumulative": flags.map(lambda fl: "cumulative" in fl).astype(bool),
        "fact_flags": flags.map(sorted),
        "corrected": col("corrected", False).fillna(False).astype(bool),
        "original": col("original").map(original_of),
        "quote": col("quote"), "sentence": col("sentence"),
        "span_start": col("span_start").astype("Int64"), "span_end": col("span_end").astype("Int64"),
        "spans": col("spans").map(lambda v: [list(map(int, s)) for s in _list(v)]),
        "doc": col("doc"), "doc_id": col("doc_id"),
    })
    docs = documents.set_index("doc_id") if len(documents) else None
    for name in ("title", "outlet", "published", "path"):
        if docs is not None and name in docs:
            out[name] = out["doc_id"].map(docs[name])
        else:
            out[name] = None
    # a figure's own publication date is its document's (kept when the store has one)
    if "published" in f:
        out["published"] = f["published"].where(f["published"].notna(), out["published"])
    return out[list(FACT_COLUMNS)]


def documents_table(documents: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """``documents`` as the columns of ``DOCUMENT_COLUMNS`` (``n_facts`` counted in ``facts``)."""
    d = documents.reset_index(drop=True).copy()
    counts = facts["doc_id"].value_counts() if len(facts) else pd.Series(dtype=int)
    d["n_facts"] = d["doc_id"].map(counts).fillna(0).astype(int)
    for name in ("issues", "duplicates"):
        d[name] = d[name].map(_list) if name in d else [[] for _ in range(len(d))]
    for name in DOCUMENT_COLUMNS:
        if name not in d:
            d[name] = None
    return d[list(DOCUMENT_COLUMNS)]


def regions_table(regions: pd.DataFrame) -> pd.DataFrame:
    """``regions`` as the columns of ``REGION_COLUMNS``."""
    r = regions.reset_index(drop=True).copy()
    r["docs"] = r["docs"].map(_list) if "docs" in r else [[] for _ in range(len(r))]
    r["n_facts"] = r["n_facts"].astype(int) if "n_facts" in r else 0
    return r[list(REGION_COLUMNS)]
