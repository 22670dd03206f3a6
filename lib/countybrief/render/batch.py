"""Run a batch of briefings: plan (incremental keys), dispatch, report.

1. **Plan** (``plan``): every job gets its key (``cache.job_key``); jobs whose outputs
   are current become ``unchanged`` results without touching a kernel, a browser or
   matplotlib, so a re-run with nothing changed costs only reading the store.
2. **Dispatch** what is left:

   - ``workers == 1``: in this process, one warm kernel (``workers.RenderWorker``);
   - ``workers > 1``: a process pool, one warm kernel + one browser per process; a
     worker that dies (killed, out of memory) fails only the region it was rendering
     (after one retry on a fresh process), the others go on;
   - ``scheduler``: one task per region on a Dask cluster (``distributed``).

   The project overview (``overview``), when given and anything changed, is one more
   task, started first on the same warm workers (no kernel and browser of its own).

3. **Report**: a progress bar on a terminal or one line per region (``progress``), and
   ``summary_table`` for the end of the run.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import FIRST_COMPLETED, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Sequence

from .. import storage
from ..errors import RenderError
from ..model import BriefingJob
from ..storage import is_url
from .execute import FORMATS, RenderResult, check_template, unchanged_result
from .progress import summary_table  # noqa: F401 - the end-of-run table, kept importable here


@dataclass
class Task:
    """One briefing to render: a job in one language, with its incremental key."""

    index: int
    job: BriefingJob
    lang: str
    key: str


#: ``Task.index`` of the overview.
OVERVIEW = -1


class BatchResults(list):
    """The results of a batch, one per job in order; ``overview``: the overview's, if it
    was rendered."""

    overview: RenderResult | None = None


def default_workers() -> int:
    """Worker processes by default: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def check_writable(out: Path) -> None:
    """Create ``out`` if needed and a file in it: ``RenderError`` naming the folder when
    that fails (a read-only or full output folder is found before any kernel starts)."""
    import tempfile

    try:
        out.mkdir(parents=True, exist_ok=True)
        (out / ".countybrief").mkdir(exist_ok=True)
        with tempfile.TemporaryFile(dir=out / ".countybrief", prefix=".probe-"):
            pass
    except OSError as exc:
        raise RenderError(f"{out}: the output folder is not writable "
                          f"({exc.strerror or exc}); give a writable --output") from None


def plan(jobs: Sequence[BriefingJob], output_dir: str | os.PathLike, *, lang: str | None,
         formats: Sequence[str], force: bool) -> tuple[list[Task], dict[int, RenderResult]]:
    """Split jobs into tasks to render and results of jobs whose outputs are current."""
    from . import cache

    digests = cache.DataDigests(storage.join(output_dir, cache.DIGEST_MEMO))
    tasks: list[Task] = []
    done: dict[int, RenderResult] = {}
    for i, job in enumerate(jobs):
        job_lang = lang or job.parameters.get("lang") or "zh"
        key = cache.job_key(job, job_lang, digests)
        if not force and cache.is_current(output_dir, job, job_lang, key, formats):
            done[i] = unchanged_result(job, output_dir, job_lang, formats)
        else:
            tasks.append(Task(i, job, job_lang, key))
    digests.save()
    return tasks, done


def run_batch(jobs: list[BriefingJob], output_dir: str | os.PathLike, *, lang: str | None = None,
              formats: Sequence[str] = FORMATS, pool=None, kernel_name: str = "python3",
              timeout: int | None = 600, log: Callable[[str], None] | None = None,
              workers: int = 1, force: bool = False, scheduler: str | None = None,
              progress: bool | None = None,
              on_result: Callable[[RenderResult], None] | None = None,
              overview: BriefingJob | None = None) -> BatchResults:
    """See ``execute.render_jobs``."""
    from .overview import overview_current
    from .progress import Progress

    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise RenderError(f"unknown output format(s) {', '.join(sorted(unknown))}; "
                          f"use {', '.join(FORMATS)}")
    for template in sorted({str(Path(j.template).resolve()) for j in jobs}):
        check_template(template)
    out = storage.location(output_dir)  # a Path, or an fsspec URL (``remote``)
    if is_url(out):
        storage.makedirs(out)  # also: an unreachable URL is an error before any kernel
    else:
        check_writable(out)  # before any kernel or browser starts
        from .stale import remove_stale

        remove_stale(out)
    tasks, results = plan(jobs, out, lang=lang, formats=formats, force=force)
    bar = Progress(len(jobs), len(tasks), log=log, bar=bool(progress))
    for r in results.values():
        bar.skipped(r)
    batch = BatchResults()
    if overview is not None:
        ov_lang = lang or overview.parameters.get("lang") or "zh"
        if tasks or force or not overview_current(out, ov_lang, formats):
            # first: the longest task, and it must not be the one left running at the end
            tasks.insert(0, Task(OVERVIEW, overview, ov_lang, f"overview-{time.time_ns()}"))
    options = dict(formats=tuple(formats), kernel_name=kernel_name, timeout=timeout)
    try:
        if not tasks:
            pass
        elif scheduler:
            from .distributed import render_on_cluster

            stream = render_on_cluster(tasks, out, scheduler, on_start=bar.started, **options)
        elif workers <= 1 or len(tasks) == 1:
            stream = _render_here(tasks, out, pool=pool, on_start=bar.started, **options)
        else:
            stream = _render_in_processes(tasks, out, min(workers, len(tasks)),
                                          on_start=bar.started, **options)
        if tasks:
            for index, result in stream:
                if index == OVERVIEW:
                    batch.overview = result
                    bar.overview_done(result)
                    continue
                results[index] = result
                bar.done(result)
                if on_result:
                    on_result(result)
    finally:
        bar.close()
    batch.extend(results[i] for i in range(len(jobs)) if i in results)
    return batch


def _render_here(tasks: list[Task], out: Path, *, pool, on_start, formats, kernel_name,
                 timeout) -> Iterator[tuple[int, RenderResult]]:
    from .workers import RenderWorker

    with RenderWorker(kernel_name=kernel_name, timeout=timeout, pool=pool) as worker:
        for task in tasks:
            on_start(task)
            yield task.index, worker.render(task.job, out, lang=task.lang, formats=formats,
                                            key=task.key)


def _process_render(job: BriefingJob, out: str, lang: str, formats: tuple, key: str,
                    kernel_name: str, timeout: int | None) -> RenderResult:
    from .workers import process_worker

    worker = process_worker(kernel_name=kernel_name, timeout=timeout)
    return worker.render(job, out, lang=lang, formats=formats, key=key)


def _process_init(kernel_name: str, timeout: int | None, parent: int | None = None) -> None:
    """Tie this worker to the run (``parent``: the CLI's pid; it dies with it), leave
    Ctrl-C to that run (which ends its workers), then start the kernel right away, while
    the others start theirs."""
    import signal

    from . import lifecycle
    from .workers import process_worker

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent is not None:
        lifecycle.watch_parent(parent)
    try:
        process_worker(kernel_name=kernel_name, timeout=timeout).warm_up()
    except Exception:  # reported by the first region instead
        pass


def _mp_context():
    import multiprocessing as mp

    # forkserver: workers are forked from a clean single-threaded server that has the heavy
    # modules imported once (plain fork from a caller with threads, e.g. a browser or a
    # test runner, can deadlock the child); spawn where there is no forkserver
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["countybrief.render.workers", "papermill",
                                    "countybrief.render.exporters", "jupyter_client"])
        return ctx
    return mp.get_context("spawn")


def _render_in_processes(tasks: list[Task], out: Path, n: int, *, on_start, formats,
                         kernel_name, timeout) -> Iterator[tuple[int, RenderResult]]:
    """At most ``n`` regions in flight, one per worker process; a dead worker fails only
    the regions it held (each gets one retry on a fresh pool)."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pending = list(tasks)
    pending.reverse()
    attempts: dict[int, int] = {}

    def new_pool():
        return ProcessPoolExecutor(max_workers=n, mp_context=_mp_context(),
                                   initializer=_process_init,
                                   initargs=(kernel_name, timeout, os.getpid()))

    executor = new_pool()
    running: dict = {}
    finished_normally = False
    try:
        while pending or running:
            while pending and len(running) < n:
                task = pending.pop()
                on_start(task)
                fut = executor.submit(_process_render, task.job, str(out), task.lang, formats,
                                      task.key, kernel_name, timeout)
                running[fut] = task
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            broken = False
            for fut in finished:
                task = running.pop(fut)
                try:
                    yield task.index, fut.result()
                except BrokenProcessPool:
                    broken = True
                    attempts[task.index] = attempts.get(task.index, 0) + 1
                    if attempts[task.index] < 2:
                        pending.append(task)
                    else:
                        yield task.index, _crashed(task, out, "worker process died")
                except Exception as exc:  # pickling or other infrastructure error
                    yield task.index, _crashed(task, out, f"{type(exc).__name__}: {exc}")
            if broken:
                # every other in-flight region was lost with the pool: run them again
                for fut, task in list(running.items()):
                    attempts[task.index] = attempts.get(task.index, 0) + 1
                    pending.append(task)
                running.clear()
                _kill_workers(executor)
                executor.shutdown(wait=False, cancel_futures=True)
                executor = new_pool()
        finished_normally = True
    finally:
        for fut in running:
            fut.cancel()
        if not finished_normally:  # interrupted (Ctrl-C, SIGTERM): no region may finish
            _kill_workers(executor)
        executor.shutdown(wait=finished_normally, cancel_futures=True)


def _kill_workers(executor) -> None:
    """End every worker process of ``executor`` with its kernel and browser."""
    from .lifecycle import kill_tree

    for pid in list(getattr(executor, "_processes", None) or {}):
        kill_tree(pid)


def _crashed(task: Task, out: Path, error: str) -> RenderResult:
    from .execute import _point_at_existing, output_names

    result = RenderResult(job=task.job, lang=task.lang, ok=False,
                          folder=storage.join(out, task.job.slug), error=error, status="failed")
    _point_at_existing(result, output_names(task.lang))
    return result


def elapsed_since(t0: float) -> str:
    return f"{time.monotonic() - t0:.1f} s"
