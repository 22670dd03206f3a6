"""Parameters files: ``parameters/<adcode>-<name>.yaml``, one per region with facts.

A file has user fields (kept across runs) and a ``generated`` block (refreshed by
``countybrief params``). User fields:

- ``title``: briefing title (default: ``<region>脱贫攻坚简报``)
- ``template``: notebook template, relative to the project root (default: the project's
  ``template``, else the bundled ``notebooks/county_briefing.ipynb``)
- ``notes``: list of analyst notes shown in the briefing
- ``lang``: ``zh`` or ``en`` (older files; the editions rendered are the project's
  ``languages`` or ``--lang``, not this key)
- ``parameters``: extra papermill parameters for a custom template

A file is "without user edits" (``user_edits``) when every key beyond ``generated`` has
the value ``params`` writes (or once wrote: ``template`` and ``lang``); ``params --prune``
removes such files when their region has no facts any more.
"""

from __future__ import annotations

import difflib
import keyword
import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .. import yamlio
from ..errors import ParametersError
from ..model import BriefingJob, RegionRef
from ..storage import is_url, write_atomic_local

DEFAULT_TEMPLATE = "notebooks/county_briefing.ipynb"
LANGS = ("zh", "en")

#: key -> (accepted types, description)
USER_KEYS: dict[str, tuple[tuple[type, ...], str]] = {
    "region": ((str,), "region name"),
    "adcode": ((str,), "6-digit administrative code"),
    "title": ((str, type(None)), "briefing title"),
    "template": ((str,), "notebook template path"),
    "notes": ((list,), "list of notes"),
    "lang": ((str,), "language: zh or en"),
    "parameters": ((dict,), "mapping of extra notebook parameters"),
    "generated": ((dict,), "fields written by `countybrief params`"),
}

#: notebook parameters countybrief sets itself (from the file's own keys or the project):
#: a ``parameters:`` entry may not shadow them
RESERVED_PARAMETERS = ("region", "adcode", "title", "notes", "lang", "data_dir", "raw_dir")

_ADCODE = re.compile(r"^\d{6}$")
_UNSAFE_NAME = re.compile(r"[\x00-\x1f/\\:*?\"<>|]|^\.|\.\.")
MAX_NAME_CHARS = 64

HEADER = """\
# countybrief parameters for {full_name} ({adcode}).
# Edit title, template, notes, lang or parameters freely: `countybrief params` keeps them
# and refreshes only the `generated` block.
"""

#: where the bundled notebook templates are looked for: inside the package (an install
#: that ships them), then the source checkout's ``notebooks/``
BUNDLED_NOTEBOOKS = (Path(__file__).resolve().parents[1] / "notebooks",
                     Path(__file__).resolve().parents[3] / "notebooks")


def region_slug(adcode: str, name: str, *, source: object = "<region>") -> str:
    """``<adcode>-<name>``, refusing anything that could escape the output folder."""
    if not isinstance(adcode, str) or not _ADCODE.match(adcode):
        raise ParametersError(source, f"adcode {adcode!r} is not a 6-digit code",
                              'write it as a quoted string, e.g. adcode: "620402"')
    if (not isinstance(name, str) or not name.strip() or _UNSAFE_NAME.search(name)
            or len(name) > MAX_NAME_CHARS):
        raise ParametersError(source, f"region name {name!r} cannot be used in a file name",
                              "use the official region name without slashes, dots or control characters")
    return f"{adcode}-{name}"


@dataclass
class ParametersFile:
    path: Path
    data: dict[str, Any]

    @property
    def region(self) -> str:
        return self.data["region"]

    @property
    def adcode(self) -> str:
        return self.data["adcode"]

    @property
    def slug(self) -> str:
        return region_slug(self.adcode, self.region, source=self.path)


def generated_fields(region: RegionRef, n_facts: int, documents: list[str]) -> dict[str, Any]:
    return {
        "full_name": region.full_name,
        "province": region.province,
        "city": region.city,
        "level": region.level,
        "n_facts": int(n_facts),
        "documents": sorted(documents),
    }


def default_title(region: str) -> str:
    return f"{region}脱贫攻坚简报"


def default_fields(region: RegionRef) -> dict[str, Any]:
    """The user fields of a new file (no ``template``: the project's default applies)."""
    return {
        "region": region.name,
        "adcode": region.adcode,
        "title": default_title(region.name),
        "notes": [],
    }


def user_edits(data: dict[str, Any]) -> list[str]:
    """The keys of a parameters file's mapping that differ from what ``params`` writes
    (or wrote in earlier versions: ``template`` and ``lang``), in file order."""
    defaults = {"title": default_title(str(data.get("region"))), "template": DEFAULT_TEMPLATE,
                "lang": "zh", "notes": [], "parameters": {}}
    return [key for key, value in data.items()
            if key not in ("region", "adcode", "generated")
            and not (key in defaults and value == defaults[key])]


def bundled_template(name: str = "county_briefing.ipynb") -> Path:
    """The bundled notebook ``name`` (the first of ``BUNDLED_NOTEBOOKS`` holding it)."""
    for folder in BUNDLED_NOTEBOOKS:
        if (folder / name).is_file():
            return folder / name
    return BUNDLED_NOTEBOOKS[-1] / name


def validate(data: Any, path: Path) -> dict[str, Any]:
    """Check keys and types; the error names the file, the key and a fix."""
    if not isinstance(data, dict):
        raise ParametersError(path, "expected a mapping of keys to values at the top level")
    for key, value in data.items():
        if key not in USER_KEYS:
            near = difflib.get_close_matches(str(key), USER_KEYS, n=1)
            hint = f"did you mean {near[0]!r}?" if near else f"valid keys: {', '.join(USER_KEYS)}"
            raise ParametersError(path, f"unknown key {key!r}", hint)
        types, what = USER_KEYS[key]
        if not isinstance(value, types):
            raise ParametersError(path, f"{key!r} must be a {what}, not {type(value).__name__} {value!r}")
    for key in ("region", "adcode"):
        if key not in data:
            raise ParametersError(path, f"missing key {key!r}", "re-run `countybrief params`")
    if data.get("lang", "zh") not in LANGS:
        raise ParametersError(path, f"lang {data['lang']!r} is not supported", f"use one of {', '.join(LANGS)}")
    if not all(isinstance(n, str) for n in data.get("notes", [])):
        raise ParametersError(path, "'notes' must be a list of strings")
    check_parameter_names(data.get("parameters") or {}, path)
    region_slug(data["adcode"], data["region"], source=path)
    return data


def check_parameter_names(params: dict[Any, Any], path: Path) -> None:
    """Each key of ``parameters:`` becomes a Python name assigned in the notebook's
    injected cell (only values are escaped there): refuse any key that is not a plain
    identifier, is a keyword or a dunder name, or shadows a parameter countybrief sets."""
    for key in params:
        # Python reads a name in NFKC form: "ｒｅｇｉｏｎ" would be ``region``
        if (not isinstance(key, str) or not key.isidentifier()
                or unicodedata.normalize("NFKC", key) != key):
            raise ParametersError(path, f"parameters key {key!r} is not a Python name",
                                  "use letters, digits and underscores, not starting with a digit")
        if keyword.iskeyword(key) or key.startswith("__"):
            raise ParametersError(path, f"parameters key {key!r} is reserved by Python",
                                  "choose another name")
        if key in RESERVED_PARAMETERS:
            where = ("set it as a top-level key of this file" if key in USER_KEYS
                     else "countybrief sets it from the project folders")
            raise ParametersError(path, f"parameters key {key!r} cannot be set here", where)


def file_keys(path: str | os.PathLike) -> set[str]:
    """What a parameters file answers to by its name alone (``610503-华州区.yaml``: the
    slug, the adcode and the name), so a file too broken to read is still found."""
    stem = Path(path).stem
    keys = {stem}
    code, sep, name = stem.partition("-")
    if sep and _ADCODE.match(code):
        keys |= {code, name}
    return keys


def read_parameters(path: str | os.PathLike) -> ParametersFile:
    """Read and validate one parameters file."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ParametersError(p, "file not found", "run `countybrief params` to create it") from None
    except UnicodeDecodeError as exc:
        raise ParametersError(p, f"not UTF-8 text ({exc.reason})", "save it as UTF-8") from None
    try:
        data = yamlio.load(text)
    except yaml.YAMLError as exc:
        raise ParametersError(p, yamlio.describe(exc),
                              "fix the syntax or delete the file and re-run `countybrief params`") from None
    return ParametersFile(path=p, data=validate(data, p))


def write_parameters(path: Path, data: dict[str, Any]) -> None:
    """Write a parameters file atomically."""
    header = HEADER.format(full_name=data.get("generated", {}).get("full_name", data["region"]),
                           adcode=data["adcode"])
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)
    write_atomic_local(path, header + body)


def job_template(pfile: ParametersFile, root: Path, default: Path | None = None) -> Path:
    """The template of a file's region: its ``template`` (relative to ``root``; the
    bundled one for ``notebooks/county_briefing.ipynb`` when the project has no copy),
    else ``default`` (the project's), else the bundled template."""
    name = pfile.data.get("template")
    if name is None:
        return Path(default) if default is not None else _default_template(root)
    template = root / name
    if not template.is_file() and name == DEFAULT_TEMPLATE:
        template = bundled_template()
    if not template.is_file():
        raise ParametersError(pfile.path, f"template {name!r} does not exist in {root}",
                              "create it, or remove the key to use the project's template")
    return template


def _default_template(root: Path) -> Path:
    own = root / DEFAULT_TEMPLATE
    return own if own.is_file() else bundled_template()


def to_job(pfile: ParametersFile, *, root: Path, data_dir: Path | str, raw_dir: Path,
           lang: str | None = None, default_template: Path | None = None) -> BriefingJob:
    """The render job a parameters file describes (``default_template``: the project's
    ``template``, for files that name none)."""
    d = pfile.data
    template = job_template(pfile, root, default_template)
    params: dict[str, Any] = dict(d.get("parameters") or {})
    params.update({
        "region": d["region"],
        "adcode": d["adcode"],
        "title": d.get("title"),
        "notes": list(d.get("notes") or []),
        "lang": lang or d.get("lang", "zh"),
        "data_dir": data_dir if is_url(data_dir) else str(Path(data_dir).resolve()),
        "raw_dir": str(raw_dir.resolve()),
    })
    return BriefingJob(slug=pfile.slug, region=d["region"], adcode=d["adcode"],
                       template=str(template.resolve()), parameters=params, source=str(pfile.path))
