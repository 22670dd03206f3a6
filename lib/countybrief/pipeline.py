"""The main job, stage by stage: extract -> params -> render. The CLI calls these."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import storage
from .errors import (CountyBriefError, NoStoreError, ParametersError, RenderError,
                     shown)
from .model import BriefingJob, Extraction


@dataclass
class Project:
    """Where a project's inputs and outputs live (defaults: the README layout).
    ``data_dir`` and ``output_dir`` may be fsspec URLs (kept as strings, see ``storage``)."""

    root: Path = field(default_factory=Path.cwd)
    raw_dir: Path | None = None
    data_dir: Path | str | None = None
    params_dir: Path | None = None
    output_dir: Path | str | None = None

    def __post_init__(self) -> None:
        self.root = Path(self.root).resolve()
        self.raw_dir = Path(self.raw_dir or self.root / "data" / "raw")
        self.data_dir = storage.location(self.data_dir or self.root / "data" / "extracted")
        self.params_dir = Path(self.params_dir or self.root / "parameters")
        self.output_dir = storage.location(self.output_dir or self.root / "output")


@dataclass
class CorpusResult:
    """What ``extract`` found: extractions in sorted path order, and errors."""

    extractions: list[Extraction]
    errors: list[str]  # one message per unreadable file, naming it
    skipped: list[str] = field(default_factory=list)  # folder entries not read, naming each and why

    def __post_init__(self) -> None:
        self.extractions = sorted(self.extractions, key=lambda ex: Path(ex.document.path))

    def distinct(self) -> list[Extraction]:
        """One extraction per article: the same normalised text under several file names
        (a copy saved under another name) is kept once, the first by sorted path, as in
        the store."""
        seen: set[str] = set()
        out = []
        for ex in self.extractions:
            if ex.document.doc_id not in seen:
                seen.add(ex.document.doc_id)
                out.append(ex)
        return out

    def warnings(self) -> list[str]:
        """One line per folder entry skipped (a FIFO, a dangling link, a link out of the
        folders not followed...), then per distinct article that names no region."""
        return [*self.skipped,
                *(unassigned_warning(ex) for ex in self.distinct() if ex.document.region is None)]


def unassigned_warning(ex: Extraction) -> str:
    """The warning for an article that names no region: its facts are kept, unassigned."""
    path = Path(ex.document.path)
    n = sum(1 for f in ex.facts if f.adcode is None)
    return (f"{path}: names no region, so its {n} figure{'s are' if n != 1 else ' is'} kept "
            f"without one (flag region_unresolved); assign it with `--region NAME`, or with "
            f"the line `{path.name}: NAME` in {path.parent / 'regions.yaml'}")


def extract_corpus(paths: Iterable[str | os.PathLike], *, region: str | None = None,
                   on_file=None, roots: Iterable[str | os.PathLike] | None = None,
                   follow_links: bool = False) -> CorpusResult:
    """Read and extract every article under ``paths``; bad files are reported, not fatal.

    ``region``: the region of every article (``extract --region``); otherwise an article
    gets the one a ``regions.yaml`` beside it or above it, up to ``roots`` (default:
    ``paths``), assigns (``ingest.sidecar``). Links out of the folders given are followed
    only with ``follow_links`` (``ingest.scan``).
    """
    from .extract import extract_article
    from .extract.regions import UnknownRegionError
    from .ingest import read_article, scan_articles
    from .ingest.sidecar import RegionMap

    scan = scan_articles(list(paths), follow_links=follow_links)
    sidecars = RegionMap(list(roots) if roots is not None else scan.roots)
    extractions: list[Extraction] = []
    errors: list[str] = [str(exc) for exc in scan.errors]
    for path in scan.files:
        try:
            article = read_article(path)
        except FileNotFoundError:
            errors.append(f"{path}: disappeared before it could be read (skipped)")
            continue
        except CountyBriefError as exc:
            errors.append(str(exc))
            continue
        assigned, source = region, None
        if assigned is None:
            try:
                assigned, source = sidecars.region_for(path) or (None, None)
            except CountyBriefError as exc:  # a broken regions.yaml: said once, articles kept
                if str(exc) not in errors:
                    errors.append(str(exc))
        try:
            try:
                ex = extract_article(article, region_override=assigned)
            except UnknownRegionError:
                if source is None:  # --region: the user's own word, refused
                    raise
                errors.append(f"{shown(source)}: unknown region {assigned!r} for "
                              f"{shown(path.name)}, so the article is kept without one (give a "
                              "county name as in the national gazetteer, or its 6-digit adcode)")
                ex = extract_article(article)  # kept, unassigned, as without regions.yaml
        except CountyBriefError as exc:
            errors.append(str(exc))
            continue
        extractions.append(ex)
        if on_file:
            on_file(path, ex)
    return CorpusResult(extractions, errors, [str(exc) for exc in scan.skipped])


def select_jobs(project: Project, regions: list[str], *, all_regions: bool = False,
                lang: str | None = None) -> tuple[list[BriefingJob], list[str]]:
    """Render jobs for the named regions (name, adcode or slug), or all parameters files."""
    from .params.files import file_keys, read_parameters, to_job
    from .render import check_template

    with_facts = _regions_with_facts(project.data_dir)

    files = sorted(project.params_dir.glob("*.yaml"))
    if not files:
        raise ParametersError(project.params_dir, "no parameters files",
                              "run `countybrief params` after `countybrief extract`")
    wanted = {r.strip() for r in regions}
    jobs: list[BriefingJob] = []
    errors: list[str] = []
    found: set[str] = set()
    checked: set[tuple] = set()
    for path in files:
        try:
            pfile = read_parameters(path)
        except ParametersError as exc:  # named by its file name, e.g. 华州区 for 610503-华州区.yaml
            named = file_keys(path) & wanted
            if all_regions or named:
                errors.append(str(exc))
                found |= named
            continue
        keys = {pfile.region, pfile.adcode, pfile.slug}
        if not all_regions and not (keys & wanted):
            continue
        found |= keys & wanted
        try:
            job = to_job(pfile, root=project.root, data_dir=project.data_dir,
                         raw_dir=project.raw_dir, lang=lang)
            template_sig = _template_sig(job.template)
            if template_sig not in checked:  # one parse per template, not one per region
                check_template(job.template)
                checked.add(template_sig)
        except (ParametersError, RenderError) as exc:
            errors.append(str(exc))
            continue
        if with_facts is not None and pfile.adcode not in with_facts:
            errors.append(f"{path}: region {pfile.region} ({pfile.adcode}) has no facts in "
                          f"{project.data_dir} (extract articles that name it, or delete this file)")
            continue
        jobs.append(job)
    for missing in sorted(wanted - found):
        if any(missing == Path(e.split(":", 1)[0]).stem for e in errors):
            continue
        errors.append(f"{project.params_dir}: no parameters file for region {missing!r} "
                      "(run `countybrief params`, or check the name)")
    return jobs, errors


def _template_sig(template: str | os.PathLike) -> tuple:
    """Path and file stats of a template: the same template is checked once per run."""
    try:
        st = os.stat(template)
    except OSError:
        return (str(template), None)  # check_template reports it
    return (str(template), st.st_size, st.st_mtime_ns, st.st_ino)


def _regions_with_facts(data_dir: Path | str) -> set[str] | None:
    """Adcodes with facts in the store, or None when there is no store to check against
    (the template then builds its data from the raw articles). A store that is there but
    cannot be read (an older schema, a newer one, damaged, a folder without a manifest) is
    refused here, once, rather than in every region's notebook."""
    from .store import open_store

    try:
        regions = open_store(data_dir).regions
    except NoStoreError:  # no folder at all; a folder without a store is refused
        return None
    return set(regions.loc[regions["n_facts"] > 0, "adcode"])


@contextlib.contextmanager
def project_lock(project: Project, *, data: str | None = None, output: bool = False,
                 log: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the project's run locks (``locks``): ``data`` ``"exclusive"`` (writing the
    store) or ``"shared"`` (reading it), ``output`` for a render batch. Folders given as
    URLs are not locked (no local file to lock)."""
    from . import locks

    with contextlib.ExitStack() as stack:
        if output and not storage.is_url(project.output_dir):
            out = Path(project.output_dir)
            check_writable(out)
            stack.enter_context(locks.hold(locks.output_lock_path(out), log=log,
                                           what=f"the output folder {out}"))
        if data and not storage.is_url(project.data_dir):
            stack.enter_context(locks.hold(
                locks.data_lock_path(project.data_dir), shared=data == "shared", log=log,
                what=f"the data folder {project.data_dir}", required=data != "shared"))
        yield


def check_writable(folder: Path) -> None:
    """``RenderError`` naming ``folder`` unless files can be created in it (checked before
    any kernel or browser starts)."""
    from .render.batch import check_writable as check

    check(folder)


@contextlib.contextmanager
def _selected(project: Project, regions: list[str], all_regions: bool, lang: str | None,
              log: Callable[[str], None]) -> Iterator[tuple[list[BriefingJob], list[str]]]:
    """The jobs (a refused store stops here, before the output folder is touched), then
    the output folder's lock for the batch."""
    jobs, errors = select_jobs(project, regions, all_regions=all_regions, lang=lang)
    for err in errors:
        log(f"error: {err}")
    with project_lock(project, output=True, log=log):
        yield jobs, errors


def render_project(project: Project, regions: list[str], *, all_regions: bool = False,
                   lang: str | None = None, formats: tuple[str, ...] = ("html", "pdf"),
                   workers: int | None = None, force: bool = False,
                   scheduler: str | None = None, progress: bool = False,
                   log: Callable[[str], None] = print) -> int:
    """``countybrief render``: select the jobs, render them (with the overview), write
    the index, print the summary; returns the exit status (1 when a region, the overview
    or the index failed, or a parameters file was refused). Holds the project's locks."""
    from .render.batch import default_workers, summary_table
    from .render.overview import project_overview_job

    if not storage.is_url(project.data_dir):
        _regions_with_facts(project.data_dir)  # an unreadable store is refused before anything is written
    with project_lock(project, data="shared", log=log), \
            _selected(project, regions, all_regions, lang, log) as (jobs, errors):
        from .render import render_jobs

        results = render_jobs(jobs, project.output_dir, lang=lang, log=log, formats=formats,
                              workers=workers or default_workers(), force=force,
                              scheduler=scheduler, progress=progress,
                              overview=project_overview_job(project, lang=lang, log=log))
        index = storage.join(project.output_dir, "index.html")
        index_failed = False
        if any(r.status != "unchanged" for r in results) or not storage.exists(index):
            from .render import write_index

            try:
                write_index(project.output_dir, results)
            except (OSError, CountyBriefError) as exc:
                index_failed = True
                detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
                name = getattr(exc, "filename", None) or index
                log(f"error: cannot write the index {name}: {detail}")
        failed = [r for r in results if not r.ok]
        overview = getattr(results, "overview", None)
        overview_failed = overview is not None and not overview.ok
        if results or overview is not None:
            log(summary_table(results, overview=overview))
        log(f"{len(results) - len(failed)} of {len(results)} briefings up to date -> {index}")
    return 1 if failed or errors or overview_failed or index_failed else 0
