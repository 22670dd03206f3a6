"""Render (and extract) on an existing Dask distributed cluster.

``countybrief render --scheduler tcp://HOST:8786`` plans the batch here (incremental
keys, read from the store on shared storage), then submits one task per region to the
cluster. Each Dask worker thread keeps its own ``RenderWorker`` (a warm kernel and a
browser) across tasks and writes the briefing into the output folder, which every
worker must see at the same path (shared storage: NFS, a cluster file system...), or
publishes it to the output URL (``s3://...``: see ``storage`` and ``remote``).
Results come back as they finish; a task that raises (a worker lost twice, a missing
package) becomes a failed region, the others go on.

Workers need only this package (same version) with its ``dask`` extra and the shared
paths or URLs (with the URL protocol's package, e.g. s3fs, and credentials in their
environment): no Dask process runs unless ``--scheduler`` is given. Dask is an optional
dependency (``pip install 'countybrief[dask]'``); without it ``--scheduler`` is an error
that says so (``require_distributed``), and a local run never imports it.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable, Iterator

from ..errors import RenderError

_local = threading.local()


#: How to get Dask, in the error of a ``--scheduler`` run without it.
INSTALL_DASK = ("pip install 'countybrief[dask]' (in a checkout: .venv/bin/pip install -e '.[dask]'; "
                "conda: conda install dask distributed)")


def require_distributed():
    """The ``distributed`` module, or a RenderError saying how to install the extra."""
    try:
        import distributed
    except ImportError as exc:
        raise RenderError(f"--scheduler runs on a Dask cluster, but Dask is not installed "
                          f"here ({exc}); install countybrief's dask extra: {INSTALL_DASK}") from None
    return distributed


def _client(scheduler: str):
    Client = require_distributed().Client
    try:
        return Client(scheduler, timeout="20s")
    except Exception as exc:
        raise RenderError(f"cannot connect to the Dask scheduler at {scheduler}: "
                          f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}") from None


def _worker():
    """This Dask worker thread's RenderWorker (one warm kernel + browser per thread)."""
    from .workers import RenderWorker

    worker = getattr(_local, "worker", None)
    if worker is None:
        import atexit

        worker = _local.worker = RenderWorker()
        atexit.register(worker.close)
    return worker


def dask_render(job, out: str, lang: str, formats: tuple, key: str, kernel_name: str,
                timeout: int | None):
    """The task run on a Dask worker: render one region into shared storage."""
    worker = _worker()
    worker.kernel.kernel_name = kernel_name
    worker.timeout = timeout
    return worker.render(job, out, lang=lang, formats=formats, key=key)


def render_on_cluster(tasks, out: Path, scheduler: str, *, on_start: Callable, formats: tuple,
                      kernel_name: str, timeout: int | None) -> Iterator:
    """``(index, RenderResult)`` as the regions finish on the cluster. Without Dask this
    raises at once (not at the first result)."""
    as_completed = require_distributed().as_completed
    return _render_on_cluster(tasks, out, scheduler, as_completed, on_start=on_start,
                              formats=formats, kernel_name=kernel_name, timeout=timeout)


def _render_on_cluster(tasks, out: Path, scheduler: str, as_completed, *, on_start: Callable,
                       formats: tuple, kernel_name: str, timeout: int | None) -> Iterator:
    from .batch import _crashed

    client = _client(scheduler)
    try:
        futures = {}
        for task in tasks:
            on_start(task)
            fut = client.submit(dask_render, task.job, str(out), task.lang, formats, task.key,
                                kernel_name, timeout, pure=False, retries=1,
                                key=f"countybrief-render-{task.job.slug}-{task.lang}-{task.key[:12]}")
            futures[fut] = task
        for fut in as_completed(futures):
            task = futures[fut]
            try:
                result = fut.result()
            except Exception as exc:
                result = _crashed(task, out, f"{type(exc).__name__}: {exc}".splitlines()[0])
            yield task.index, result
    finally:
        client.close()


def _extract_file(path: str, region: str | None, roots: list[str] | None = None):
    """The task run on a Dask worker: extract one article (``roots``: the folders given
    to ``extract``, up to which ``regions.yaml`` files apply)."""
    from ..pipeline import CorpusResult, extract_corpus

    if not Path(path).exists():  # as the local run words it (and no retry for nothing)
        return CorpusResult([], [f"{path}: disappeared before it could be read (skipped)"])
    return extract_corpus([path], region=region, roots=roots)


def extract_on_cluster(paths, scheduler: str, *, region: str | None = None,
                       follow_links: bool = False):
    """``extract_corpus`` with one task per article file on the cluster; same result."""
    from ..ingest import scan_articles
    from ..pipeline import CorpusResult

    require_distributed()  # before any file is read
    scan = scan_articles(list(paths), follow_links=follow_links)
    files = [str(p) for p in scan.files]
    client = _client(scheduler)
    try:
        roots = [str(p) for p in scan.roots]
        futures = client.map(_extract_file, files, region=region, roots=roots, pure=False,
                             retries=1)
        extractions, errors = [], [str(exc) for exc in scan.errors]
        for path, fut in zip(files, futures):  # input order, as the local path
            try:
                part = fut.result()
            except Exception as exc:
                errors.append(f"{path}: {type(exc).__name__}: {exc}".splitlines()[0])
                continue
            extractions.extend(part.extractions)
            errors.extend(e for e in part.errors if e not in errors)  # a bad regions.yaml: once
        return CorpusResult(extractions, errors, [str(exc) for exc in scan.skipped])
    finally:
        client.close()
