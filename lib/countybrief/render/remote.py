"""Render to an output URL (``--output s3://bucket/cb/output``, see ``storage``).

A briefing (or the overview) is rendered into a local staging folder exactly as into a
local output folder; then each finished file is published to the URL with
``storage.put_file`` (atomic: one PUT on an object store, a temporary name renamed into
place elsewhere), in the order of a local run: the region's key is deleted at the URL
first, then the HTML/PDF and the executed notebook are put, ``briefing.failed.ipynb`` is
deleted, and the key is written last. An interrupted run (Ctrl-C, a lost worker, a
network error) never leaves a key vouching for outputs missing at the URL, and the next
run repairs them. A failed briefing publishes only its ``briefing.failed.ipynb``: the
earlier good files at the URL stay. A publishing error fails that region alone.

The index pages are written from a local mirror of the URL's listing (empty files
standing for outputs whose presence alone counts), then published.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from typing import Iterable, Sequence

from .. import storage
from ..errors import StorageError
from ..model import BriefingJob
from .execute import RenderResult, output_names

_STAGE_PREFIX = "countybrief-stage-"


def _stage() -> Path:
    return Path(tempfile.mkdtemp(prefix=_STAGE_PREFIX))


def _failed_publishing(result: RenderResult, exc: StorageError) -> None:
    result.ok = False
    result.status = "failed"
    result.error = str(exc).splitlines()[0]


def point_at_existing(result: RenderResult, names: dict[str, str]) -> None:
    """Set the result's outputs to those present in its folder at the URL."""
    listing = storage.listdir(result.folder)
    for kind in ("notebook", "html", "pdf"):
        setattr(result, kind, storage.join(result.folder, names[kind])
                if names[kind] in listing else None)


def render_job_to_url(job: BriefingJob, url: str, *, lang: str | None = None,
                      formats: Sequence[str] = ("html", "pdf"), key: str | None = None,
                      **options) -> RenderResult:
    """``execute.render_job`` into a staging folder, then published to ``url/<slug>/``."""
    from . import cache
    from .execute import render_job

    lang = lang or job.parameters.get("lang") or "zh"
    names = output_names(lang)
    folder = storage.join(url, job.slug)
    stage = _stage()
    try:
        result = render_job(job, stage, lang=lang, formats=formats, key=None, **options)
        # the key vouches for a complete set of outputs: dropped while they change
        _publish(result, result.folder, folder, names, ("html", "pdf", "notebook"),
                 before=lambda: cache.drop_key(url, job.slug, lang),
                 after=lambda: key and cache.write_key(url, job.slug, lang, key, formats))
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return result


def _publish(result: RenderResult, local: Path, target: str, names: dict[str, str],
             kinds: Sequence[str], *, before=None, after=None) -> None:
    """Publish the staged outputs of ``result`` (``kinds``, in order) from ``local`` to
    ``target``, or its failed notebook; ``before``/``after`` run around a good set. A
    publishing error fails the result and leaves the previous outputs in place."""
    try:
        if result.ok:
            if before:
                before()
            for kind in kinds:
                if (local / names[kind]).is_file():
                    setattr(result, kind, storage.put_file(local / names[kind],
                                                           storage.join(target, names[kind])))
            storage.remove(storage.join(target, names["failed"]))
            if after:
                after()
        elif result.failed_notebook is not None:
            result.failed_notebook = storage.put_file(result.failed_notebook,
                                                      storage.join(target, names["failed"]))
    except StorageError as exc:
        _failed_publishing(result, exc)
    result.folder = target
    if not result.ok:
        _point_at_previous(result, names)


def _point_at_previous(result: RenderResult, names: dict[str, str]) -> None:
    """A failed result points at the previous good outputs at the URL, left untouched."""
    if isinstance(result.failed_notebook, Path):
        result.failed_notebook = None  # staged only: publishing it failed
    try:
        point_at_existing(result, names)
    except StorageError:
        result.notebook = result.html = result.pdf = None


def render_overview_to_url(job: BriefingJob, url: str, *, lang: str = "zh",
                           formats: Sequence[str] = ("html", "pdf"), timeout: int | None = 600,
                           worker=None) -> RenderResult:
    """``overview.render_overview_job`` into a staging folder, then ``overview.*`` published
    to ``url``."""
    from .overview import overview_names, render_overview_job

    dst = overview_names(lang)
    stage = _stage()
    try:
        result = render_overview_job(job, stage, lang=lang, formats=formats, timeout=timeout,
                                     worker=worker)
        _publish(result, stage, url, dst, ("notebook", *formats))
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return result


def overview_current(url: str, lang: str, formats: Sequence[str]) -> bool:
    from .overview import overview_names

    names = overview_names(lang)
    listing = storage.listdir(url)
    return all(names[kind] in listing for kind in ("notebook", *formats))


def write_index_url(url: str, results: Iterable[RenderResult] | None = None, *, store=None,
                    lang: str = "zh") -> str:
    """``index.write_index`` for an output URL; returns the URL of the page of ``lang``."""
    from .index import INDEX_NAMES, write_index
    from .overview import overview_names

    results = list(results or ())
    with_result = {r.job.slug for r in results}
    outputs = {n for lg in ("zh", "en") for n in output_names(lg).values()}
    overviews = {n for lg in ("zh", "en") for n in overview_names(lg).values()}
    with tempfile.TemporaryDirectory(prefix="countybrief-index-") as tmp:
        mirror = Path(tmp)
        for name, entry in storage.listdir(url).items():
            if entry["type"] == "file":
                if name in overviews:
                    (mirror / name).touch()
                continue
            if name.startswith(".") or os.sep in name:
                continue
            folder = mirror / name
            folder.mkdir()
            for fname in storage.listdir(storage.join(url, name)):
                if fname not in outputs:
                    continue
                if fname.endswith(".ipynb") and name not in with_result:
                    # its recorded parameters name the region (no job for it in this run)
                    (folder / fname).write_bytes(storage.read_bytes(storage.join(url, name, fname)))
                else:
                    (folder / fname).touch()  # only its presence counts: a link
        write_index(mirror, results, store=store)
        for page in INDEX_NAMES.values():
            storage.put_file(mirror / page, storage.join(url, page))
    return storage.join(url, INDEX_NAMES.get(lang, INDEX_NAMES["zh"]))
