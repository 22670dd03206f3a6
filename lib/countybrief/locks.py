"""One countybrief run at a time per project folder: ``fcntl.flock`` on a lock file.

``extract`` holds the data folder's lock while it swaps the store in; ``render`` holds
the output folder's lock for the whole batch and the data folder's lock shared (several
renders may read one store; an ``extract`` waits for them). A second run says so once
(``another countybrief run (pid N) holds …; waiting up to 600 s``), waits, and fails
with ``LockError`` if the lock is still held then (``COUNTYBRIEF_LOCK_TIMEOUT``: seconds;
0 fails at once). The lock file stays (deleting it would race); the kernel releases the
lock when its holder exits, however it exits. Locks are re-entrant within a process
(``build`` holds them across its stages). Low level: imports nothing above ``errors``.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

from .errors import LockError

DEFAULT_TIMEOUT = 600.0
LOCK_NAME = ".countybrief.lock"
_POLL = 0.2

_held: dict[str, list] = {}  # path -> [fd, shared, count]
_guard = threading.Lock()


def lock_timeout() -> float:
    """Seconds a run waits for another's lock: ``$COUNTYBRIEF_LOCK_TIMEOUT`` or 600."""
    try:
        return max(0.0, float(os.environ.get("COUNTYBRIEF_LOCK_TIMEOUT", DEFAULT_TIMEOUT)))
    except ValueError:
        return DEFAULT_TIMEOUT


def output_lock_path(output_dir: str | os.PathLike) -> Path:
    """``<output>/.countybrief.lock``."""
    return Path(output_dir) / LOCK_NAME


def data_lock_path(data_dir: str | os.PathLike) -> Path:
    """The data folder's lock: not in it (the store is swapped whole) nor beside it (no
    file left in the user's folders), but ``<tmp>/countybrief-<uid>/locks/data-<hash>.lock``
    for its absolute path (flock is local to this machine anyway)."""
    import hashlib
    import tempfile

    data = str(Path(data_dir).absolute())
    digest = hashlib.sha1(data.encode("utf-8", "surrogateescape")).hexdigest()[:20]
    uid = os.getuid() if hasattr(os, "getuid") else "user"
    return Path(tempfile.gettempdir()) / f"countybrief-{uid}" / "locks" / f"data-{digest}.lock"


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 64, 0).decode("ascii", "replace").strip()
    except OSError:
        return ""
    return f" (pid {text})" if text.isdigit() else ""


@contextlib.contextmanager
def hold(path: str | os.PathLike, *, what: str, shared: bool = False,
         timeout: float | None = None, log: Callable[[str], None] | None = None,
         required: bool = True) -> Iterator[None]:
    """Hold the lock at ``path`` (``what``: the folder it guards, for messages).

    ``required=False``: when the lock file cannot be created (a read-only data folder
    that is only read), go on without it.
    """
    key = str(Path(path).absolute())
    with _guard:
        entry = _held.get(key)
        if entry is not None:  # held by this process already (``build``'s stages)
            entry[2] += 1
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _guard:
                _held[key][2] -= 1
        return
    fd = _open(Path(key), what, required)
    if fd is None:
        yield
        return
    try:
        _acquire(fd, key, what, shared, lock_timeout() if timeout is None else timeout, log)
        with _guard:
            _held[key] = [fd, shared, 1]
        try:
            yield
        finally:
            with _guard:
                _held.pop(key, None)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _open(path: Path, what: str, required: bool) -> int | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        if not required:
            return None
        raise LockError(f"{what}: cannot create the lock file {path}: {exc.strerror or exc} "
                        "(is the folder writable?)") from None


def _acquire(fd: int, path: str, what: str, shared: bool, timeout: float,
             log: Callable[[str], None] | None) -> None:
    mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
    deadline = time.monotonic() + timeout
    told = False
    while True:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
            break
        except BlockingIOError:
            pass
        holder = _holder(fd)
        if time.monotonic() >= deadline:
            raise LockError(f"another countybrief run{holder} holds {what} (lock {path}); "
                            f"still held after waiting {timeout:.0f} s: let it finish or "
                            "stop it, then run again (COUNTYBRIEF_LOCK_TIMEOUT sets the wait)")
        if not told and log is not None:
            log(f"another countybrief run{holder} holds {what}; waiting up to {timeout:.0f} s")
            told = True
        time.sleep(_POLL)
    if not shared:
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except OSError:  # only the message would miss the pid
            pass
