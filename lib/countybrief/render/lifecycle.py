"""Render processes die with the run that started them.

A worker process (``-j N``) watches the CLI that started it: when that process is gone
(``kill -9``, the OOM killer, a cancelled CI job) the worker kills its own kernel and
browser and exits, and it never publishes a briefing after its parent died
(``check_parent`` before the first output is renamed into place). On Linux the worker
also asks the kernel for a signal when its parent exits (``PR_SET_PDEATHSIG``), so it
reacts at once rather than at the next poll.

``kill_tree`` ends a process and everything below it (kernels, Playwright's node driver,
Chromium and its helpers), children first found, then killed together.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

from ..errors import RenderError

PR_SET_PDEATHSIG = 1
#: Seconds between two checks of the parent's liveness.
POLL = 0.2

_watched: int | None = None
_watched_ctime: float | None = None


class ParentGone(RenderError):
    """The run that started this worker is gone: nothing is published."""


def set_pdeathsig(sig: int = signal.SIGTERM) -> bool:
    """Ask Linux to send ``sig`` to this process when its parent exits (best effort)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0
    except (OSError, AttributeError):  # pragma: no cover - no libc prctl
        return False


def _create_time(pid: int) -> float | None:
    import psutil

    try:
        return psutil.Process(pid).create_time()
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return None


def alive(pid: int, ctime: float | None = None) -> bool:
    """Whether process ``pid`` runs (and, with ``ctime``, is still the same process)."""
    import psutil

    try:
        proc = psutil.Process(pid)
        if proc.status() == psutil.STATUS_ZOMBIE:
            return False
        return ctime is None or abs(proc.create_time() - ctime) < 0.01
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def kill_tree(pid: int | None = None, *, include_self: bool = True, timeout: float = 3.0) -> None:
    """SIGKILL ``pid`` (default: this process's children only) and all its descendants."""
    import psutil

    me = pid is None
    try:
        root = psutil.Process(os.getpid() if me else pid)
        procs = root.children(recursive=True)
    except psutil.NoSuchProcess:
        return
    if include_self and not me:
        procs.append(root)
    for proc in procs:
        try:
            proc.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(procs, timeout=timeout)


def _die() -> None:
    """This worker's parent is gone: end its kernel and browser, then itself."""
    try:
        kill_tree(None)
    finally:
        os._exit(1)


def watch_parent(pid: int) -> None:
    """Make this process die with process ``pid`` (its parent run): a watcher thread,
    ``PR_SET_PDEATHSIG`` and a SIGTERM handler that take the kernel and browser along."""
    global _watched, _watched_ctime
    _watched, _watched_ctime = pid, _create_time(pid)
    if _watched_ctime is None:  # already gone
        _die()
    ppid = os.getppid()

    def on_term(signum, frame):  # noqa: ARG001
        _die()

    signal.signal(signal.SIGTERM, on_term)
    set_pdeathsig(signal.SIGTERM)

    def watch() -> None:
        while True:
            time.sleep(POLL)
            if os.getppid() != ppid or not alive(pid, _watched_ctime):
                _die()

    threading.Thread(target=watch, name="countybrief-parent-watch", daemon=True).start()


def parent_alive() -> bool:
    """False when the run this worker serves is gone (True when no parent is watched)."""
    return _watched is None or alive(_watched, _watched_ctime)


def check_parent() -> None:
    """Raise ``ParentGone`` when the run this worker serves is gone (before publishing)."""
    if not parent_alive():
        raise ParentGone("the countybrief run that started this worker is gone; "
                         "nothing was published")
