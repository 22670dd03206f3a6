"""Load one region's slice of the extracted data for a briefing.

The store at ``data_dir`` is used when it exists; otherwise the articles in ``raw_dir``
are extracted in memory (nothing is written), so a fresh checkout still renders.
``data_dir`` may be an fsspec URL (``s3://bucket/cb/extracted``): the store is read
through its local copy (``storage.local_store``), refreshed when the remote one changes.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .. import storage
from ..errors import StoreError
from ..model import RegionRef
from ..store import Store, build_tables, has_store, open_store
from ..store.frames import frames
from ..store.parquet import MANIFEST
from .format import is_missing


@dataclass
class RegionData:
    """Everything a briefing shows: one region, its facts and its documents."""

    region: RegionRef
    facts: pd.DataFrame  # the store's facts columns, only this region
    documents: pd.DataFrame  # documents with facts for, or naming, this region
    origin: str  # where the data came from: the store folder or the raw folder
    built_from_raw: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def years(self) -> list[int]:
        """Years of the facts and of the documents' publication dates."""
        ys = [int(y) for y in self.facts["year"] if not is_missing(y)]
        for d in self.documents["published"]:
            if isinstance(d, str) and d[:4].isdigit():
                ys.append(int(d[:4]))
        return sorted(set(ys))

    def document(self, doc_id: str) -> dict[str, Any] | None:
        """A document row as a dict, or None."""
        hit = self.documents[self.documents["doc_id"] == doc_id]
        return None if hit.empty else hit.iloc[0].to_dict()


def _frames_from_tables(tables: dict[str, Any], path: Path) -> Store:
    return Store(path=path, manifest={"built_from": str(path)}, **frames(tables))


def build_store_from_raw(raw_dir: str | os.PathLike) -> Store:
    """Extract every article under ``raw_dir`` in memory and return the tables as a Store."""
    raw = Path(raw_dir)
    if not raw.exists():
        raise StoreError(raw, "neither extracted data nor raw articles found",
                         "pass data_dir= an extracted store or raw_dir= a folder of articles")
    try:
        from ..extract import extract_article
        from ..ingest import iter_article_paths, read_article
    except ImportError as exc:
        raise StoreError(raw, f"cannot extract raw articles here ({exc})",
                         "run `countybrief extract` first and pass its output as data_dir") from None
    extractions = [extract_article(read_article(p)) for p in iter_article_paths([raw])]
    # the analyst's corrections apply here too, as on every `countybrief extract`: those of
    # the project (the nearest countybrief.yaml) the articles belong to
    from ..corrections import correct
    from ..project import find_config

    config = find_config(raw)
    if config is not None:
        extractions = correct(extractions, config.parent).extractions
    return _frames_from_tables(build_tables(extractions), raw)


#: The last store opened in this process, with the file signature it was read at. A warm
#: kernel renders region after region from the same store: it is read once, not per region.
_OPENED: dict[str, tuple[tuple, Store]] = {}


def _signature(root: Path) -> tuple | None:
    """Size and mtime of the manifest and of every table file (the store is swapped in as
    a new folder, so any rebuild changes them); None when a file is missing."""
    sig = []
    for name in (MANIFEST, *sorted(p.name for p in root.glob("*.parquet"))):
        try:
            st = (root / name).stat()
        except OSError:
            return None
        sig.append((name, st.st_size, st.st_mtime_ns, st.st_ino))
    return tuple(sig)


def open_store_cached(data_dir: str | os.PathLike) -> Store:
    """``open_store(data_dir)``, reusing the store read last in this process while its
    files are unchanged. Callers must not modify the returned frames in place."""
    root = Path(data_dir)
    key, sig = f"{os.fspath(data_dir)}\0{root.resolve()}", _signature(root)
    hit = _OPENED.get(key)
    if sig is not None and hit is not None and hit[0] == sig:
        return hit[1]
    store = open_store(data_dir)
    _OPENED.clear()  # one store kept: memory stays flat whatever the number of regions
    if sig is not None and sig == _signature(root):
        _OPENED[key] = (sig, store)
    return store


def _from_notebooks(path: str | os.PathLike | None) -> str | os.PathLike | None:
    """A relative path of the template's defaults ("../data/extracted", meant from
    ``notebooks/``) as found from the working directory: as it is when it exists there, else
    from the ``notebooks/`` folder of the nearest project above (papermill run from the
    repository root, or from a subfolder)."""
    if path is None or storage.is_url(path) or Path(path).is_absolute() or Path(path).exists():
        return path
    for base in [Path.cwd(), *Path.cwd().parents]:
        candidate = base / "notebooks" / path
        if (base / "notebooks").is_dir() and candidate.exists():
            return os.path.normpath(candidate)
    return path


def load_store(data_dir: str | os.PathLike | None, raw_dir: str | os.PathLike | None = None) -> Store:
    """The store at ``data_dir`` if there is one, else one built in memory from ``raw_dir``
    (relative paths as the template means them, see ``_from_notebooks``)."""
    data_dir, raw_dir = _from_notebooks(data_dir), _from_notebooks(raw_dir)
    if storage.is_url(data_dir):
        try:
            local = storage.local_store(str(data_dir))
        except StoreError:
            if raw_dir:
                return build_store_from_raw(raw_dir)
            raise
        store = open_store_cached(local)
        store.source = str(data_dir)
        return store
    if data_dir and has_store(data_dir):  # a folder that is no store: StoreError
        return open_store_cached(data_dir)
    if raw_dir:
        return build_store_from_raw(raw_dir)
    return open_store(data_dir or ".")  # raises StoreError with the rebuild hint


def _adcode_text(adcode: Any) -> str:
    """An adcode as given by papermill's ``-p`` (an int) or a parameters file (a str)."""
    if adcode is None or (isinstance(adcode, float) and adcode != adcode):
        return ""
    if isinstance(adcode, (int, float)) and not isinstance(adcode, bool):
        return f"{int(adcode):06d}"
    return str(adcode).strip()


def region_slice(store: Store, region: str | None, adcode: Any) -> RegionData:
    """One region's facts and documents; the region is found by adcode, else by name. A
    region and an adcode that name different regions are an error naming both."""
    code, name = _adcode_text(adcode), (region or "").strip() if isinstance(region, str) else str(region or "")
    if not code and not name:
        raise StoreError(store.path, "no region given", "set the region or adcode parameter")
    ref = store.region(code or name)
    warnings: list[str] = []
    if code and name and name not in (ref.name, ref.adcode):
        other = None
        try:
            other = store.region(name)
        except StoreError:
            pass
        if other is None or other.adcode != ref.adcode:
            raise StoreError(store.path, f"region {name!r} and adcode {code} ({ref.name}) name different regions",
                             "give the region, the adcode, or both of the same region")
    facts = store.region_facts(ref.adcode)
    documents = store.region_documents(ref.adcode)
    return RegionData(region=ref, facts=facts, documents=documents,
                      origin=str(store.source or store.path),
                      warnings=warnings)


def load_region(region: str | None, adcode: str | None, data_dir: str | os.PathLike | None,
                raw_dir: str | os.PathLike | None = None) -> RegionData:
    """Load the briefing data of one region (see module docstring for the fallback)."""
    store = load_store(data_dir, raw_dir)
    data = region_slice(store, region, adcode)
    data.built_from_raw = "built_from" in store.manifest  # see ``_frames_from_tables``
    return data


def json_list(value: Any) -> list[Any]:
    """A documents.restorations/masked cell (JSON text or list) as a list."""
    if value is None or (isinstance(value, float) and value != value):
        return []
    if isinstance(value, str):
        try:
            parsed = json.loads(value or "[]")
        except ValueError:
            return []
        return parsed if isinstance(parsed, list) else []
    return list(value)
