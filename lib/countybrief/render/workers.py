"""A render worker: one warm Jupyter kernel, one browser and one set of exporters, reused.

Starting a kernel and importing pandas, matplotlib and seaborn costs more CPU than
executing a briefing. A ``RenderWorker`` starts its kernel once and runs every region it
is given in it; before each region a hidden first cell resets the kernel:

- the user namespace is cleared (``%reset -f``: a region's variables never reach the
  next one), open figures are closed, matplotlib's rcParams, the warnings filters and
  the working directory are restored to what they were after warm-up, and the
  execution counter restarts at 1 (the executed notebook reads as if run alone);
- what survives the reset (imported modules, their caches) is moved to the garbage
  collector's permanent generation (``gc.freeze``): IPython's ``%reset`` runs a full
  collection, which otherwise rescans the ~200 000 objects of pandas, matplotlib and
  seaborn before every region (~0.1 CPU s each time);
- imported modules stay in ``sys.modules``, so the template's imports cost nothing.

The reset cell is removed from the executed notebook. The kernel is restarted after a
failed region (its state is unknown), when it died, and every ``recycle`` regions
(memory stays flat over long batches). It talks over IPC sockets and its stdout/stderr
go to a log file, so nothing but the progress reaches the terminal.

One ``RenderWorker`` per process: the local batch runs one per ``-j`` worker process,
a Dask worker keeps one per worker process (see ``distributed``).
"""

from __future__ import annotations

import logging
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Sequence

import nbformat

from ..errors import RenderError
from ..model import BriefingJob
from ..storage import location
from . import limits, translators
from .browser import BrowserPool

log = logging.getLogger("countybrief.render")

RESET_TAG = "countybrief-reset"

#: Runs in the kernel before every region (as a hidden cell, removed afterwards).
RESET_CODE = r'''
import sys as _cb_sys
_cb_state = _cb_sys.modules.get("_countybrief_worker_state")
if _cb_state is None:  # first region of this kernel: warm up and snapshot the clean state
    import types as _cb_types, os as _cb_os, warnings as _cb_warnings
    _cb_state = _cb_types.ModuleType("_countybrief_worker_state")
    try:
        import matplotlib as _cb_mpl
        import matplotlib.pyplot as _cb_plt
        get_ipython().run_line_magic("matplotlib", "inline")
        _cb_state.rc = dict(_cb_mpl.rcParams)
    except ImportError:
        _cb_state.rc = None
    _cb_state.warnings = list(_cb_warnings.filters)
    _cb_sys.modules["_countybrief_worker_state"] = _cb_state
get_ipython().run_line_magic("reset", "-f")
import sys as _cb_sys, os as _cb_os, gc as _cb_gc, warnings as _cb_warnings
_cb_state = _cb_sys.modules["_countybrief_worker_state"]
if _cb_state.rc is not None:
    import matplotlib as _cb_mpl, matplotlib.pyplot as _cb_plt
    _cb_plt.close("all")
    _cb_mpl.rcParams.clear()
    _cb_mpl.rcParams.update(_cb_state.rc)
_cb_warnings.filters[:] = _cb_state.warnings
_cb_os.chdir(__CB_CWD__)
_cb_gc.collect()
_cb_gc.freeze()  # what survives a reset (modules, caches) is never scanned again
del _cb_sys, _cb_os, _cb_gc, _cb_warnings, _cb_state
for _cb_n in [n for n in globals() if n.startswith("_cb_") and n != "_cb_n"]:
    del globals()[_cb_n]
del _cb_n
get_ipython().execution_count = 1  # the template's first cell runs as In [1]
'''


def _reset_cell(cwd: str) -> nbformat.NotebookNode:
    from .translators import python_str_literal

    cell = nbformat.v4.new_code_cell(RESET_CODE.replace("__CB_CWD__", python_str_literal(cwd)))
    cell.metadata["tags"] = [RESET_TAG]
    cell.metadata["papermill"] = {"exception": None, "start_time": None, "end_time": None,
                                  "duration": None, "status": "pending"}
    return cell


def _register_engine() -> None:
    """Register the ``countybrief`` papermill engine: nbclient on a kernel we own."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.utils import merge_kwargs, remove_args

    if "countybrief" in papermill_engines._engines:
        return

    class CappedClient(PapermillNotebookClient):
        """Keeps each cell's outputs within ``limits`` while it runs (a cell printing
        50 MB keeps 256 KB and a note, in memory too)."""

        def output(self, outs, msg, display_id, cell_index):
            out = super().output(outs, msg, display_id, cell_index)
            if out is not None and outs and outs[-1] is out:
                limits.admit_live(outs, self.__dict__.setdefault("_cb_budgets", {}),
                                  cell_index, display_id)
            return out

    class WarmKernelEngine(NBClientEngine):
        """nbclient on an existing kernel (``km=``), run after a hidden reset cell.

        nbclient does not shut down a kernel manager it was given (``owns_km`` is
        False); this engine closes the per-run kernel client's channels itself.
        """

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None,
                                     km=None, reset_cwd=None, **kwargs):
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            final_kwargs = merge_kwargs(
                kwargs, timeout=execution_timeout, startup_timeout=start_timeout,
                kernel_name=kernel_name, log=logging.getLogger("papermill"),
                log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file)
            nb = nb_man.nb
            nb.cells.insert(0, _reset_cell(reset_cwd or os.getcwd()))
            client = CappedClient(nb_man, km=km, **final_kwargs)
            try:
                client.execute()
            finally:
                reset = nb.cells.pop(0)
                kc = getattr(client, "kc", None)
                if kc is not None:
                    kc.stop_channels()
                    client.kc = None
            for output in reset.get("outputs", []):
                if output.get("output_type") == "error":
                    raise KernelResetError(f"kernel reset failed: {output.get('ename')}: "
                                           f"{output.get('evalue')}")
            return nb_man.nb

    papermill_engines.register("countybrief", WarmKernelEngine)


def _cancel_pending_tasks() -> None:
    """Cancel what an interrupted ``run_sync`` left on this thread's event loop (the cell
    nbclient was running): otherwise it ends later, when the kernel is shut down, and
    asyncio prints "Task exception was never retrieved" with a traceback at exit."""
    import asyncio

    try:
        loop = asyncio.get_event_loop_policy().get_event_loop()
    except RuntimeError:
        return
    if loop.is_running() or loop.is_closed():
        return
    tasks = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in tasks:
        task.cancel()
    if tasks:
        try:
            loop.run_until_complete(asyncio.wait(tasks, timeout=5))
        except BaseException:  # pragma: no cover - best effort while stopping
            pass
        for task in tasks:  # retrieve outcomes: nothing is reported at exit
            if task.done() and not task.cancelled():
                task.exception()


class KernelResetError(RenderError):
    """The hidden reset cell failed: the kernel is restarted and the region retried."""


def _log_dir() -> Path:
    path = Path(tempfile.gettempdir()) / f"countybrief-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    path.mkdir(parents=True, exist_ok=True)
    return path


class WarmKernel:
    """One kernel process, started on first use, restarted on demand."""

    def __init__(self, kernel_name: str = "python3") -> None:
        self.kernel_name = kernel_name
        self.km = None
        self.starts = 0
        self.uses = 0
        self._log = None
        self.log_path = _log_dir() / f"kernel-{os.getpid()}.log"

    def _start(self) -> None:
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        km = AsyncKernelManager(kernel_name=self.kernel_name)
        if sys.platform != "win32":
            km.transport = "ipc"  # no TCP ports to race for, no "running over TCP" warning
            km.ip = str(_log_dir() / f"kernel-{os.getpid()}-{self.starts}")
        if self._log is None:
            self._log = open(self.log_path, "ab", buffering=0)  # noqa: SIM115
        env = dict(os.environ)
        env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
        env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
        run_sync(km.start_kernel)(stdout=self._log, stderr=self._log, env=env,
                                  extra_arguments=["--HistoryManager.enabled=False"])
        self.km = km
        self.starts += 1
        self.uses = 0

    def manager(self):
        if self.km is None or not self._alive():
            self.shutdown()
            self._start()
        self.uses += 1
        return self.km

    def _alive(self) -> bool:
        from jupyter_core.utils import run_sync

        try:
            return bool(run_sync(self.km.is_alive)())
        except Exception:
            return False

    def shutdown(self) -> None:
        from jupyter_core.utils import run_sync

        km, self.km = self.km, None
        if km is None:
            return
        try:
            run_sync(km.shutdown_kernel)(now=True)  # also removes the connection files
        except Exception:  # already dead
            pass

    def close(self) -> None:
        self.shutdown()
        if self._log is not None:
            self._log.close()
            self._log = None
            self.log_path.unlink(missing_ok=True)


class RenderWorker:
    """Renders regions one after another with a warm kernel, one browser, one set of exporters.

    ``pool``: a BrowserPool to print with (default: one owned by the worker, started on
    the first PDF). ``recycle``: restart the kernel after this many regions.
    """

    def __init__(self, *, kernel_name: str = "python3", timeout: int | None = 600,
                 pool: BrowserPool | None = None, recycle: int = 100) -> None:
        from .execute import _Exporters

        translators.register()
        _register_engine()
        self.kernel = WarmKernel(kernel_name)
        self.timeout = timeout
        self.recycle = recycle
        self._own_pool = pool is None
        self.pool = pool if pool is not None else BrowserPool()
        self.exporters = _Exporters(self.pool)
        self.rendered = 0

    def execute(self, template: Path, out_path: Path, parameters: dict) -> nbformat.NotebookNode:
        """Execute ``template`` with ``parameters`` into ``out_path`` (papermill, warm kernel);
        returns the executed notebook.

        Raises papermill's ``PapermillExecutionError`` for a failing cell (the executed
        notebook with papermill's error cell is at ``out_path``).
        """
        import papermill

        if self.kernel.km is not None and self.kernel.uses >= self.recycle:
            self.kernel.shutdown()
        for attempt in (1, 2):
            km = self.kernel.manager()
            try:
                return papermill.execute_notebook(
                    str(template), str(out_path), parameters=parameters,
                    engine_name="countybrief", km=km, reset_cwd=str(template.parent),
                    kernel_name=self.kernel.kernel_name, cwd=str(template.parent),
                    progress_bar=False, log_output=False, execution_timeout=self.timeout,
                    request_save_on_cell_execute=False,
                )
            except KernelResetError:
                self.kernel.shutdown()
                if attempt == 2:
                    raise
            except BaseException as exc:
                # unknown kernel state after a failure (or a timeout, or a dead kernel)
                if not isinstance(exc, Exception):  # Ctrl-C, SIGTERM: leave no task behind
                    _cancel_pending_tasks()
                self.kernel.shutdown()
                raise

    def render(self, job: BriefingJob, output_dir: str | os.PathLike, *, lang: str | None = None,
               formats: Sequence[str] = ("html", "pdf"), key: dict | None = None):
        """Render one region (see ``execute.render_job``), or the overview
        (``overview.is_overview``: outputs moved to ``overview.*``, no key)."""
        from .execute import render_job
        from .overview import is_overview, render_overview_job

        if is_overview(job):
            result = render_overview_job(job, output_dir, lang=lang or "zh", formats=formats,
                                         timeout=self.timeout, worker=self)
        else:
            result = render_job(job, location(output_dir), lang=lang, formats=formats,
                                exporters=self.exporters, kernel_name=self.kernel.kernel_name,
                                timeout=self.timeout, worker=self, key=key)
        self.rendered += 1
        return result

    def warm_up(self) -> None:
        """Start the kernel now (ahead of the first region)."""
        self.kernel.manager()
        self.kernel.uses -= 1

    def close(self) -> None:
        try:
            self.kernel.close()
        finally:
            if self._own_pool:
                self.pool.close()

    def __enter__(self) -> "RenderWorker":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_process_worker: RenderWorker | None = None


def process_worker(**kwargs) -> RenderWorker:
    """The worker of this process (created on first use, closed at process exit)."""
    global _process_worker
    if _process_worker is None:
        import atexit
        from multiprocessing import util

        _process_worker = RenderWorker(**kwargs)
        util.Finalize(None, close_process_worker, exitpriority=20)  # multiprocessing children
        atexit.register(close_process_worker)
    return _process_worker


def close_process_worker() -> None:
    global _process_worker
    worker, _process_worker = _process_worker, None
    if worker is not None:
        try:
            worker.close()
        except Exception:  # pragma: no cover - best effort at exit
            pass


def elapsed(start: float) -> float:
    return time.monotonic() - start
