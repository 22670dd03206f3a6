"""``countybrief`` command line: a thin layer over :mod:`countybrief.pipeline`."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from . import __version__, storage
from .errors import CountyBriefError, InputError, escape_text, shown
from .pipeline import Project, extract_corpus, project_lock, render_project

LANGS = ("zh", "en")


def _log(msg: str) -> None:
    """One message on stderr; control characters in it (a file name's escape sequences)
    are printed escaped, never sent to the terminal as they are."""
    print(escape_text(msg, keep_newlines=True), file=sys.stderr, flush=True)


def _project(args: argparse.Namespace) -> Project:
    """The project of the command (``countybrief.yaml`` at or above the current folder, or
    in ``--root``), with the folders given as flags instead of its own."""
    root = getattr(args, "root", None)
    if root is not None and os.path.lexists(root) and not os.path.isdir(root):
        raise InputError(root, "is a file, not a folder", "give --root a project folder")
    project = Project.load(root, data=getattr(args, "data", None),
                           params=getattr(args, "params", None),
                           output=getattr(args, "output", None))
    for option, folder in (("--root", project.root), ("--data", project.data_dir),
                           ("--params", project.params_dir), ("--output", project.output_dir)):
        if not storage.is_url(folder) and os.path.lexists(folder) and not os.path.isdir(folder):
            raise InputError(folder, "is a file, not a folder",
                             f"give {option} a folder; it is created if missing")
    return project


def cmd_init(args: argparse.Namespace) -> int:
    """Create a project for your own articles: countybrief.yaml, articles/, parameters/,
    output/."""
    from .project import init_project

    created = init_project(args.dir)
    config = created[0]
    for path in created:
        _log(f"created   {path}{'/' if path.is_dir() else ''}")
    _log(f"next: put your articles (.txt, .html, .md) in {config.parent / 'articles'}, then run "
         f"`countybrief build` in {config.parent} (settings: {config})")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    """Extract documents, regions and facts from articles."""
    from .project import check_corpus, corpus_record

    project = _project(args)
    paths = args.paths or list(project.corpus)
    corpus = corpus_record(paths, project.root)
    if not args.jsonl:  # before reading anything: never replace another corpus's store
        check_corpus(project.data_dir, corpus, replace=getattr(args, "replace", False))
    follow_links = getattr(args, "follow_links", False)
    from .corrections import apply_corrections, corrections_path, load_corrections

    fixes = corrections_path(project.root)  # the analyst's corrections: a bad one stops here
    entries = load_corrections(fixes)
    if getattr(args, "scheduler", None):
        from .render.distributed import extract_on_cluster

        # workers resolve a relative path against their own working folder, not ours
        result = extract_on_cluster([Path(p).absolute() for p in paths], args.scheduler,
                                    region=args.region, follow_links=follow_links)
    else:
        result = extract_corpus(paths, region=args.region, follow_links=follow_links)
    corrected = apply_corrections(result.extractions, entries, fixes)  # before anything is written
    result.extractions = corrected.extractions
    for err in result.errors:
        _log(f"error: {err}")
    for warning in [*result.warnings(), *corrected.warnings]:
        _log(f"warning: {warning}")
    if corrected.applied:
        _log(f"applied {corrected.applied} of {len(entries)} corrections in {fixes}")
    if args.jsonl:
        out = sys.stdout
        for ex in result.distinct():  # an article saved twice is printed once, as stored
            for fact in ex.facts:
                out.write(json.dumps(fact.to_json(), ensure_ascii=False) + "\n")
        out.flush()
        return 1 if result.errors else 0
    from .store import write_store

    if not result.extractions and result.errors:
        _log(f"error: no article could be read; the store in {project.data_dir} was left as it was")
        return 1
    if not result.extractions:  # an empty folder never replaces a store with nothing
        _log(f"error: no articles (.txt, .html, .htm, .md) in {', '.join(map(shown, paths))}; "
             f"the store in {project.data_dir} was left as it was")
        return 1
    with project_lock(project, data="exclusive", log=_log):  # one store swap at a time
        counts = write_store(result.extractions, project.data_dir, corpus=corpus)
    args.stored = True
    _log(f"extracted {counts['documents']} documents, {counts['facts']} facts, "
         f"{counts['regions']} regions -> {project.data_dir}")
    return 1 if result.errors else 0


def cmd_params(args: argparse.Namespace) -> int:
    """Create or refresh parameters/<adcode>-<name>.yaml for every region with facts;
    report the files of regions without facts (stale), and remove them with --prune
    unless they hold your edits."""
    from .params import generate_parameters
    from .store import open_store

    project = _project(args)
    outcomes = generate_parameters(open_store(project.data_dir), project.params_dir,
                                   prune=getattr(args, "prune", False))
    failed = 0
    for o in outcomes:
        if o.status == "error":
            failed += 1
            _log(f"error: {o.message}")
        else:
            _log(f"{o.status:9} {o.path}" + (f": {o.message}" if o.message else ""))
    return 1 if failed else 0


def cmd_render(args: argparse.Namespace) -> int:
    """Execute the notebook template per region and export HTML and PDF briefings."""
    project = _project(args)
    if not args.regions and not args.all:
        raise CountyBriefError("name one or more regions (name, adcode or adcode-name) or use --all")
    return render_project(project, args.regions, all_regions=args.all,
                          langs=[args.lang] if args.lang else project.languages,
                          formats=args.formats or project.formats,
                          workers=args.jobs or project.jobs,
                          force=getattr(args, "force", False),
                          scheduler=getattr(args, "scheduler", None),
                          progress=sys.stderr.isatty(), log=_log)


def cmd_build(args: argparse.Namespace) -> int:
    """The main job: extract + params + render --all (Chinese and English editions)."""
    t0 = time.monotonic()
    args.paths, args.jsonl = args.paths or [], False
    with project_lock(_project(args), data="exclusive", output=True, log=_log):
        status = cmd_extract(args)
        if not getattr(args, "stored", False):  # no article read: nothing to go on with
            _log("build stopped: no article was read, so there is nothing to render")
            return status
        status |= cmd_params(args)
        args.regions, args.all = [], True
        status |= cmd_render(args)  # every language of the project, or --lang
    _log(f"build finished in {time.monotonic() - t0:.0f} s")
    return status


def cmd_facts(args: argparse.Namespace) -> int:
    """A region's figures with their correction keys (``export.commands``)."""
    from .export.commands import run_facts

    return run_facts(args, _project(args).data_dir, log=_log)


def cmd_export(args: argparse.Namespace) -> int:
    """The facts as CSV or an Excel workbook (``export.commands``)."""
    from .export.commands import run_export

    project = _project(args)
    return run_export(args, project.data_dir, project.output_dir, log=_log)


LANG_HELP = ("render only this edition (default: the project's `languages`, zh and en "
             "unless countybrief.yaml says otherwise)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="countybrief",
        description="County poverty-alleviation briefings from scraped articles. Run inside "
                    "a project (the nearest countybrief.yaml at or above the current folder, "
                    "or --root); flags override its settings.")
    parser.add_argument("--version", action="version", version=f"countybrief {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(name: str, func, help_text: str, *folders: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        if folders:
            _add_folders(p, folders)
        return p

    p = add("init", cmd_init, "create a project for your own articles: countybrief.yaml, "
            "articles/, parameters/, output/")
    p.add_argument("dir", nargs="?", type=Path, default=Path("."),
                   help="project folder, created if missing (default: the current folder)")

    p = add("extract", cmd_extract, "extract documents, regions and facts from articles into "
            "the data folder", "root", "data")
    p.add_argument("paths", nargs="*", type=Path,
                   help="article files or folders (default: the project's corpus, data/raw)")
    p.add_argument("--jsonl", action="store_true", help="print facts as JSON lines instead of writing the store")
    p.add_argument("--region", help="region of articles that never name it (e.g. 华州区)")
    _add_replace(p)
    _add_follow_links(p)
    _add_scheduler(p)

    p = add("params", cmd_params, "write one parameters file per region with facts (keeps "
            "user edits); report those of regions without facts as stale", "root", "data", "params")
    p.add_argument("--prune", action="store_true",
                   help="remove stale files that hold no edits of yours (the others are kept "
                        "and listed)")

    p = add("render", cmd_render, "render HTML and PDF briefings for regions into the output "
            "folder", "root", "data", "params", "output")
    p.add_argument("regions", nargs="*", help="region names, adcodes or adcode-name slugs")
    p.add_argument("--all", action="store_true", help="render every region with a parameters file")
    p.add_argument("--lang", choices=LANGS, help=LANG_HELP)
    _add_render_options(p)

    p = add("build", cmd_build, "the main job: extract + params + render every region",
            "root", "data", "params", "output")
    p.add_argument("paths", nargs="*", type=Path,
                   help="article files or folders (default: the project's corpus, data/raw)")
    p.add_argument("--region", help="region of articles that never name it")
    _add_replace(p)
    _add_follow_links(p)
    p.add_argument("--lang", choices=LANGS, help=LANG_HELP)
    _add_render_options(p)

    from .export.commands import EXPORT_HELP, FACTS_HELP, add_arguments

    add_arguments(add("facts", cmd_facts, FACTS_HELP, "root", "data"),
                  add("export", cmd_export, EXPORT_HELP, "root", "data", "output"))
    return parser


def _add_folders(p: argparse.ArgumentParser, folders: tuple[str, ...]) -> None:
    """The folder flags of a command: only those it uses."""
    if "root" in folders:
        p.add_argument("--root", type=Path, metavar="DIR",
                       help="project folder (default: the nearest folder at or above the "
                            "current one with a countybrief.yaml, else the current folder)")
    if "data" in folders:
        p.add_argument("--data", type=storage.location, metavar="DIR|URL",
                       help="extracted data folder or fsspec URL, e.g. s3://bucket/cb/extracted "
                            "(default: the project's data, data/extracted)")
    if "params" in folders:
        p.add_argument("--params", type=Path, metavar="DIR",
                       help="parameters folder (default: the project's parameters, parameters)")
    if "output" in folders:
        p.add_argument("--output", type=storage.location, metavar="DIR|URL",
                       help="output folder or fsspec URL (default: the project's output, output)")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _formats(text: str) -> tuple[str, ...]:
    """``--formats html,pdf``: each a known format, else an error listing them."""
    from .project import FORMATS, choices

    try:
        return choices(text.split(","), FORMATS, what="format", source="--formats")
    except CountyBriefError as exc:
        raise argparse.ArgumentTypeError(f"{exc.problem} ({exc.hint})") from None


def _add_replace(p: argparse.ArgumentParser) -> None:
    p.add_argument("--replace", action="store_true",
                   help="replace a store that was built from other articles (refused "
                        "otherwise, so one corpus's data never replaces another's)")


def _add_follow_links(p: argparse.ArgumentParser) -> None:
    p.add_argument("--follow-links", action="store_true",
                   help="read files and folders that links in the article folders point to "
                        "outside them (default: such links are reported and not followed)")


def _add_scheduler(p: argparse.ArgumentParser) -> None:
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on an existing Dask cluster, e.g. tcp://HOST:8786 "
                        "(workers need countybrief and the same data/output paths or URLs)")


def _add_render_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("-j", "--jobs", type=_positive, metavar="N",
                   help="briefings rendered in parallel, one warm kernel each (default: the "
                        "project's jobs, else one per core)")
    p.add_argument("--force", action="store_true",
                   help="render every briefing, even those whose inputs did not change")
    p.add_argument("--formats", type=_formats, metavar="LIST",
                   help="output formats, comma-separated, from: html, pdf (default: the "
                        "project's formats, html,pdf)")
    if "--scheduler" not in p._option_string_actions:
        _add_scheduler(p)


class _Terminated(KeyboardInterrupt):
    """SIGTERM (``timeout``, a cancelled CI job): stopped like Ctrl-C."""


def _on_sigterm(signum, frame) -> None:  # noqa: ARG001
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # once: the clean-up is under way
    raise _Terminated()


def main(argv: list[str] | None = None) -> int:
    import signal

    args = build_parser().parse_args(argv)
    import threading

    if (signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
            and threading.current_thread() is threading.main_thread()):  # (a test's thread)
        signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return args.func(args)
    except CountyBriefError as exc:
        _log(f"error: {exc}")
        return 2
    except KeyboardInterrupt as exc:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C cannot cut the exit
        _log("interrupted: finished outputs are kept, the next run completes the rest")
        return 143 if isinstance(exc, _Terminated) else 130
    except BrokenPipeError:  # `countybrief extract --jsonl | head -1`: the reader is done
        _silence_stdout()
        return 141  # as a Unix tool killed by SIGPIPE (128 + 13)
    except OSError as exc:  # a file or folder the system refuses: named, no traceback
        where = f"{shown(exc.filename)}: " if exc.filename else ""
        _log(f"error: {where}{exc.strerror or exc}")
        return 2


def _silence_stdout() -> None:
    """Point stdout at /dev/null: the interpreter's last flush would fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real stdout (captured in tests)
        pass


if __name__ == "__main__":
    sys.exit(main())
