"""The project file ``countybrief.yaml``: find it, read and check it, create it (``init``).

A project is a folder with a ``countybrief.yaml`` (in the spirit of Quarto's
``_quarto.yml``). Every command run in that folder or below reads the nearest one at or
above the current folder (or the one in ``--root``); command-line flags override it.
Paths in it are relative to the file's folder. Keys (all optional):

- ``corpus``: article files or folders that ``extract``/``build`` read without paths
  (default ``[data/raw]``; ``init`` writes ``[articles]``)
- ``data``: the extracted-data store, a folder or fsspec URL (default ``data/extracted``)
- ``parameters``: the parameters folder (default ``parameters``)
- ``output``: the output folder or fsspec URL (default ``output``)
- ``languages``: editions rendered by ``build`` and ``render`` (default ``[zh, en]``)
- ``formats``: output formats (default ``[html, pdf]``)
- ``jobs``: briefings rendered in parallel (default: null, one per core)
- ``template``: the default notebook template (default: null, the bundled one)

A store records which corpus built it (``corpus`` in its manifest, the paths relative to
the project); ``check_corpus`` refuses to replace it with another corpus's data.
"""

from __future__ import annotations

import difflib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import yaml

from . import storage, yamlio
from .errors import ProjectFileError, shown

CONFIG_NAME = "countybrief.yaml"
#: output formats known to the renderer (``render.execute.FORMATS``)
FORMATS = ("html", "pdf")
LANGUAGES = ("zh", "en")

#: key -> description (the type is checked by ``_check``)
KEYS: dict[str, str] = {
    "corpus": "list of article files or folders",
    "data": "extracted-data folder or URL",
    "parameters": "parameters folder",
    "output": "output folder or URL",
    "languages": f"list of languages ({', '.join(LANGUAGES)})",
    "formats": f"list of output formats ({', '.join(FORMATS)})",
    "jobs": "whole number of 1 or more, or null",
    "template": "notebook template path, or null",
}

DEFAULTS: dict[str, Any] = {
    "corpus": ["data/raw"], "data": "data/extracted", "parameters": "parameters",
    "output": "output", "languages": list(LANGUAGES), "formats": list(FORMATS),
    "jobs": None, "template": None,
}

INIT_TEXT = """\
# countybrief project: settings read by every countybrief command run in this folder or
# below (the nearest countybrief.yaml at or above the current folder, or --root).
# Command-line flags override them; paths are relative to this file.
#
#   1. put your articles (.txt, .html, .md, or folders of them) in articles/
#   2. run `countybrief build` here: facts go to data/extracted/, one parameters file per
#      region to parameters/ (yours to edit), briefings to output/ (open output/index.html)
#
# This project's data, parameters and output are its own: nothing else is touched.

corpus:                  # article files or folders read by `extract` and `build`
  - articles
data: data/extracted     # the extracted facts (a folder, or an fsspec URL)
parameters: parameters   # <adcode>-<name>.yaml per region
output: output           # briefings, overview and index (a folder, or an fsspec URL)
languages: [zh, en]      # editions of `build` and `render` (--lang overrides)
formats: [html, pdf]     # (--formats overrides)
jobs: null               # briefings rendered in parallel; null: one per core (-j overrides)
template: null           # default notebook template; null: the bundled county_briefing.ipynb
"""


@dataclass(frozen=True)
class ProjectConfig:
    """A project's settings: ``path`` is its ``countybrief.yaml`` (None when the folder
    has none and the defaults apply); every path is absolute (URLs kept as strings)."""

    root: Path
    path: Path | None = None
    corpus: tuple[Path, ...] = ()
    data: Path | str = Path("data/extracted")
    parameters: Path = Path("parameters")
    output: Path | str = Path("output")
    languages: tuple[str, ...] = LANGUAGES
    formats: tuple[str, ...] = FORMATS
    jobs: int | None = None
    template: Path | None = None
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


def find_config(start: str | os.PathLike) -> Path | None:
    """The nearest ``countybrief.yaml`` in ``start`` or a folder above it, or None."""
    here = Path(start).absolute()
    for folder in (here, *here.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def load_project(root: str | os.PathLike | None = None,
                 cwd: str | os.PathLike | None = None) -> ProjectConfig:
    """The project of a command: ``root``'s own ``countybrief.yaml`` when ``root`` is
    given (``--root``), else the nearest one at or above ``cwd``; without one, the
    defaults in ``root`` (or ``cwd``)."""
    if root is not None:
        folder = Path(root).absolute()
        path = folder / CONFIG_NAME
        return read_config(path) if path.is_file() else config_from(folder, {}, None)
    here = Path(cwd or Path.cwd()).absolute()
    path = find_config(here)
    return read_config(path) if path else config_from(here, {}, None)


def read_config(path: str | os.PathLike) -> ProjectConfig:
    """Read and check ``countybrief.yaml``; ``ProjectFileError`` naming the file and key."""
    p = Path(path).absolute()
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise ProjectFileError(p, f"not UTF-8 text ({exc.reason})", "save it as UTF-8") from None
    try:
        data = yamlio.load(text)
    except yaml.YAMLError as exc:
        raise ProjectFileError(p, yamlio.describe(exc), "fix the syntax") from None
    if data is None:
        data = {}  # an empty file: every default
    return config_from(p.parent, check(data, p), p)


def check(data: Any, path: Path) -> dict[str, Any]:
    """Validate the mapping of ``countybrief.yaml`` (keys and types); returns it with
    ``corpus``, ``languages`` and ``formats`` as lists."""
    if not isinstance(data, dict):
        raise ProjectFileError(path, "expected a mapping of keys to values at the top level",
                               f"keys: {', '.join(KEYS)}")
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key not in KEYS:
            near = difflib.get_close_matches(str(key), KEYS, n=1)
            hint = f"did you mean {near[0]!r}?" if near else f"valid keys: {', '.join(KEYS)}"
            raise ProjectFileError(path, f"unknown key {key!r}", hint)
        out[key] = _check(key, value, path)
    return out


def _wrong(path: Path, key: str, value: Any) -> ProjectFileError:
    return ProjectFileError(path, f"{key!r} must be a {KEYS[key]}, "
                                  f"not {type(value).__name__} {value!r}")


def _check(key: str, value: Any, path: Path) -> Any:
    if key == "jobs":
        if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
            return value
        raise _wrong(path, key, value)
    if key == "template":
        if value is None or (isinstance(value, str) and value.strip()):
            return value
        raise _wrong(path, key, value)
    if key in ("data", "parameters", "output"):
        if isinstance(value, str) and value.strip():
            return value
        raise _wrong(path, key, value)
    # lists: corpus, languages, formats (a single string is a list of one; formats and
    # languages also as "html,pdf")
    if isinstance(value, str):
        value = [value] if key == "corpus" else [v.strip() for v in value.split(",")]
    if (not isinstance(value, list) or not value
            or not all(isinstance(v, str) and v.strip() for v in value)):
        raise _wrong(path, key, value)
    if key == "languages":
        return list(choices(value, LANGUAGES, what="language", source=f"{shown(path)}: 'languages'"))
    if key == "formats":
        return list(choices(value, FORMATS, what="format", source=f"{shown(path)}: 'formats'"))
    return value


def choices(values: Iterable[str], known: Sequence[str], *, what: str, source: str) -> tuple[str, ...]:
    """``values`` stripped, deduplicated, in order; ``ProjectFileError`` naming ``source``
    and the known ones for anything else (``--formats html,docx``)."""
    out: list[str] = []
    for v in values:
        v = v.strip()
        if not v:
            continue
        if v not in known:
            near = difflib.get_close_matches(v, known, n=1)
            hint = f"did you mean {near[0]!r}? " if near else ""
            raise ProjectFileError(source, f"unknown {what} {v!r}",
                                   f"{hint}choose from {', '.join(known)}, comma-separated")
        if v not in out:
            out.append(v)
    if not out:
        raise ProjectFileError(source, f"no {what} given", f"choose from {', '.join(known)}")
    return tuple(out)


def _place(root: Path, value: str) -> Path | str:
    if storage.is_url(value):
        return storage.location(value)
    return (root / Path(value).expanduser()).absolute()


def config_from(root: Path, data: dict[str, Any], path: Path | None) -> ProjectConfig:
    """The ``ProjectConfig`` of checked ``data`` (defaults for missing keys) in ``root``."""
    merged = {**DEFAULTS, **data}
    root = Path(root).absolute()
    parameters = _place(root, merged["parameters"])
    if not isinstance(parameters, Path):
        raise ProjectFileError(path or root / CONFIG_NAME, "'parameters' must be a local folder, "
                               f"not the URL {merged['parameters']!r}")
    corpus = []
    for entry in merged["corpus"]:
        where = _place(root, entry)
        if not isinstance(where, Path):
            raise ProjectFileError(path or root / CONFIG_NAME,
                                   f"'corpus' entry {entry!r} must be a local file or folder")
        corpus.append(where)
    template = merged["template"]
    return ProjectConfig(
        root=root, path=path, corpus=tuple(corpus), data=_place(root, merged["data"]),
        parameters=parameters, output=_place(root, merged["output"]),
        languages=tuple(merged["languages"]), formats=tuple(merged["formats"]),
        jobs=merged["jobs"], template=(root / template).absolute() if template else None,
        raw=data)


def init_project(folder: str | os.PathLike) -> list[Path]:
    """Create a project in ``folder`` (created if missing): ``countybrief.yaml``, empty
    ``articles/``, ``parameters/`` and ``output/``; returns what was created. An existing
    non-empty ``countybrief.yaml`` is refused (never overwritten); existing folders and
    files in them are kept."""
    root = Path(folder).expanduser().absolute()
    if root.exists() and not root.is_dir():
        raise ProjectFileError(root, "is a file, not a folder", "give `init` a folder")
    config = root / CONFIG_NAME
    if config.is_symlink() or (config.exists() and (not config.is_file() or config.stat().st_size)):
        raise ProjectFileError(config, "already exists",
                               "this folder is a project already; edit the file, or delete it "
                               "to start again")
    created = []
    for name in ("articles", "parameters", "output"):
        sub = root / name
        if not sub.exists():
            sub.mkdir(parents=True)
            created.append(sub)
    storage.write_atomic_local(config, INIT_TEXT)
    created.insert(0, config)
    return created


# --- which corpus built a store ------------------------------------------------------

def corpus_record(paths: Iterable[str | os.PathLike], root: Path) -> list[str]:
    """The corpus as a store records it: each path resolved, relative to the project
    ``root`` when inside it (so a moved project keeps its record), sorted."""
    root = Path(root).resolve()
    out = set()
    for p in paths:
        # realpath: no error on a link loop or a dangling link (extract reports those)
        resolved = Path(os.path.realpath(Path(p).expanduser().absolute()))
        try:
            out.add(resolved.relative_to(root).as_posix() or ".")
        except ValueError:
            out.add(str(resolved))
    return sorted(out)


def store_corpus(data_dir: Path | str) -> list[str] | None:
    """The corpus recorded by the store in ``data_dir``, or None (no store, or one
    written before stores recorded it, or an unreadable manifest: other checks say so)."""
    try:
        manifest = json.loads(storage.read_bytes(storage.join(data_dir, "manifest.json")))
    except (OSError, ValueError):
        return None
    corpus = manifest.get("corpus") if isinstance(manifest, dict) else None
    return corpus if isinstance(corpus, list) else None


def check_corpus(data_dir: Path | str, corpus: list[str], *, replace: bool = False) -> None:
    """Refuse (``ProjectFileError`` naming the store) to replace a store built from other
    articles than ``corpus`` (as ``corpus_record`` gives it), unless ``replace``."""
    before = store_corpus(data_dir)
    if replace or before is None or before == corpus:
        return
    raise ProjectFileError(
        storage.join(data_dir, "manifest.json"),
        f"this store was built from {_listed(before)}, not from {_listed(corpus)}; "
        "extracting here would replace its facts",
        "make a project of your own with `countybrief init DIR` and put the articles in its "
        "articles/ folder, or give --data another folder, or add --replace to replace this store")


def _listed(paths: list[str]) -> str:
    shown_paths = [shown(p) for p in paths[:3]] + (["…"] if len(paths) > 3 else [])
    return ", ".join(shown_paths) or "no articles"
