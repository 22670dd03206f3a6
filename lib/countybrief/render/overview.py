"""``output/overview.{html,pdf,ipynb}``: all regions side by side (``notebooks/overview.ipynb``).

The overview is rendered like a briefing — papermill, then the same HTML and PDF
exporters — through ``execute.render_job``, in a hidden work folder whose outputs are
then moved to ``output/overview.*`` (``overview.en.*`` for the English edition). A
failed run keeps the previous overview and leaves ``overview.failed.ipynb``. With an
output URL it is rendered in a local staging folder and published (``remote``).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Sequence

from .. import storage
from ..model import BriefingJob
from ..storage import is_url
from .execute import FORMATS, RenderResult, output_names, render_job

#: Prefix of the hidden work folders, one per run (the index skips folders starting
#: with a dot): ``.overview-<pid>-<random>``, so two runs never share one.
WORK = ".overview"


def _work_name() -> str:
    import uuid

    return f"{WORK}-{os.getpid()}-{uuid.uuid4().hex[:8]}"

TITLES = {"zh": "各地区脱贫攻坚数据概览", "en": "All regions at a glance"}


def overview_names(lang: str = "zh") -> dict[str, str]:
    """``overview.html``, ``overview.en.pdf``...: file names of the overview outputs."""
    stem = "overview" if lang == "zh" else f"overview.{lang}"
    return {"notebook": f"{stem}.ipynb", "html": f"{stem}.html", "pdf": f"{stem}.pdf",
            "failed": f"{stem}.failed.ipynb"}


def default_template(root: str | os.PathLike | None = None) -> Path:
    """``notebooks/overview.ipynb`` of the project (``root``), else of this checkout."""
    candidates = []
    if root is not None:
        candidates.append(Path(root) / "notebooks" / "overview.ipynb")
    candidates.append(Path(__file__).resolve().parents[3] / "notebooks" / "overview.ipynb")
    for path in candidates:
        if path.is_file():
            return path
    return candidates[0]


def overview_job(data_dir: str | os.PathLike, *, raw_dir: str | os.PathLike | None = None,
                 template: str | os.PathLike | None = None, root: str | os.PathLike | None = None,
                 lang: str = "zh", title: str | None = None) -> BriefingJob:
    """The render job of the overview (its ``slug`` is its own hidden work folder)."""
    params = {"data_dir": str(data_dir), "raw_dir": str(raw_dir) if raw_dir else None,
              "title": title or TITLES.get(lang, TITLES["zh"]), "lang": lang}
    return BriefingJob(slug=_work_name(), region="", adcode="",
                       template=str(template or default_template(root)), parameters=params)


def is_overview(job: BriefingJob) -> bool:
    """Whether ``job`` is the overview's (rendered next to the briefings by a batch)."""
    return job.slug == WORK or job.slug.startswith(WORK + "-")


def overview_current(output_dir: str | os.PathLike, lang: str = "zh",
                     formats: Sequence[str] = FORMATS) -> bool:
    """Whether the overview's outputs in ``formats`` are all in place."""
    if is_url(output_dir):
        from .remote import overview_current as remote_current

        return remote_current(str(output_dir), lang, formats)
    names = overview_names(lang)
    return all((Path(output_dir) / names[kind]).is_file() for kind in ("notebook", *formats))


def render_overview_job(job: BriefingJob, output_dir: str | os.PathLike, *, lang: str = "zh",
                        formats: Sequence[str] = FORMATS, timeout: int | None = 600,
                        worker=None) -> RenderResult:
    """Render the overview ``job`` to ``output_dir/overview.*``: in the hidden work folder,
    then moved into place. ``worker``: a ``workers.RenderWorker`` whose warm kernel and
    browser to use (default: a kernel of its own, as ``render_job``)."""
    if is_url(output_dir):
        from .remote import render_overview_to_url

        return render_overview_to_url(job, str(output_dir), lang=lang, formats=formats,
                                      timeout=timeout, worker=worker)
    out = Path(output_dir)
    result = render_job(job, out, lang=lang, formats=formats, timeout=timeout, worker=worker)
    work = out / job.slug
    src, dst = output_names(lang), overview_names(lang)
    if result.ok:
        for kind in ("notebook", *formats):
            path = work / src[kind]
            if path.is_file():
                os.replace(path, out / dst[kind])
                setattr(result, kind, out / dst[kind])
        (out / dst["failed"]).unlink(missing_ok=True)
    else:
        failed = work / src["failed"]
        if failed.is_file():
            os.replace(failed, out / dst["failed"])
            result.failed_notebook = out / dst["failed"]
        for kind in ("notebook", "html", "pdf"):
            prev = out / dst[kind]
            setattr(result, kind, prev if prev.is_file() else None)
    result.folder = out
    shutil.rmtree(work, ignore_errors=True)
    return result


def render_overview(output_dir: str | os.PathLike, data_dir: str | os.PathLike, *,
                    raw_dir: str | os.PathLike | None = None,
                    template: str | os.PathLike | None = None,
                    root: str | os.PathLike | None = None, lang: str = "zh",
                    title: str | None = None, formats: Sequence[str] = FORMATS,
                    timeout: int | None = 600) -> RenderResult:
    """Render the overview to ``output_dir/overview.*`` (``overview.en.*`` for English).

    Never raises for a failing notebook: the result carries the error, the previous
    outputs stay, and the executed notebook is kept as ``overview.failed.ipynb``.
    """
    job = overview_job(data_dir, raw_dir=raw_dir, template=template, root=root, lang=lang,
                       title=title)
    return render_overview_job(job, output_dir, lang=lang, formats=formats, timeout=timeout)


def project_overview_job(project, *, lang: str | None = None, log=None) -> BriefingJob | None:
    """The overview job of ``project`` (its store, ``notebooks/overview.ipynb``), for a batch
    to render on one of its warm workers; None, with a note, when there is no template."""
    template = default_template(project.root)
    if not template.is_file():
        if log:
            log(f"overview skipped: no template {template}")
        return None
    return overview_job(project.data_dir, raw_dir=project.raw_dir, template=template,
                        lang=lang or "zh")


def describe(result: RenderResult, output_dir: str | os.PathLike) -> str:
    """One log line on an overview run."""
    names = overview_names(result.lang)
    if result.ok:
        return f"overview: ok -> {storage.join(output_dir, names['html'])}"
    return f"overview FAILED: {result.error}" + (
        f" (executed notebook: {result.failed_notebook})" if result.failed_notebook else "")
