"""Schema of the extracted-data store (``data/extracted/``).

Three Parquet tables and a manifest, documented in the README:

- ``documents.parquet``: one row per distinct article (duplicates by normalised text are dropped)
- ``facts.parquet``: one row per extracted figure, with its provenance
- ``regions.parquet``: every region with facts or named by a document
- ``manifest.json``: ``{"schema_version", "package_version", "created", "counts"}``

Bump ``SCHEMA_VERSION`` whenever a column is added, removed or changes meaning, and
add a migration to ``MIGRATIONS`` when old data can be upgraded in place; when it cannot,
say why in ``REFUSED`` (the error then tells the user why and how to rebuild).

Version 2 (facts): ``year`` is the year the text states (null when it states none; in
version 1 it defaulted to the publication year), and new columns ``since``, ``as_of``,
``scope``, ``part``, ``qualifier``, ``published`` and ``spans`` (every ``[start, end]`` of
a figure repeated on its page, stored as a JSON string ``"[[start, end], ...]"`` like the
other nested columns, so that any Parquet reader gets exact values; ``open_store``
decodes it to Python lists of two ints).

Version 3 (facts): ``corrected`` (bool: an analyst's correction in ``corrections.yaml``
changed or assigned the fact) and ``original`` (JSON text of the fields the correction
changed, as extracted: ``{"value": 1012.0, "year": null}``; null when not corrected). A
version-2 store is migrated on reading: no fact of it was corrected.
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = 3

DOCUMENTS = pa.schema([
    ("doc_id", pa.string()),
    ("doc", pa.string()),
    ("path", pa.string()),
    ("title", pa.string()),
    ("published", pa.string()),
    ("outlet", pa.string()),
    ("author", pa.string()),
    ("editor", pa.string()),
    ("encoding", pa.string()),
    ("region", pa.string()),
    ("adcode", pa.string()),
    ("text", pa.string()),
    ("issues", pa.list_(pa.string())),  # codes: region_unresolved, digits_missing:N, masked_restored:N, masked_left:N, truncated
    ("restorations", pa.string()),  # JSON list
    ("masked", pa.string()),  # JSON list
    ("duplicates", pa.list_(pa.string())),  # other file names with the same text
])

FACTS = pa.schema([
    ("fact_id", pa.string()),
    ("doc_id", pa.string()),
    ("doc", pa.string()),
    ("region", pa.string()),
    ("adcode", pa.string()),
    ("province", pa.string()),
    ("city", pa.string()),
    ("indicator", pa.string()),
    ("value", pa.float64()),
    ("unit", pa.string()),
    ("year", pa.int64()),  # the year the text states, or null
    ("since", pa.int64()),  # start year of a cumulative figure, or null
    ("as_of", pa.string()),  # "YYYY-MM" of a stock at a stated date, or null
    ("scope", pa.string()),  # "whole" | "part"
    ("part", pa.string()),  # name of the part when scope == "part"
    ("qualifier", pa.string()),  # "over" | "under" | "about" | null
    ("published", pa.string()),  # ISO date of the document, or null
    ("flags", pa.list_(pa.string())),
    ("sentence", pa.string()),
    ("span_start", pa.int64()),
    ("span_end", pa.int64()),
    ("spans", pa.string()),  # JSON [[start, end], ...]: every repeat of the figure on the page
    ("quote", pa.string()),
    ("corrected", pa.bool_()),  # changed by corrections.yaml (countybrief.corrections)
    ("original", pa.string()),  # JSON {field: extracted value} of the changed fields, or null
])

REGIONS = pa.schema([
    ("adcode", pa.string()),
    ("name", pa.string()),
    ("province", pa.string()),
    ("city", pa.string()),
    ("level", pa.string()),
    ("full_name", pa.string()),
    ("n_facts", pa.int64()),
    ("docs", pa.list_(pa.string())),  # doc_ids of documents with facts for or naming it
])

TABLES = {"documents": DOCUMENTS, "facts": FACTS, "regions": REGIONS}



def _v2_to_v3(tables: dict[str, pa.Table]) -> dict[str, pa.Table]:
    """Version 2 -> 3: every fact uncorrected (``corrected`` false, ``original`` null)."""
    facts = tables["facts"]
    n = facts.num_rows
    if "corrected" not in facts.column_names:
        facts = facts.append_column("corrected", pa.array([False] * n, pa.bool_()))
    if "original" not in facts.column_names:
        facts = facts.append_column("original", pa.nulls(n, pa.string()))
    return {**tables, "facts": facts}


#: schema_version -> function(tables: dict[str, pa.Table]) -> dict[str, pa.Table] (to version+1)
MIGRATIONS: dict[int, object] = {2: _v2_to_v3}

#: schema_version -> why a store of that version cannot be migrated (it must be rebuilt)
REFUSED: dict[int, str] = {
    1: "its fact years were filled with the publication year where the text states none, "
       "so stated and assumed years cannot be told apart",
}
