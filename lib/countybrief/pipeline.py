"""The main job, stage by stage: extract -> params -> render. The CLI calls these."""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Sequence

from . import storage
from .errors import (CountyBriefError, NoStoreError, ParametersError, RenderError,
                     shown)
from .model import BriefingJob, Extraction


@dataclass
class Project:
    """Where a project's inputs and outputs live, and its defaults (``countybrief.yaml``,
    see ``project``; without one, the README layout). ``data_dir`` and ``output_dir`` may
    be fsspec URLs (kept as strings, see ``storage``). ``corpus``: the article files or
    folders ``extract`` reads without paths; ``raw_dir`` the first folder of them (where a
    briefing builds its data from when there is no store)."""

    root: Path = field(default_factory=Path.cwd)
    raw_dir: Path | None = None
    data_dir: Path | str | None = None
    params_dir: Path | None = None
    output_dir: Path | str | None = None
    corpus: list[Path] = field(default_factory=list)
    languages: tuple[str, ...] = ("zh", "en")
    formats: tuple[str, ...] = ("html", "pdf")
    jobs: int | None = None
    template: Path | None = None  # the default notebook template (None: the bundled one)
    config: Path | None = None  # the countybrief.yaml read, if any

    def __post_init__(self) -> None:
        self.root = Path(self.root).resolve()
        self.corpus = [Path(p) for p in self.corpus] or [
            Path(self.raw_dir or self.root / "data" / "raw")]
        if self.raw_dir is None:
            first = self.corpus[0]
            self.raw_dir = first.parent if first.suffix and first.is_file() else first
        self.raw_dir = Path(self.raw_dir)
        self.data_dir = storage.location(self.data_dir or self.root / "data" / "extracted")
        self.params_dir = Path(self.params_dir or self.root / "parameters")
        self.output_dir = storage.location(self.output_dir or self.root / "output")

    @classmethod
    def load(cls, root: str | os.PathLike | None = None, *, data: Path | str | None = None,
             params: Path | None = None, output: Path | str | None = None,
             cwd: str | os.PathLike | None = None) -> "Project":
        """The project of a command: ``root``'s ``countybrief.yaml`` (``--root``) or the
        nearest one at or above ``cwd``, with the folders given on the command line
        (``data``, ``params``, ``output``) instead of its own."""
        from .project import load_project

        cfg = load_project(root, cwd)
        return cls(root=cfg.root, corpus=list(cfg.corpus), data_dir=data or cfg.data,
                   params_dir=params or cfg.parameters, output_dir=output or cfg.output,
                   languages=cfg.languages, formats=cfg.formats, jobs=cfg.jobs,
                   template=cfg.template, config=cfg.path)

    def check_template(self) -> None:
        """``ProjectFileError`` naming ``countybrief.yaml`` when its ``template`` is missing."""
        if self.template is not None and not Path(self.template).is_file():
            from .errors import ProjectFileError

            raise ProjectFileError(self.config or self.root, f"'template': {self.template} "
                                   "does not exist", "create it, or set template: null to "
                                   "use the bundled one")


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


@dataclass
class Selection:
    """What ``select_jobs`` found: the jobs to render, errors (one line each, naming the
    file and key) and stale files skipped (their region has no facts any more)."""

    jobs: list[BriefingJob]
    errors: list[str]
    stale: list[str] = field(default_factory=list)

    def __iter__(self):  # ``jobs, errors = select_jobs(...)``
        return iter((self.jobs, self.errors))


def select_jobs(project: Project, regions: list[str], *, all_regions: bool = False,
                lang: str | None = None) -> Selection:
    """Render jobs for the named regions (name, adcode or slug), or all parameters files.
    With ``all_regions``, a file whose region has no facts in the store is skipped as
    stale (kept for the user's edits); a region named on the command line with no facts
    is an error."""
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
    stale: list[str] = []
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
        if with_facts is not None and pfile.adcode not in with_facts:
            why = f"region {pfile.region} ({pfile.adcode}) has no facts in {project.data_dir}"
            if all_regions:
                stale.append(f"{path}: {why} (kept for your edits; `countybrief params "
                             "--prune` removes it if it holds none)")
            else:
                errors.append(f"{path}: {why} (stale: extract articles that name it, or "
                              "remove the file with `countybrief params --prune`)")
            continue
        try:
            job = to_job(pfile, root=project.root, data_dir=project.data_dir,
                         raw_dir=project.raw_dir, lang=lang, default_template=project.template)
            template_sig = _template_sig(job.template)
            if template_sig not in checked:  # one parse per template, not one per region
                check_template(job.template)
                checked.add(template_sig)
        except (ParametersError, RenderError) as exc:
            errors.append(str(exc))
            continue
        jobs.append(job)
    for missing in sorted(wanted - found):
        if any(missing == Path(e.split(":", 1)[0]).stem for e in errors):
            continue
        errors.append(f"{project.params_dir}: no parameters file for region {missing!r} "
                      "(run `countybrief params`, or check the name)")
    return Selection(jobs, errors, stale)


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
def _selected(project: Project, regions: list[str], all_regions: bool, langs: Sequence[str],
              log: Callable[[str], None]) -> Iterator[dict[str, Selection]]:
    """The jobs per language (a refused store stops here, before the output folder is
    touched; errors and stale files are said once), then the output folder's lock."""
    chosen = {lang: select_jobs(project, regions, all_regions=all_regions, lang=lang)
              for lang in langs}
    first = next(iter(chosen.values()))
    for line in first.stale:
        log(f"skipped (stale: no facts): {line}")
    for err in first.errors:
        log(f"error: {err}")
    with project_lock(project, output=True, log=log):
        yield chosen


def render_project(project: Project, regions: list[str], *, all_regions: bool = False,
                   lang: str | None = None, langs: Sequence[str] | None = None,
                   formats: tuple[str, ...] = ("html", "pdf"),
                   workers: int | None = None, force: bool = False,
                   scheduler: str | None = None, progress: bool = False,
                   log: Callable[[str], None] = print) -> int:
    """``countybrief render``: select the jobs, render them in each language of
    ``langs`` (default: ``lang``, else the project's ``languages``) with the overview,
    write the index, print the summary; returns the exit status (1 when a region, the
    overview or the index failed, or a parameters file was refused; stale files are
    skipped, not failures). Holds the project's locks."""
    from .render.batch import default_workers
    from .render.overview import project_overview_job
    from .render.progress import summary_table

    langs = list(langs or ([lang] if lang else project.languages))
    project.check_template()
    if not storage.is_url(project.data_dir):
        _regions_with_facts(project.data_dir)  # an unreadable store is refused before anything is written
    with project_lock(project, data="shared", log=log), \
            _selected(project, regions, all_regions, langs, log) as chosen:
        from .render import render_jobs

        results: list = []
        overviews: list = []
        for edition, selection in chosen.items():
            batch = render_jobs(selection.jobs, project.output_dir, lang=edition, log=log,
                                formats=formats, workers=workers or default_workers(),
                                force=force, scheduler=scheduler, progress=progress,
                                overview=project_overview_job(project, lang=edition, log=log))
            results.extend(batch)
            if getattr(batch, "overview", None) is not None:
                overviews.append(batch.overview)
        errors = next(iter(chosen.values())).errors
        stale = next(iter(chosen.values())).stale
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
        overview_failed = any(not o.ok for o in overviews)
        if results or overviews:
            log(summary_table(results, overviews=overviews))
        if results:
            log(f"{len(results) - len(failed)} of {len(results)} briefings up to date -> {index}")
        elif not errors:
            log("no briefing to render" + (f" ({len(stale)} stale parameters "
                                           f"file{'s' if len(stale) != 1 else ''} skipped)"
                                           if stale else ""))
    return 1 if failed or errors or overview_failed or index_failed else 0
