"""Batch rendering: execute the template per region with papermill, export HTML and PDF.

Layout of ``output_dir``::

    620402-白银区/briefing.ipynb    executed notebook (the readable execution record)
    620402-白银区/briefing.html     self-contained HTML briefing
    620402-白银区/briefing.pdf      A4 PDF briefing
    620402-白银区/briefing.en.*     the same for lang="en"
    620402-白银区/briefing.failed.ipynb   the last failed execution, if the last run failed

Every file is written atomically (temporary file in the same folder, then
``os.replace``). A job that fails keeps the previous good outputs untouched, leaves
its executed notebook as ``briefing.failed.ipynb`` and does not stop the batch.
``output_dir`` may be an fsspec URL: see ``remote`` (staged here, then published).
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .. import storage
from ..errors import RenderError
from ..model import BriefingJob
from ..storage import is_url
from . import limits
from .browser import BrowserPool

log = logging.getLogger("countybrief.render")

FORMATS = ("html", "pdf")


@dataclass
class RenderResult:
    """Outcome of one job: the files written (or kept) and the error, if any."""

    job: BriefingJob
    lang: str
    ok: bool
    folder: Path | str  # a URL string for an output URL, as the four below
    notebook: Path | str | None = None
    html: Path | str | None = None
    pdf: Path | str | None = None
    failed_notebook: Path | str | None = None
    error: str | None = None  # first line of the error
    seconds: float = 0.0
    status: str = ""  # "rendered" | "unchanged" | "failed"

    def __post_init__(self) -> None:
        if not self.status:
            self.status = "rendered" if self.ok else "failed"

    @property
    def slug(self) -> str:
        return self.job.slug


def output_names(lang: str = "zh") -> dict[str, str]:
    """File names of a briefing's outputs: ``briefing.ipynb``, ``briefing.en.html``..."""
    stem = "briefing" if lang == "zh" else f"briefing.{lang}"
    return {"notebook": f"{stem}.ipynb", "html": f"{stem}.html", "pdf": f"{stem}.pdf",
            "failed": f"{stem}.failed.ipynb"}


def check_template(template: str | os.PathLike):
    """Read a notebook template; ``RenderError`` naming it unless it has a cell tagged
    ``parameters`` (papermill would only warn and silently ignore the parameters)."""
    import json

    path = Path(template)
    if not path.is_file():
        raise RenderError(f"{path}: notebook template not found")
    try:  # plain JSON: nbformat (and its schema validator) is slow to import
        nb = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
            raise ValueError("no list of cells")
    except Exception as exc:
        raise RenderError(f"{path}: not a readable notebook ({str(exc).splitlines()[0]})") from None
    if not any("parameters" in ((c.get("metadata") or {}).get("tags") or []) for c in nb["cells"]
               if isinstance(c, dict)):
        raise RenderError(f"{path}: notebook template has no cell tagged 'parameters'; "
                          "tag the cell holding the default parameters with 'parameters'")
    return nb


def _file_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


_FILE_MODE = _file_mode()


def _tmp_path(target: Path) -> Path:
    # the pid in the name lets a later run remove what a killed one left (``stale``)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp",
                                dir=target.parent)
    os.close(fd)
    os.chmod(name, _FILE_MODE)  # mkstemp makes 0600; outputs are shared documents
    return Path(name)


def write_temporary(target: str | os.PathLike, data: bytes | str) -> Path:
    """Write ``data`` to a new temporary file beside ``target`` (synced), for a later
    ``os.replace``; nothing is left behind when writing fails."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _tmp_path(target)
    try:
        if isinstance(data, str):
            data = data.encode("utf-8")
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def write_atomic(target: str | os.PathLike, data: bytes | str) -> Path:
    """Write ``data`` to ``target`` through a temporary file in the same folder."""
    target = Path(target)
    tmp = write_temporary(target, data)
    try:
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return target


class OutputWriteError(RenderError):
    """An output file could not be written (full disk, read-only folder)."""


def _write_error(path: Path | str, exc: OSError) -> OutputWriteError:
    return OutputWriteError(f"cannot write {path}: {exc.strerror or exc}")


def _first_line(exc: BaseException) -> str:
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    text = f"{ename}: {evalue}" if ename else f"{type(exc).__name__}: {exc}"
    lines = [ln.strip() for ln in str(text).splitlines() if ln.strip()]
    return lines[0] if lines else type(exc).__name__


def job_parameters(job: BriefingJob, lang: str) -> dict:
    """The parameters injected for a job: its own, plus region, adcode and ``lang``."""
    params = dict(job.parameters)
    params.setdefault("region", job.region)
    params.setdefault("adcode", job.adcode)
    params["lang"] = lang
    for key in ("data_dir", "raw_dir"):
        if params.get(key) and not is_url(params[key]):
            params[key] = str(Path(params[key]).expanduser().resolve())
    return params


class _Exporters:
    """The exporters of one run, created on first use and sharing one browser."""

    def __init__(self, pool: BrowserPool | None) -> None:
        self.pool = pool
        self._html = self._pdf = None

    def html(self):
        if self._html is None:
            from .exporters import BriefingHTMLExporter

            self._html = BriefingHTMLExporter()
        return self._html

    def pdf(self):
        if self._pdf is None:
            from .exporters import BriefingPDFExporter

            self._pdf = BriefingPDFExporter(pool=self.pool)
        return self._pdf


def render_job(job: BriefingJob, output_dir: Path | str, *, lang: str | None = None,
               formats: Sequence[str] = FORMATS, exporters: _Exporters | None = None,
               kernel_name: str = "python3", timeout: int | None = 600,
               worker=None, key: str | None = None) -> RenderResult:
    """Execute and export one briefing (see ``render_jobs``); never raises for the job's
    own failures, which are recorded in the result.

    ``worker``: a ``workers.RenderWorker`` whose warm kernel executes the notebook (default:
    papermill starts and stops a kernel for this job alone). ``key``: the incremental key
    (``cache.job_key``) recorded once every output is in place. ``output_dir`` may be
    an fsspec URL (``remote.render_job_to_url``).
    """
    if is_url(output_dir):
        from .remote import render_job_to_url

        return render_job_to_url(job, output_dir, lang=lang, formats=formats,
                                 exporters=exporters, kernel_name=kernel_name,
                                 timeout=timeout, worker=worker, key=key)
    import nbformat
    import papermill

    from . import translators

    translators.register()
    lang = lang or job.parameters.get("lang") or "zh"
    if worker is not None and exporters is None:
        exporters = worker.exporters
    exporters = exporters or _Exporters(None)
    names = output_names(lang)
    folder = Path(output_dir) / job.slug
    folder.mkdir(parents=True, exist_ok=True)
    result = RenderResult(job=job, lang=lang, ok=False, folder=folder)
    template = Path(job.template).resolve()
    tmp_nb = folder / f".{names['notebook']}.{os.getpid()}.{time.monotonic_ns()}.ipynb"
    start = time.monotonic()
    try:
        try:
            # the executed notebook as papermill wrote it to tmp_nb (not read back)
            if worker is not None:
                nb = worker.execute(template, tmp_nb, job_parameters(job, lang))
            else:
                nb = papermill.execute_notebook(
                    str(template), str(tmp_nb), parameters=job_parameters(job, lang),
                    kernel_name=kernel_name, cwd=str(template.parent), progress_bar=False,
                    log_output=False, execution_timeout=timeout,
                    request_save_on_cell_execute=False,
                )
            if limits.cap_outputs(nb):  # outputs over the caps (not trimmed while running)
                nbformat.write(nb, str(tmp_nb))
            rendered: dict[str, bytes | str] = {}
            if "html" in formats:
                rendered["html"], _ = exporters.html().from_notebook_node(nb)
            if "pdf" in formats:
                if "html" in rendered:  # the same page: print it rather than export it again
                    rendered["pdf"] = exporters.pdf().print_html(rendered["html"], nb)
                else:
                    rendered["pdf"], _ = exporters.pdf().from_notebook_node(nb)
        except Exception as exc:  # a failing briefing must not stop the batch
            result.error = _first_line(exc)
            if tmp_nb.exists():
                result.failed_notebook = folder / names["failed"]
                os.replace(tmp_nb, result.failed_notebook)
            log.info("%s: briefing failed: %s", job.slug, result.error)
        else:
            try:
                _publish(result, rendered, tmp_nb, names, output_dir, key, formats)
            except RenderError as exc:  # a full disk, a read-only folder, a dead parent
                result.error = str(exc)
                log.info("%s: briefing not written: %s", job.slug, result.error)
    finally:
        tmp_nb.unlink(missing_ok=True)
        result.seconds = time.monotonic() - start
        result.status = "rendered" if result.ok else "failed"
    if not result.ok:  # point at the previous good outputs, which were left untouched
        _point_at_existing(result, names)
    return result


def _publish(result: RenderResult, rendered: dict[str, bytes | str], tmp_nb: Path,
             names: dict[str, str], output_dir: Path, key: str | None,
             formats: Sequence[str]) -> None:
    """Put a region's outputs in place together: every file is written to a temporary
    name first, and only when all are written are they renamed (a full disk leaves the
    previous set whole). Raises ``OutputWriteError`` naming the file that failed."""
    from . import cache, lifecycle

    folder, job, lang = Path(result.folder), result.job, result.lang
    staged: dict[str, Path] = {}
    target: Path | str = folder
    try:
        try:
            for kind, data in rendered.items():
                target = folder / names[kind]
                staged[kind] = write_temporary(target, data)
            lifecycle.check_parent()  # an orphaned worker publishes nothing
            # the key vouches for a complete set of outputs: drop it while they change
            target = cache.key_path(output_dir, job.slug, lang)
            cache.drop_key(output_dir, job.slug, lang)
            for kind, tmp in staged.items():
                target = folder / names[kind]
                os.replace(tmp, target)
                setattr(result, kind, target)
            target = folder / names["notebook"]
            os.replace(tmp_nb, target)
            result.notebook = target
            (folder / names["failed"]).unlink(missing_ok=True)
            if key:
                target = cache.key_path(output_dir, job.slug, lang)
                cache.write_key(output_dir, job.slug, lang, key, formats)
        except OSError as exc:
            raise _write_error(target, exc) from None
    finally:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)
    result.ok = True
    log.info("%s: briefing written to %s", job.slug, folder)


def _point_at_existing(result: RenderResult, names: dict[str, str]) -> None:
    if is_url(result.folder):
        from .remote import point_at_existing

        return point_at_existing(result, names)
    for kind in ("notebook", "html", "pdf"):
        prev = result.folder / names[kind]
        if prev.exists():
            setattr(result, kind, prev)


def unchanged_result(job: BriefingJob, output_dir: str | os.PathLike, lang: str,
                     formats: Sequence[str] | None = None) -> RenderResult:
    """The result of a job skipped because its outputs are current (``formats``: those
    ``cache.is_current`` found at an output URL, which is then not listed again)."""
    if is_url(output_dir):
        folder = storage.join(output_dir, job.slug)
        result = RenderResult(job=job, lang=lang, ok=True, folder=folder, status="unchanged")
        if formats is None:
            _point_at_existing(result, output_names(lang))
        else:
            names = output_names(lang)
            for kind in ("notebook", *formats):
                setattr(result, kind, storage.join(folder, names[kind]))
        return result
    result = RenderResult(job=job, lang=lang, ok=True, folder=Path(output_dir) / job.slug,
                          status="unchanged")
    _point_at_existing(result, output_names(lang))
    return result


def render_jobs(jobs: Iterable[BriefingJob], output_dir: str | os.PathLike, *, lang: str | None = None,
                formats: Sequence[str] = FORMATS, pool: BrowserPool | None = None,
                kernel_name: str = "python3", timeout: int | None = 600,
                log: Callable[[str], None] | None = None, workers: int = 1,
                force: bool = False, scheduler: str | None = None,
                progress: bool | None = None, on_result: Callable[[RenderResult], None] | None = None,
                overview: BriefingJob | None = None) -> list[RenderResult]:
    """Render every job to ``output_dir/<slug>/``; returns one result per job, in order.

    Templates are checked first (``check_template``: a missing ``parameters`` cell is a
    ``RenderError``). Jobs whose outputs are current (``cache``) are skipped with status
    ``unchanged`` unless ``force``. The rest run on warm kernels: in this process when
    ``workers`` is 1 (printing with ``pool`` if given, else one browser opened here),
    in ``workers`` processes otherwise, or on the Dask cluster at ``scheduler``. Failing
    jobs are recorded and the batch continues. ``log`` receives one line per job;
    ``progress`` shows a progress bar instead (default: when stderr is a terminal).
    ``overview``: the project overview's job (``overview.project_overview_job``), rendered
    on the same workers when any job is rendered or its outputs are missing; its result
    is the returned list's ``overview`` attribute (``batch.BatchResults``).
    """
    from .batch import run_batch

    return run_batch(list(jobs), output_dir, lang=lang, formats=formats, pool=pool,
                     kernel_name=kernel_name, timeout=timeout, log=log, workers=workers,
                     force=force, scheduler=scheduler, progress=progress, on_result=on_result,
                     overview=overview)
