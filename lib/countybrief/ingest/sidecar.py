"""``regions.yaml`` beside the articles: the region of articles that never name it.

A county government's own site writes "我县" and "全县" throughout and never its name;
such an article's figures have no region to go to. A ``regions.yaml`` in the article's
folder, or in any folder above it up to the folder given to ``extract``, says which
region it is about::

    # article file name or glob (relative to this folder) -> region (name or adcode)
    huazhou-2019-*.txt: 华州区
    reports/annual.html: "610503"

The nearest file wins; within a file, the first matching pattern. ``extract --region``
on the command line wins over every ``regions.yaml``.
"""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path

import yaml

from .. import yamlio
from ..errors import InputError

SIDECAR = "regions.yaml"


class RegionsFileError(InputError):
    """A ``regions.yaml`` cannot be used (not YAML, not a mapping, empty entries)."""


def read_regions_file(path: str | os.PathLike) -> list[tuple[str, str]]:
    """The ``(pattern, region)`` entries of one ``regions.yaml``, in file order."""
    path = Path(path)
    try:
        data = yamlio.load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:  # anchors and aliases refused too: no alias bomb
        raise RegionsFileError(path, f"cannot be read ({yamlio.describe(exc)})",
                               "write it as UTF-8 YAML: `article-file-or-glob: region`") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RegionsFileError(path, f"cannot be read ({str(exc).splitlines()[0]})",
                               "write it as UTF-8 YAML: `article-file-or-glob: region`") from None
    if data is None:
        return []
    if not isinstance(data, dict):
        raise RegionsFileError(path, "is not a mapping of article files to regions",
                               "one line per article: `file-or-glob: region`")
    entries = []
    for pattern, region in data.items():
        if region is None or not str(region).strip() or not str(pattern).strip():
            raise RegionsFileError(path, f"entry {pattern!r} has no region",
                                   "give a county name as in the national gazetteer or its adcode")
        entries.append((str(pattern).strip(), str(region).strip()))
    return entries


class RegionMap:
    """The regions that ``regions.yaml`` files assign to articles under ``roots``."""

    def __init__(self, roots: list[str | os.PathLike]) -> None:
        self.roots = [Path(r).resolve() for r in roots]
        self._files: dict[Path, list[tuple[str, str]]] = {}

    def _entries(self, folder: Path) -> list[tuple[str, str]]:
        if folder not in self._files:
            sidecar = folder / SIDECAR
            self._files[folder] = read_regions_file(sidecar) if sidecar.is_file() else []
        return self._files[folder]

    def region_for(self, article: str | os.PathLike) -> tuple[str, Path] | None:
        """``(region, regions.yaml)`` for ``article``, or None when no file names it."""
        article = Path(article).resolve()
        root = next((r for r in self.roots if r == article or r in article.parents), None)
        if root is None:  # an article named by itself: only its own folder
            root = article.parent
        elif root == article:
            root = article.parent
        folder = article.parent
        while True:
            rel = article.relative_to(folder).as_posix()
            for pattern, region in self._entries(folder):
                if fnmatch.fnmatchcase(rel, pattern) or fnmatch.fnmatchcase(article.name, pattern):
                    return region, folder / SIDECAR
            if folder == root or folder.parent == folder:
                return None
            folder = folder.parent
