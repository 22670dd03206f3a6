"""Incremental rendering: a key per region and language, compared before any kernel starts.

The key is a SHA-256 over everything a briefing is made of:

- the template notebook's bytes;
- the injected parameters (``job_parameters``: region, adcode, title, notes, lang, ...);
- the region's slice of the data: its fact rows and its documents, read from the store
  exactly as the briefing reads them (``Store.region_facts`` / ``region_documents``);
  without a store, the bytes of every raw article the briefing would extract;
- the rendering code and data: ``countybrief/briefing/*.py``, ``countybrief/data/**``
  (theme, catalogue, texts), the HTML template and CSS, the exporters, and the
  package version.

It is stored in ``<output>/.countybrief/keys/<slug>.<lang>.json`` with the formats it was
rendered to, written only after every output file is in place (and deleted before the
first one is replaced): an interrupted run never leaves a key that vouches for outputs
it did not finish. A region is skipped only when its key matches, every requested
output exists and it has no ``briefing.failed.ipynb``.

Only pyarrow/pandas are imported here (to read the store): a run with nothing to render
starts no kernel, no browser and imports no matplotlib.
"""

from __future__ import annotations

import hashlib
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from .. import __version__
from ..model import BriefingJob

KEY_DIR = ".countybrief/keys"
_PACKAGE = Path(__file__).resolve().parents[1]
#: Package files whose content changes a briefing (besides the template and the data).
_CODE_GLOBS = ("briefing/**/*.py", "data/**/*", "render/templates/briefing/**/*",
               "render/exporters.py", "render/translators.py", "render/workers.py")


def _sha(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        if isinstance(part, str):
            part = part.encode("utf-8")
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the package version and the files that shape a briefing."""
    h = hashlib.sha256(__version__.encode())
    files = sorted({p for g in _CODE_GLOBS for p in _PACKAGE.glob(g)
                    if p.is_file() and "__pycache__" not in p.parts})
    for path in files:
        h.update(str(path.relative_to(_PACKAGE)).encode())
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


@lru_cache(maxsize=64)
def _file_hash(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def file_hash(path: str | os.PathLike) -> str:
    st = os.stat(path)
    return _file_hash(str(Path(path).resolve()), st.st_mtime_ns, st.st_size)


class DataDigests:
    """Per-region digests of the data a briefing shows, one store read per data folder."""

    def __init__(self) -> None:
        self._stores: dict[str, object] = {}
        self._raw: dict[str, str] = {}

    def _store(self, data_dir: str):
        if data_dir not in self._stores:
            from ..store import open_store
            from ..store.parquet import MANIFEST

            store = None
            if data_dir and (Path(data_dir) / MANIFEST).is_file():
                try:
                    store = _IndexedStore(open_store(data_dir))
                except Exception:  # a broken store: let the briefing report it
                    store = None
            self._stores[data_dir] = store
        return self._stores[data_dir]

    def _raw_digest(self, raw_dir: str) -> str:
        if raw_dir not in self._raw:
            root = Path(raw_dir)
            parts = []
            if root.exists():
                for p in sorted(root.rglob("*")):
                    if p.is_file():
                        parts.append(f"{p.relative_to(root)}:{file_hash(p)}")
            self._raw[raw_dir] = _sha(*parts)
        return self._raw[raw_dir]

    def region(self, params: dict) -> str:
        data_dir = str(params.get("data_dir") or "")
        store = self._store(data_dir)
        if store is None:
            return "raw:" + self._raw_digest(str(params.get("raw_dir") or ""))
        return "store:" + store.digest(str(params.get("adcode") or params.get("region") or ""))


class _IndexedStore:
    """A store with its facts and documents grouped once, hashed per region on demand."""

    def __init__(self, store) -> None:
        self.store = store
        self.schema = json.dumps(store.manifest.get("schema_version"))

    def digest(self, key: str) -> str:
        try:
            ref = self.store.region(key)
        except Exception:
            return _sha("missing", key)  # the briefing will fail and say why
        facts = self.store.region_facts(ref.adcode)
        docs = self.store.region_documents(ref.adcode)
        return _sha(self.schema, repr(ref),
                    facts.to_json(orient="split", force_ascii=False, default_handler=str),
                    docs.to_json(orient="split", force_ascii=False, default_handler=str))


def job_key(job: BriefingJob, lang: str, digests: DataDigests) -> str:
    from .execute import job_parameters

    params = job_parameters(job, lang)
    return _sha("countybrief-key-1", code_fingerprint(), file_hash(job.template),
                json.dumps(params, sort_keys=True, ensure_ascii=False, default=str),
                digests.region(params))


def key_path(output_dir: str | os.PathLike, slug: str, lang: str) -> Path:
    return Path(output_dir) / KEY_DIR / f"{slug}.{lang}.json"


def read_key(output_dir: str | os.PathLike, slug: str, lang: str) -> dict | None:
    try:
        return json.loads(key_path(output_dir, slug, lang).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_key(output_dir: str | os.PathLike, slug: str, lang: str, key: str,
              formats: Iterable[str]) -> None:
    from .execute import write_atomic

    write_atomic(key_path(output_dir, slug, lang),
                 json.dumps({"key": key, "formats": sorted(formats), "version": __version__}))


def drop_key(output_dir: str | os.PathLike, slug: str, lang: str) -> None:
    key_path(output_dir, slug, lang).unlink(missing_ok=True)


def is_current(output_dir: str | os.PathLike, job: BriefingJob, lang: str, key: str,
               formats: Sequence[str]) -> bool:
    """True when the outputs on disk were rendered from exactly this key."""
    from .execute import output_names

    recorded = read_key(output_dir, job.slug, lang)
    if not recorded or recorded.get("key") != key:
        return False
    if not set(formats) <= set(recorded.get("formats") or ()):
        return False
    folder = Path(output_dir) / job.slug
    names = output_names(lang)
    if (folder / names["failed"]).exists():
        return False
    for kind in ("notebook", *formats):
        path = folder / names[kind]
        try:
            if path.stat().st_size == 0:
                return False
        except OSError:
            return False
    return True
