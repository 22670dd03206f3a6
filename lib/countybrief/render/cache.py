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
output exists and it has no ``briefing.failed.ipynb``. With an output URL (``storage``)
the keys, the outputs and the digest memo are read from and written to the URL.

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

from .. import __version__, storage
from ..errors import StorageError, StoreError
from ..model import BriefingJob
from ..storage import is_url

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


#: Version of the per-region digest recipe (``_IndexedStore.digest``); part of the memo.
_DIGEST_RECIPE = "store-digest-1"
DIGEST_MEMO = ".countybrief/store-digests.json"


def store_signature(data_dir: str) -> str | None:
    """SHA-256 of the store's manifest and table files (their bytes), or None without one.
    Hashing a few MB costs milliseconds; reading the store into pandas costs far more.
    A store at a URL is hashed in its local copy (``storage.local_store``)."""
    from ..store.parquet import MANIFEST

    if is_url(data_dir):
        try:
            data_dir = str(storage.local_store(data_dir))
        except StoreError:
            return None
    root = Path(data_dir)
    if not data_dir or not (root / MANIFEST).is_file():
        return None
    parts: list[bytes | str] = [_DIGEST_RECIPE, __version__]
    try:
        for path in [root / MANIFEST, *sorted(root.glob("*.parquet"))]:
            parts += [path.name, path.read_bytes()]
    except OSError:
        return None
    return _sha(*parts)


class DataDigests:
    """Per-region digests of the data a briefing shows, one store read per data folder.

    With ``memo`` (a JSON file in the output folder) the digests are remembered together
    with the store's signature: while the store files are byte-for-byte the same, a run
    reuses them without opening the store (no pandas, no per-region hashing), so a run
    with nothing to render stays fast for many regions. Any change to the store (one
    article re-extracted) computes every digest again; only regions whose slice changed
    get a different digest.
    """

    def __init__(self, memo: str | os.PathLike | None = None) -> None:
        self._stores: dict[str, object] = {}
        self._raw: dict[str, str] = {}
        self._memo_path = (memo if is_url(memo) else Path(memo)) if memo else None
        self._memo: dict[str, dict] = {}
        self._sigs: dict[str, str | None] = {}
        self._dirty = False
        if self._memo_path is not None:
            try:
                if is_url(self._memo_path):
                    loaded = json.loads(storage.read_bytes(self._memo_path))
                else:
                    loaded = json.loads(self._memo_path.read_text(encoding="utf-8"))
                if isinstance(loaded, dict) and isinstance(loaded.get("stores"), dict):
                    self._memo = loaded["stores"]
            except (OSError, ValueError, StorageError):
                self._memo = {}

    def _memo_for(self, data_dir: str) -> dict | None:
        """The remembered digests of ``data_dir`` if its store is unchanged, else a fresh
        (empty) memo for its current signature; None when there is no memo or no store."""
        if self._memo_path is None:
            return None
        if data_dir not in self._sigs:
            self._sigs[data_dir] = store_signature(data_dir)
        sig = self._sigs[data_dir]
        if sig is None:
            return None
        entry = self._memo.get(data_dir)
        if not isinstance(entry, dict) or entry.get("sig") != sig or \
                not isinstance(entry.get("digests"), dict):
            entry = self._memo[data_dir] = {"sig": sig, "digests": {}}
            self._dirty = True
        return entry["digests"]

    def save(self) -> None:
        """Write the memo (only the stores used in this run), if anything new was computed."""
        if self._memo_path is None or not self._dirty:
            return
        from .execute import write_atomic

        keep = {d: e for d, e in self._memo.items() if d in self._sigs}
        text = json.dumps({"stores": keep}, ensure_ascii=False)
        try:
            if is_url(self._memo_path):
                storage.put_bytes(self._memo_path, text)
            else:
                write_atomic(self._memo_path, text)
        except (OSError, StorageError):  # read-only output: the memo is only an optimisation
            pass
        self._dirty = False

    def _store(self, data_dir: str):
        if data_dir not in self._stores:
            from ..store import open_store
            from ..store.parquet import MANIFEST

            store = None
            if is_url(data_dir):
                try:
                    store = _IndexedStore(open_store(data_dir))
                except StorageError:  # unreachable or no filesystem package: say so
                    raise
                except Exception:  # no store or a broken one: as for a folder below
                    store = None
            elif data_dir and (Path(data_dir) / MANIFEST).is_file():
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
        key = str(params.get("adcode") or params.get("region") or "")
        memo = self._memo_for(data_dir)
        if memo is not None and key in memo:
            return memo[key]
        store = self._store(data_dir)
        if store is None:
            return "raw:" + self._raw_digest(str(params.get("raw_dir") or ""))
        digest = "store:" + store.digest(key)
        if memo is not None:
            memo[key] = digest
            self._dirty = True
        return digest


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


def key_path(output_dir: str | os.PathLike, slug: str, lang: str) -> Path | str:
    if is_url(output_dir):
        return storage.join(output_dir, KEY_DIR, f"{slug}.{lang}.json")
    return Path(output_dir) / KEY_DIR / f"{slug}.{lang}.json"


def read_key(output_dir: str | os.PathLike, slug: str, lang: str) -> dict | None:
    if is_url(output_dir):
        try:  # an unreachable URL is a StorageError, not a missing key
            return json.loads(storage.read_bytes(key_path(output_dir, slug, lang)))
        except (FileNotFoundError, ValueError):
            return None
    try:
        return json.loads(key_path(output_dir, slug, lang).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_key(output_dir: str | os.PathLike, slug: str, lang: str, key: str,
              formats: Iterable[str]) -> None:
    from .execute import write_atomic

    text = json.dumps({"key": key, "formats": sorted(formats), "version": __version__})
    if is_url(output_dir):
        storage.put_bytes(key_path(output_dir, slug, lang), text)
        return
    write_atomic(key_path(output_dir, slug, lang), text)


def drop_key(output_dir: str | os.PathLike, slug: str, lang: str) -> None:
    if is_url(output_dir):
        storage.remove(key_path(output_dir, slug, lang))
        return
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
    names = output_names(lang)
    if is_url(output_dir):  # one listing of the region's folder at the URL
        listing = storage.listdir(storage.join(output_dir, job.slug))
        if names["failed"] in listing:
            return False
        return all(listing.get(names[kind], {}).get("size", 0) > 0
                   for kind in ("notebook", *formats))
    folder = Path(output_dir) / job.slug
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
