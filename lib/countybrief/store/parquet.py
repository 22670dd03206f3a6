"""Write and read the extracted-data store: Parquet tables swapped in atomically."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import shlex
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .. import __version__, storage
from ..errors import NoStoreError, StoreError
from ..model import Extraction, RegionRef
from ..procs import pid_running
from .frames import frames
from .schema import MIGRATIONS, REFUSED, SCHEMA_VERSION, TABLES

MANIFEST = "manifest.json"
#: a temporary store folder older than this is left over from a killed run
STALE_SECONDS = 60


def _fact_id(doc_id: str, indicator: str, start: int, end: int) -> str:
    key = f"{doc_id}:{indicator}:{start}:{end}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def _value_key(value: float | None) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), 6)


def build_tables(extractions: Iterable[Extraction]) -> dict[str, pa.Table]:
    """Turn extraction results into the store's tables.

    An article ingested twice (same normalised text) is kept once; its other file
    names are listed in ``documents.duplicates``. Comparable facts (see
    ``_comparable_key``) with different values in different documents get ``conflict``.
    """
    docs: dict[str, dict] = {}
    facts: list[dict] = []
    regions: dict[str, RegionRef] = {}
    region_docs: dict[str, set[str]] = {}

    for ex in extractions:
        d = ex.document
        if d.doc_id in docs:
            docs[d.doc_id]["duplicates"].append(d.doc)
            continue
        docs[d.doc_id] = {
            "doc_id": d.doc_id, "doc": d.doc, "path": d.path, "title": d.title,
            "published": d.published, "outlet": d.outlet, "author": d.author,
            "editor": d.editor, "encoding": d.encoding, "region": d.region,
            "adcode": d.adcode, "text": d.text, "issues": list(d.issues),
            "restorations": json.dumps(d.restorations, ensure_ascii=False),
            "masked": json.dumps(d.masked, ensure_ascii=False), "duplicates": [],
        }
        for r in ex.regions:
            regions.setdefault(r.adcode, r)
            region_docs.setdefault(r.adcode, set()).add(d.doc_id)
        for f in ex.facts:
            rec = f.to_record()
            rec["doc_id"] = d.doc_id
            rec["published"] = rec.get("published") or d.published
            rec["flags"] = sorted(set(rec["flags"]))
            rec["spans"] = json.dumps(rec["spans"])
            rec["corrected"] = bool(rec.get("corrected"))
            rec["original"] = (json.dumps(rec["original"], ensure_ascii=False)
                               if rec.get("original") else None)
            rec["fact_id"] = _fact_id(d.doc_id, f.indicator, rec["span_start"], rec["span_end"])
            facts.append(rec)
            if f.adcode:
                region_docs.setdefault(f.adcode, set()).add(d.doc_id)

    _flag_conflicts(facts)

    n_facts: dict[str, int] = {}
    for rec in facts:
        if rec["adcode"]:
            n_facts[rec["adcode"]] = n_facts.get(rec["adcode"], 0) + 1
    region_rows = [
        {
            "adcode": r.adcode, "name": r.name, "province": r.province, "city": r.city,
            "level": r.level, "full_name": r.full_name, "n_facts": n_facts.get(code, 0),
            "docs": sorted(region_docs.get(code, ())),
        }
        for code, r in sorted(regions.items())
    ]
    return {
        "documents": pa.Table.from_pylist(list(docs.values()), schema=TABLES["documents"]),
        "facts": pa.Table.from_pylist(
            [{k: rec.get(k) for k in TABLES["facts"].names} for rec in facts],
            schema=TABLES["facts"],
        ),
        "regions": pa.Table.from_pylist(region_rows, schema=TABLES["regions"]),
    }


def _comparable_key(rec: dict) -> tuple | None:
    """The key under which facts of different documents must agree, or None for a fact
    that is compared with nothing: no region, stated year or value, a plan, or a figure
    of a part of the region (a village, a programme, a batch). Cumulative figures are
    compared only with cumulative ones of the same start year, stocks at a stated date
    only with stocks at the same date."""
    if rec["adcode"] is None or rec["year"] is None or rec["value"] is None:
        return None
    if "planned" in rec["flags"] or rec.get("scope") == "part":
        return None
    cumulative = "cumulative" in rec["flags"]
    return (rec["adcode"], rec["indicator"], rec["year"], cumulative,
            rec.get("since") if cumulative else None, rec.get("as_of"))


def _flag_conflicts(facts: list[dict]) -> None:
    groups: dict[tuple, list[dict]] = {}
    for rec in facts:
        key = _comparable_key(rec)
        if key is not None:
            groups.setdefault(key, []).append(rec)
    for group in groups.values():
        by_doc: dict[str, set] = {}
        for rec in group:
            by_doc.setdefault(rec["doc_id"], set()).add(_value_key(rec["value"]))
        if len(by_doc) < 2:
            continue
        # a conflict: two documents whose value sets for this key do not overlap
        docs = list(by_doc.items())
        clashing = {
            a for a, va in docs for b, vb in docs if a != b and not (va & vb)
        }
        for rec in group:
            if rec["doc_id"] in clashing and "conflict" not in rec["flags"]:
                rec["flags"] = sorted([*rec["flags"], "conflict"])


def write_store(extractions: Iterable[Extraction], out_dir: str | os.PathLike, *,
                corpus: list[str] | None = None) -> dict[str, int]:
    """Write the store to ``out_dir`` atomically; returns row counts per table.
    ``corpus``: the article paths it was built from, recorded in the manifest
    (``project.check_corpus`` refuses to replace it with another corpus's data).

    Tables go to a temporary sibling folder first, which then replaces ``out_dir``:
    a run killed midway leaves the previous store intact. ``out_dir`` may be an fsspec
    URL: the store is written so in a local temporary folder, then published
    (``storage.publish_store``: tables first, manifest last).
    """
    tables = build_tables(extractions)
    return write_tables(tables, out_dir, extra={"corpus": corpus} if corpus is not None else None)


def write_tables(tables: dict[str, pa.Table], out_dir: str | os.PathLike,
                 extra: dict | None = None) -> dict[str, int]:
    if storage.is_url(out_dir):  # written here as below, then published (``storage``)
        return storage.write_tables_url(tables, str(out_dir), extra)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise StoreError(out, "is a file, not a store folder",
                         "give --data a folder (it is created if missing)")
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale(out)
    tmp = storage.make_temp_dir(out.parent, f".{out.name}.")
    try:
        for name, table in tables.items():
            pq.write_table(table, tmp / f"{name}.parquet")
        counts = {name: t.num_rows for name, t in tables.items()}
        manifest = {
            "schema_version": SCHEMA_VERSION,
            "package_version": __version__,
            "created": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "counts": counts,
            **(extra or {}),
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        _swap_dir(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return counts


def _remove_stale(out: Path) -> None:
    """Remove temporary folders left by a write that was killed (their writer is gone)."""
    for stale in out.parent.glob(f".{out.name}.*"):
        pid = stale.name.rsplit("-", 1)[-1] if ".old-" in stale.name else None
        if pid and pid.isdigit() and _alive(int(pid)):
            continue
        if stale.is_dir() and time.time() - stale.stat().st_mtime > STALE_SECONDS:
            shutil.rmtree(stale, ignore_errors=True)


def _alive(pid: int) -> bool:
    return pid != os.getpid() and pid_running(pid)


def _swap_dir(new: Path, target: Path) -> None:
    """Replace ``target`` by ``new``; the old folder is moved aside, then removed."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        if old.exists():
            shutil.rmtree(old)
        os.replace(target, old)
    os.replace(new, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


@dataclass
class Store:
    """The extracted data, as pandas DataFrames."""

    path: Path
    manifest: dict
    documents: pd.DataFrame
    facts: pd.DataFrame
    regions: pd.DataFrame
    #: the URL the store was read from (``path`` is then its local copy), or None
    source: str | None = None

    def region(self, key: str) -> RegionRef:
        """A region by adcode, name or ``adcode-name`` slug."""
        row = self._region_row(key)
        return RegionRef(adcode=row["adcode"], name=row["name"], province=row["province"],
                         city=row["city"], level=row["level"])

    def _region_row(self, key: str) -> pd.Series:
        key = str(key).strip()
        code = key.split("-", 1)[0] if key[:6].isdigit() else None
        if code:
            hit = self.regions[self.regions["adcode"] == code]
        else:
            hit = self.regions[self.regions["name"] == key]
        if hit.empty:
            known = ", ".join(f"{a}-{n}" for a, n in zip(self.regions["adcode"], self.regions["name"]))
            raise StoreError(self.source or self.path, f"no region {key!r} in the extracted data",
                             f"known regions: {known or 'none'}")
        return hit.iloc[0]

    def region_facts(self, adcode: str) -> pd.DataFrame:
        """Facts attributed to one region."""
        return self.facts[self.facts["adcode"] == adcode].reset_index(drop=True)

    def region_documents(self, adcode: str) -> pd.DataFrame:
        """Documents with facts for, or naming, one region."""
        row = self._region_row(adcode)
        ids = set(row["docs"]) | set(self.facts.loc[self.facts["adcode"] == adcode, "doc_id"])
        return self.documents[self.documents["doc_id"].isin(ids)].reset_index(drop=True)

    def regions_with_facts(self) -> pd.DataFrame:
        return self.regions[self.regions["n_facts"] > 0].reset_index(drop=True)


def has_store(path: str | os.PathLike) -> bool:
    """Whether a local ``path`` holds a store: False when there is nothing there (a
    briefing may then build its data from the raw articles); ``StoreError`` when
    something is there that is no store (a file, or a folder without ``manifest.json``):
    that is damage, never a reason to fall back silently."""
    path = Path(path)
    if not path.exists():
        return False
    _check_folder(path)
    return True


def _check_folder(path: Path) -> None:
    """``NoStoreError`` when ``path`` does not exist, ``StoreError`` when it is no store."""
    if not path.exists():
        raise NoStoreError(path, "no extracted data here (the folder does not exist)",
                           "run `countybrief extract data/raw` first")
    if not path.is_dir():
        raise StoreError(path, "damaged store: a file, not a store folder",
                         "give --data the folder `countybrief extract` wrote")
    if not (path / MANIFEST).is_file():
        raise StoreError(path, "damaged store: the folder has no manifest.json",
                         f"rebuild it with `{rebuild_command(path)}`, or remove the folder")


def _check_columns(tables: dict[str, pa.Table], root: object) -> None:
    """``StoreError`` (damaged store) when a table lacks a column of the schema."""
    for name, schema in TABLES.items():
        missing = [c for c in schema.names if c not in tables[name].column_names]
        if missing:
            listed = ", ".join(missing[:4]) + (f" and {len(missing) - 4} more" if len(missing) > 4 else "")
            raise StoreError(root, f"damaged store: {name}.parquet lacks the column"
                             f"{'s' if len(missing) > 1 else ''} {listed}",
                             f"rebuild it with `{rebuild_command(root, tables)}`")


def open_store(path: str | os.PathLike) -> Store:
    """Read the store at ``path`` (a folder, or an fsspec URL: read through its local copy,
    ``storage.local_store``); older schema versions are migrated or refused.

    ``NoStoreError`` when there is no store at all (no folder; at a URL, no manifest);
    ``StoreError`` when it is damaged, too old or too new."""
    source = None
    if storage.is_url(path):
        source, path = str(path), storage.local_store(str(path))
    path = Path(path)
    root = source or path  # errors name the URL, not its local copy
    manifest_path = storage.join(source, MANIFEST) if source else path / MANIFEST
    _check_folder(path)
    try:
        manifest = json.loads((path / MANIFEST).read_text(encoding="utf-8"))
        version = int(manifest["schema_version"])
    except (ValueError, KeyError, TypeError) as exc:
        raise StoreError(manifest_path, f"unreadable manifest ({exc})",
                         "rebuild it with `countybrief extract data/raw`") from None
    except OSError as exc:
        raise StoreError(manifest_path, f"unreadable manifest ({exc.strerror or exc})",
                         "check its permissions, or rebuild it") from None
    try:
        tables = {name: pq.read_table(path / f"{name}.parquet") for name in TABLES}
    except (OSError, pa.ArrowInvalid) as exc:
        raise StoreError(root, f"damaged store ({exc})",
                         "rebuild it with `countybrief extract data/raw`") from None
    if version > SCHEMA_VERSION:
        raise StoreError(manifest_path, f"schema version {version} is newer than this "
                         f"countybrief understands ({SCHEMA_VERSION})", "upgrade countybrief")
    while version < SCHEMA_VERSION:
        migrate = MIGRATIONS.get(version)
        if migrate is None:
            why = f": {REFUSED[version]}" if version in REFUSED else ""
            raise StoreError(manifest_path, f"schema version {version} is too old to read "
                             f"(current {SCHEMA_VERSION}){why}",
                             f"rebuild it with `{rebuild_command(root, tables)}`")
        tables = migrate(tables)  # type: ignore[operator]
        version += 1
    _check_columns(tables, root)
    try:
        return Store(path=path, manifest=manifest, source=source, **frames(tables))
    except (KeyError, TypeError, ValueError, pa.ArrowException) as exc:  # cells of the wrong kind
        raise StoreError(root, f"damaged store ({type(exc).__name__}: {exc})",
                         f"rebuild it with `{rebuild_command(root, tables)}`") from None


def rebuild_command(store: str | os.PathLike, tables: dict[str, pa.Table] | None = None) -> str:
    """The ``countybrief extract`` command that rebuilds ``store`` from its articles: the
    folder holding every article the store lists (``data/raw`` when it lists none)."""
    articles = "data/raw"
    try:
        paths = [p for p in tables["documents"].column("path").to_pylist() if p] if tables else []
        if paths:
            articles = os.path.commonpath([os.path.dirname(p) or "." for p in paths])
    except (KeyError, ValueError):  # no path column, or absolute and relative paths mixed
        pass
    return f"countybrief extract {shlex.quote(articles)} --data {shlex.quote(str(store))}"
