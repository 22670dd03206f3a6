"""Shared storage given as an fsspec URL (``s3://bucket/cb/output``, ``ftp://host/cb``...).

``--data`` and ``--output`` accept a local folder or a URL. Local folders keep their own
code paths (``pathlib``, ``os.replace``; fsspec is never involved); a URL goes through
the helpers here, in the spirit of papermill's ``iorw``:

- ``location``: a command-line value as a ``Path`` (local; ``file://`` becomes a path)
  or a URL string (kept verbatim: ``Path`` would fold ``s3://`` into ``s3:/``);
- ``read_bytes`` / ``exists`` / ``listdir`` / ``put_bytes`` / ``put_file`` / ``remove``;
- ``put_*`` are atomic: on an object store (S3, GCS, Azure...) one PUT is already atomic
  (readers see the old object or the new one, never a part); elsewhere (FTP, SFTP, SMB,
  WebDAV...) the bytes go to a temporary name beside the target, then ``fs.mv`` renames
  it into place;
- the extracted store at a URL (``publish_store``, ``local_store``), below.

**The store at a URL** is published as a new versioned folder, then a pointer switch::

    URL/manifest.json            the pointer: the current version's manifest + "version"
    URL/v/<version>/*.parquet    the tables of each version (+ its manifest.json)

``publish_store`` uploads a complete version (tables, then its manifest, each table's
size and SHA-256 recorded) and only then replaces ``URL/manifest.json`` (one atomic
put). Why not "tables first, manifest last" in place: an extract killed between the two
would leave new tables under the old manifest, and readers with nothing consistent to
read; with a pointer a killed extract leaves the previous store readable, as the local
store's folder swap does. Versions other than the current and the previous one are
deleted an hour after they were made (a reader still fetching the previous one, or a
writer still uploading a new one, is left alone). A store copied to a URL in the local
layout (manifest without "version", tables beside it) is read as well.

``local_store`` keeps one local copy per URL and pointer (``~/.cache/countybrief/stores``,
or ``$COUNTYBRIEF_CACHE_DIR``), fetched again only when the pointer's bytes change,
checked against the recorded sizes and checksums; the existing local code reads it.

A filesystem package that is missing (``s3fs`` for ``s3://``), an unknown protocol and an
unreachable URL are ``StorageError``s naming the URL.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any, Callable

from .errors import NoStoreError, StorageError, StoreError

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]+://|^[A-Za-z][A-Za-z0-9+.\-]*::")

#: Protocols of object stores, where a single PUT replaces an object atomically (and
#: a rename would be a copy plus a delete, so not atomic).
OBJECT_STORES = frozenset({"s3", "s3a", "gs", "gcs", "az", "abfs", "abfss", "adl", "oss",
                           "r2", "b2", "cos", "obs", "memory"})

#: How often a store read is retried while a writer is publishing a new one.
STORE_READ_ATTEMPTS = 5
#: Versions of a cached store unused for this long are removed.
CACHE_KEEP_SECONDS = 600


def is_url(value: Any) -> bool:
    """Whether ``value`` is a URL string (``s3://...``, ``ftp://...``, ``simplecache::...``)."""
    return isinstance(value, str) and bool(_URL.match(value))


def location(value: str | os.PathLike | None) -> Path | str | None:
    """A folder given on the command line: a ``Path``, or a URL string kept verbatim.
    ``file://`` URLs become local paths (and so the local code path)."""
    if value is None or isinstance(value, Path):
        return value
    text = os.fspath(value)
    if is_url(text):
        if text.startswith("file://"):
            from urllib.parse import unquote, urlparse

            return Path(unquote(urlparse(text).path))
        return text.rstrip("/") if not text.endswith("://") else text
    return Path(text)


def redact(url: str) -> str:
    """``url`` without a password (``ftp://user:secret@host`` -> ``ftp://user:***@host``),
    for messages. Credentials belong in the environment: a data URL is also recorded in
    the executed notebooks."""
    return re.sub(r"(://[^/@:]*:)[^/@]*@", r"\1***@", str(url))


def join(base: str | os.PathLike, *parts: str) -> Path | str:
    """``base / part / ...`` for a local folder or a URL."""
    if is_url(base):
        url = str(base).rstrip("/")
        return "/".join([url, *(p.strip("/") for p in parts if p)])
    return Path(base, *parts)


# --- local files: modes follow the umask ------------------------------------------

def umask_mode(mode: int = 0o666) -> int:
    """``mode`` as the umask lets ``open()`` / ``mkdir()`` create it (``0o666`` for a
    file, ``0o777`` for a folder): 0644 / 0755 under umask 022."""
    return mode & ~_umask()


def _umask() -> int:
    """The process umask, read without changing it where the system allows (Linux), as
    ``os.umask`` can only read it by setting it (a race with other threads)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


def make_temp_dir(parent: str | os.PathLike, prefix: str) -> Path:
    """``tempfile.mkdtemp`` (0700) with the mode a ``mkdir`` would give: the folder is
    renamed into place and shared like any other output."""
    tmp = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    os.chmod(tmp, umask_mode(0o777))
    return tmp


def write_atomic_local(target: str | os.PathLike, data: bytes | str) -> Path:
    """Write ``data`` to the local file ``target`` through a temporary file in the same
    folder renamed into place; the file gets the umask's mode, not mkstemp's 0600."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, umask_mode())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


# --- filesystems --------------------------------------------------------------------

_fs_cache: dict[tuple, tuple[Any, float]] = {}
_fs_lock = threading.Lock()
#: A connection-holding filesystem (FTP) idle this long is reopened before use: servers
#: drop idle sessions, and a dropped FTP session reads as "file not found" in fsspec.
IDLE_RECONNECT_SECONDS = 30.0


def _protocol(url: str) -> str:
    return url.split("::")[-1].split("://", 1)[0].lower() if "://" in url else url.split("::")[0]


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0]}" if text else type(exc).__name__


def _open_fs(url: str):
    import fsspec.core
    from fsspec.registry import known_implementations

    protocol = _protocol(url)
    try:
        return fsspec.core.url_to_fs(url)
    except ImportError as exc:
        impl = known_implementations.get(protocol, {})
        package = impl.get("class", "").split(".")[0]
        hint = (f"pip install {package}" if package and package != "fsspec" else str(exc))
        raise StorageError(redact(url), f"the {protocol}:// filesystem is not installed here ({exc})",
                           f"{hint}, on this machine and on every Dask worker") from None
    except ValueError as exc:
        if "protocol" in str(exc).lower():
            raise StorageError(redact(url), f"unknown storage protocol {protocol!r}",
                               "use a local folder or an fsspec URL such as s3://bucket/path") from None
        raise StorageError(redact(url), f"invalid storage URL ({_first_line(exc)})") from None
    except Exception as exc:  # noqa: BLE001 - connecting (FTP, SFTP) happens here
        raise StorageError(redact(url), f"cannot reach the storage ({_first_line(exc)})",
                           "check the URL, the network and the credentials") from None


def filesystem(url: str, *, fresh: bool = False):
    """``(fs, path)`` for ``url``: one filesystem per host, process and thread (an FTP
    connection is not shared between threads)."""
    head = url.split("://", 1)[1].split("/", 1)[0] if "://" in url else ""
    key = (os.getpid(), threading.get_ident(), url.split("://", 1)[0], head)
    now = time.monotonic()
    with _fs_lock:
        fs, used = _fs_cache.get(key, (None, 0.0))
    if fs is not None and (fresh or (not getattr(fs, "cachable", True)
                                     and now - used > IDLE_RECONNECT_SECONDS)):
        fs = None
    if fs is None:
        fs, _ = _open_fs(url)
    with _fs_lock:
        _fs_cache[key] = (fs, now)
    return fs, fs._strip_protocol(url)


def _io(url: str, op: Callable[[Any, str], Any], what: str):
    """Run ``op(fs, path)``; a dropped connection is retried once on a fresh filesystem,
    and other failures become a ``StorageError`` naming the URL. ``FileNotFoundError``
    passes through."""
    for attempt in (0, 1):
        fs, path = filesystem(url, fresh=attempt > 0)
        try:
            return op(fs, path)
        except FileNotFoundError:
            raise
        except StorageError:
            raise
        except PermissionError as exc:
            raise StorageError(redact(url), f"cannot {what}: permission denied ({_first_line(exc)})",
                               "check the credentials") from None
        except Exception as exc:  # noqa: BLE001 - ftplib, botocore... errors have no common base
            if attempt:
                raise StorageError(redact(url), f"cannot {what} ({_first_line(exc)})",
                                   "check the URL, the network and the credentials") from None


def _fresh(fs, path: str) -> None:
    """Forget cached listings: another process may have written since."""
    try:
        fs.invalidate_cache(path)
        fs.invalidate_cache(fs._parent(path))
    except Exception:  # noqa: BLE001 - a cache that cannot be invalidated has nothing stale
        pass


def read_bytes(target: str | os.PathLike) -> bytes:
    """The bytes of a file (local or URL); ``FileNotFoundError`` when missing."""
    if not is_url(target):
        return Path(target).read_bytes()

    def op(fs, path):
        _fresh(fs, path)
        return fs.cat_file(path)
    return _io(str(target), op, "read")


def exists(target: str | os.PathLike) -> bool:
    if not is_url(target):
        return os.path.exists(target)

    def op(fs, path):
        _fresh(fs, path)
        return fs.exists(path)
    return bool(_io(str(target), op, "check"))


def listdir(target: str | os.PathLike) -> dict[str, dict]:
    """Entries of a folder as ``{name: {"type": "file"|"directory", "size": int}}``;
    empty when the folder does not exist."""
    if not is_url(target):
        root = Path(target)
        if not root.is_dir():
            return {}
        return {p.name: {"type": "directory" if p.is_dir() else "file",
                         "size": p.stat().st_size if p.is_file() else 0} for p in root.iterdir()}

    def op(fs, path):
        _fresh(fs, path)
        try:
            entries = fs.ls(path, detail=True)
        except FileNotFoundError:
            return {}
        out = {}
        for e in entries:
            full = str(e["name"]).rstrip("/")
            if full == path.rstrip("/"):
                continue  # some filesystems list the folder itself
            kind = "directory" if e.get("type") == "directory" else "file"
            out[full.rsplit("/", 1)[-1]] = {"type": kind, "size": int(e.get("size") or 0)}
        return out
    return _io(str(target), op, "list")


def _is_object_store(fs) -> bool:
    protocols = fs.protocol if isinstance(fs.protocol, (tuple, list)) else (fs.protocol,)
    return any(p in OBJECT_STORES for p in protocols)


def _put(url: str, upload: Callable[[Any, str], None]) -> None:
    def op(fs, path):
        if _is_object_store(fs):
            upload(fs, path)  # one PUT: atomic on an object store
            return
        parent = fs._parent(path)
        if parent and parent not in ("/", ""):
            fs.makedirs(parent, exist_ok=True)
        name = path.rstrip("/").rsplit("/", 1)[-1]
        tmp = f"{parent.rstrip('/')}/.{name}.{uuid.uuid4().hex[:12]}.tmp"
        try:
            upload(fs, tmp)
            try:
                fs.mv(tmp, path)
            except FileNotFoundError:
                raise
            except Exception:  # noqa: BLE001 - a server that does not rename over a file
                if fs.exists(path):
                    fs.rm_file(path)
                fs.mv(tmp, path)
        except BaseException:
            try:
                if fs.exists(tmp):
                    fs.rm_file(tmp)
            except Exception:  # noqa: BLE001 - best effort; the original error matters
                pass
            raise
        finally:
            _fresh(fs, path)
    _io(url, op, "write")


def put_bytes(target: str | os.PathLike, data: bytes | str) -> Path | str:
    """Write ``data`` to ``target`` atomically (local: ``execute.write_atomic``)."""
    if not is_url(target):
        from .render.execute import write_atomic

        return write_atomic(target, data)
    if isinstance(data, str):
        data = data.encode("utf-8")
    _put(str(target), lambda fs, path: fs.pipe_file(path, data))
    return str(target)


def put_file(local: str | os.PathLike, target: str | os.PathLike) -> Path | str:
    """Copy the local file ``local`` to ``target`` atomically."""
    if not is_url(target):
        from .render.execute import write_atomic

        return write_atomic(target, Path(local).read_bytes())
    _put(str(target), lambda fs, path: fs.put_file(os.fspath(local), path))
    return str(target)


def remove(target: str | os.PathLike) -> None:
    """Delete a file if it exists."""
    if not is_url(target):
        Path(target).unlink(missing_ok=True)
        return

    def op(fs, path):
        _fresh(fs, path)
        if fs.exists(path):
            try:
                fs.rm_file(path)
            except FileNotFoundError:
                pass
            _fresh(fs, path)
    _io(str(target), op, "delete")


def makedirs(target: str | os.PathLike) -> None:
    if not is_url(target):
        Path(target).mkdir(parents=True, exist_ok=True)
        return

    def op(fs, path):
        if not _is_object_store(fs):
            _fresh(fs, path)
            fs.makedirs(path, exist_ok=True)
    _io(str(target), op, "create the folder")


# --- the extracted store at a URL ---------------------------------------------------

#: Folder of the store's versions at its URL.
VERSIONS = "v"
#: Versions (besides the current and the previous one) older than this are deleted.
VERSION_KEEP_SECONDS = 3600
_VERSION = re.compile(r"^(\d{8}T\d{6}Z)-[0-9a-f]{6,64}$")


def cache_dir() -> Path:
    """Local copies of stores read from URLs: ``$COUNTYBRIEF_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/countybrief``, else ``~/.cache/countybrief``."""
    if os.environ.get("COUNTYBRIEF_CACHE_DIR"):
        return Path(os.environ["COUNTYBRIEF_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "countybrief"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _cache_base(url: str) -> Path:
    return cache_dir() / "stores" / _sha256(url.encode("utf-8"))[:24]


class _Changed(Exception):
    """The version the pointer named went away or does not match: read the pointer again."""


def local_store(url: str) -> Path:
    """A local copy of the store at ``url``, current with its pointer (``manifest.json``).

    The copy lives in ``cache_dir()/stores/<url hash>/<pointer hash>/``: a new pointer
    gives a new folder, filled in a temporary folder and renamed into place (several
    processes on one machine may fetch at once). Tables are checked against the sizes
    and SHA-256 the manifest records; a version deleted or changed meanwhile makes the
    read start again from the pointer. ``NoStoreError`` when there is no store at ``url``.
    """
    from .store.parquet import MANIFEST
    from .store.schema import TABLES

    base = _cache_base(url)
    for attempt in range(STORE_READ_ATTEMPTS):
        try:
            pointer = read_bytes(join(url, MANIFEST))
        except FileNotFoundError:
            raise NoStoreError(redact(url), "no extracted data here (manifest.json missing)",
                             f"run `countybrief extract --data {redact(url)}` first") from None
        final = base / _sha256(pointer)[:24]
        if (final / MANIFEST).is_file():
            _touch(final)
            return final
        try:
            manifest = json.loads(pointer)
        except ValueError:
            manifest = None  # open_store reports the unreadable manifest
        manifest = manifest if isinstance(manifest, dict) else {}
        version, files = manifest.get("version"), manifest.get("files")
        if version is not None and not (isinstance(version, str) and _VERSION.match(version)):
            raise StoreError(redact(join(url, MANIFEST)), f"bad store version {version!r}",
                             f"rebuild it with `countybrief extract --data {redact(url)}`")
        source = join(url, VERSIONS, version) if version else url
        if not isinstance(files, dict) or not all(_VERSION_FILE.match(str(n)) for n in files):
            files = {f"{name}.parquet": {} for name in TABLES}
        base.mkdir(parents=True, exist_ok=True)
        _prune(base)
        tmp = make_temp_dir(base, ".fetch-")
        try:
            for name, expect in sorted(files.items()):
                expect = expect if isinstance(expect, dict) else {}
                try:
                    data = read_bytes(join(source, name))
                except FileNotFoundError:
                    if version:  # that version was collected meanwhile: a newer one is current
                        raise _Changed() from None
                    continue  # a store in the local layout: open_store says what is missing
                if expect and (len(data) != expect.get("size")
                               or _sha256(data) != expect.get("sha256")):
                    raise _Changed()
                (tmp / name).write_bytes(data)
            (tmp / MANIFEST).write_bytes(pointer)
            try:
                os.rename(tmp, final)
            except OSError:  # another process put the same version in place first
                if not (final / MANIFEST).is_file():
                    raise
                shutil.rmtree(tmp, ignore_errors=True)
            return final
        except _Changed:
            shutil.rmtree(tmp, ignore_errors=True)
            time.sleep(0.2 * (attempt + 1))
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
    raise StoreError(redact(url), "the store kept changing while it was read",
                     "try again when `countybrief extract` has finished publishing it")


_VERSION_FILE = re.compile(r"^[A-Za-z0-9_\-]+\.parquet$")


def _touch(folder: Path) -> None:
    try:
        os.utime(folder)
    except OSError:
        pass


def _prune(base: Path) -> None:
    """Remove local copies (and interrupted fetches) unused for a while."""
    now = time.time()
    for entry in base.iterdir():
        try:
            if now - entry.stat().st_mtime > CACHE_KEEP_SECONDS:
                shutil.rmtree(entry, ignore_errors=True)
        except OSError:
            continue


def publish_store(local_dir: str | os.PathLike, url: str) -> str:
    """Publish the complete store in ``local_dir`` (as ``write_tables`` leaves it) to
    ``url`` as a new version, then switch the pointer; returns the version.

    1. ``URL/v/<version>/``: every table (atomic puts), then the version's manifest,
       which records each table's size and SHA-256;
    2. ``URL/manifest.json``: the same manifest plus ``"version"`` — one atomic put,
       the moment readers switch to the new store;
    3. versions older than an hour, other than the new and the previous one, deleted.
    """
    import datetime as _dt

    from .store.parquet import MANIFEST

    root = Path(local_dir)
    manifest = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    tables = sorted(root.glob("*.parquet"))
    manifest["files"] = {p.name: {"size": p.stat().st_size, "sha256": _file_sha256(p)}
                         for p in tables}
    digest = _sha256(json.dumps(manifest, sort_keys=True).encode("utf-8"))[:12]
    version = f"{_dt.datetime.now(_dt.timezone.utc):%Y%m%dT%H%M%SZ}-{digest}"
    try:
        previous = json.loads(read_bytes(join(url, MANIFEST))).get("version")
    except (FileNotFoundError, ValueError, AttributeError):
        previous = None
    target = join(url, VERSIONS, version)
    makedirs(target)
    for path in tables:
        put_file(path, join(target, path.name))
    put_bytes(join(target, MANIFEST), json.dumps(manifest, indent=2))
    pointer = json.dumps({**manifest, "version": version}, indent=2).encode("utf-8")
    put_bytes(join(url, MANIFEST), pointer)  # the switch
    (root / MANIFEST).write_bytes(pointer)
    _seed_cache(root, url, pointer)
    _collect(url, keep={version, previous})
    return version


def _collect(url: str, keep: set) -> None:
    """Delete old versions (see ``publish_store``); a failure here only leaves garbage."""
    import datetime as _dt

    now = _dt.datetime.now(_dt.timezone.utc)
    try:
        entries = listdir(join(url, VERSIONS))
    except StorageError:
        return
    for name, entry in entries.items():
        m = _VERSION.match(name)
        if name in keep or not m or entry["type"] != "directory":
            continue
        made = _dt.datetime.strptime(m.group(1), "%Y%m%dT%H%M%SZ").replace(tzinfo=_dt.timezone.utc)
        if (now - made).total_seconds() < VERSION_KEEP_SECONDS:
            continue
        try:
            _io(str(join(url, VERSIONS, name)),
                lambda fs, path: fs.rm(path, recursive=True), "delete an old store version")
        except (StorageError, FileNotFoundError):
            pass


def _seed_cache(root: Path, url: str, pointer: bytes) -> None:
    """The store just published is also the current local copy (no download next)."""
    base = _cache_base(url)
    final = base / _sha256(pointer)[:24]
    try:
        base.mkdir(parents=True, exist_ok=True)
        if final.exists():
            return
        tmp = make_temp_dir(base, ".fetch-")
        for path in root.iterdir():
            shutil.copy2(path, tmp / path.name)
        try:
            os.rename(tmp, final)
        except OSError:
            shutil.rmtree(tmp, ignore_errors=True)
    except OSError:  # the cache is only an optimisation
        pass


def write_tables_url(tables: dict, url: str, extra: dict | None = None) -> dict[str, int]:
    """``store.write_tables`` to a URL: written locally (the atomic writer), then published;
    ``extra``: more manifest fields."""
    from .store.parquet import write_tables

    with tempfile.TemporaryDirectory(prefix="countybrief-store-") as tmp:
        local = Path(tmp) / "extracted"
        counts = write_tables(tables, local, extra)
        publish_store(local, url)
    return counts
