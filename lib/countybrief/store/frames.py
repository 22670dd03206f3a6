"""The store's Arrow tables as pandas DataFrames with plain Python cells."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import pyarrow as pa


def original_of(value: Any) -> dict[str, Any] | None:
    """A fact's ``original`` cell (JSON text of the fields an analyst's correction
    replaced, or a dict) as a dict; None when the fact was never corrected."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str) and value:
        try:
            parsed = json.loads(value)
        except ValueError:
            return None
        return parsed if isinstance(parsed, dict) else None
    return None


def _flags(value) -> list[str]:
    return list(value) if value is not None else []


def _spans(value: str | None) -> list[list[int]]:
    return [[int(a), int(b)] for a, b in json.loads(value)] if value else []


def facts_frame(table: pa.Table) -> pd.DataFrame:
    """``facts`` as a DataFrame: ``flags`` a list of str, ``spans`` (JSON in the table) a list
    of ``[start, end]`` int lists, ``year`` and ``since`` nullable ``Int64``, ``corrected`` bool."""
    facts = table.to_pandas()
    facts["flags"] = facts["flags"].map(_flags)
    if "spans" in facts:
        facts["spans"] = facts["spans"].map(_spans)
    for name in ("year", "since"):
        if name in facts:
            facts[name] = facts[name].astype("Int64")
    if "corrected" in facts:  # ``original`` stays JSON text (read with ``original_of``)
        facts["corrected"] = facts["corrected"].fillna(False).astype(bool)
    return facts


def frames(tables: dict[str, pa.Table]) -> dict[str, pd.DataFrame]:
    """Every table as a DataFrame (``facts`` through :func:`facts_frame`)."""
    out = {name: t.to_pandas() for name, t in tables.items() if name != "facts"}
    out["facts"] = facts_frame(tables["facts"])
    return out
