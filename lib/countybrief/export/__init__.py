"""Exports: the facts with their meaning and sources as CSV or Excel
(``countybrief export``), the same table as ``briefing.facts`` in a notebook, and the
listing ``countybrief facts REGION`` that gives each figure's correction keys.

- ``tables``: the documented columns (``FACT_COLUMNS``, ``DOCUMENT_COLUMNS``, ``REGION_COLUMNS``)
- ``files``: CSV and XLSX writing (atomic; article text never read as a formula)
- ``listing``: the aligned facts listing and ready-to-edit correction entries
"""

from __future__ import annotations

from typing import Iterable

import pandas as pd

from ..store import Store
from .tables import (DOCUMENT_COLUMNS, FACT_COLUMNS, REGION_COLUMNS, documents_table,
                     facts_table, regions_table)

__all__ = ["DOCUMENT_COLUMNS", "FACT_COLUMNS", "REGION_COLUMNS", "documents_table",
           "export_sheets", "facts_table", "regions_table", "select"]


def select(store: Store, keys: Iterable[str] = ()) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The store's facts, documents and regions of the regions named by ``keys`` (name,
    adcode or ``adcode-name``; an unknown one is a ``StoreError`` listing the known ones),
    or everything (figures of no region included) when ``keys`` is empty."""
    keys = [k for k in keys if str(k).strip()]
    if not keys:
        return store.facts, store.documents, store.regions
    codes: list[str] = []
    for key in keys:
        code = store.region(key).adcode
        if code not in codes:
            codes.append(code)
    facts = store.facts[store.facts["adcode"].isin(codes)]
    doc_ids: set[str] = set(facts["doc_id"])
    regions = store.regions[store.regions["adcode"].isin(codes)]
    for docs in regions["docs"]:
        doc_ids |= set(docs if docs is not None else ())
    documents = store.documents[store.documents["doc_id"].isin(doc_ids)]
    order = {c: i for i, c in enumerate(codes)}
    regions = regions.assign(_o=regions["adcode"].map(order)).sort_values("_o").drop(columns="_o")
    return facts.reset_index(drop=True), documents.reset_index(drop=True), regions.reset_index(drop=True)


def export_sheets(store: Store, keys: Iterable[str] = (), lang: str = "zh") -> dict[str, pd.DataFrame]:
    """The workbook's sheets (``facts``, ``documents``, ``regions``) for ``keys`` (see ``select``)."""
    facts, documents, regions = select(store, keys)
    return {"facts": facts_table(facts, documents, lang),
            "documents": documents_table(documents, facts),
            "regions": regions_table(regions)}
