"""Write the export tables as CSV (facts) or an Excel workbook (facts, documents,
regions: one sheet each), atomically (``storage.write_atomic_local``).

Text from articles is untrusted: in Excel every text cell is stored as text (never a
formula, whatever it starts with); in CSV a text cell starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return gets a leading ``'`` so that a spreadsheet opening the
file shows it as text instead of running it.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path
from typing import Any

import pandas as pd

from .. import storage
from .tables import LIST_COLUMNS

#: sheet names of the workbook, in order
SHEETS = ("facts", "documents", "regions")
#: Excel's limit of characters in a cell
_CELL_MAX = 32767
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _missing(value: Any) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):  # a list
        return False


def _cell_text(name: str, value: Any) -> Any:
    """A cell as CSV and Excel hold it: lists joined by ``;`` (spans as ``start-end``),
    the correction's ``original`` as JSON text, missing values empty."""
    if name in LIST_COLUMNS:
        items = value if isinstance(value, (list, tuple)) else []
        if name == "spans":
            return ";".join(f"{a}-{b}" for a, b in items)
        return ";".join(str(x) for x in items)
    if name == "original":
        return json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else None
    if _missing(value):
        return None
    return value


def flat(table: pd.DataFrame) -> pd.DataFrame:
    """``table`` with list and dict cells as text (``_cell_text``)."""
    out = table.copy()
    for name in out.columns:
        if name in LIST_COLUMNS or name == "original":
            out[name] = [_cell_text(name, v) for v in out[name]]
    return out


def _defused(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_bytes(table: pd.DataFrame) -> bytes:
    """``table`` as UTF-8 CSV with a byte-order mark (Excel then reads the Chinese text)."""
    out = flat(table)
    for name in out.columns:
        if not pd.api.types.is_numeric_dtype(out[name]) and not pd.api.types.is_bool_dtype(out[name]):
            out[name] = out[name].map(_defused)
    buf = io.StringIO()
    out.to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue().encode("utf-8-sig")


def write_csv(table: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write ``table`` to ``path`` as CSV, atomically."""
    return storage.write_atomic_local(path, csv_bytes(table))


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """A workbook with one sheet per table (header row frozen, text never a formula)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    wb = Workbook(write_only=True)
    for name, table in sheets.items():
        ws = wb.create_sheet(title=name)
        ws.freeze_panes = "A2"
        flat_table = flat(table)
        ws.append(list(flat_table.columns))
        for row in flat_table.itertuples(index=False, name=None):
            cells = []
            for value in row:
                value = None if _missing(value) else value
                if hasattr(value, "item"):  # numpy scalars
                    value = value.item()
                if isinstance(value, str):
                    cell = WriteOnlyCell(ws, value=None)
                    cell.value = value[:_CELL_MAX]
                    cell.data_type = "s"  # text, even when it starts with "="
                else:
                    cell = WriteOnlyCell(ws, value=value)
                cells.append(cell)
            ws.append(cells)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_xlsx(sheets: dict[str, pd.DataFrame], path: str | os.PathLike) -> Path:
    """Write the workbook to ``path``, atomically."""
    return storage.write_atomic_local(path, xlsx_bytes(sheets))
