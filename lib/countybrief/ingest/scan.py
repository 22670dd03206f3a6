"""Finding the article files under the paths given to ``extract``, and saying what is skipped.

Inside a given folder: FIFOs, devices and sockets, dangling links, links to devices and
link loops are skipped with a warning naming each; a link to a file or folder outside
every given folder is not followed (warned) unless ``follow_links``; a link to a folder
inside them is not walked twice. A path named explicitly is followed even when it is a
link; when it is no readable file or folder it is an error, and the other paths go on.
Nothing is ever opened here, so a FIFO cannot block.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from ..errors import ArticleError, LinkNotFollowedError, SpecialFileError
from .entries import check_regular, stat_entry
from .names import display_name
from .readers import SUFFIX_MEDIA_TYPES

FOLLOW_HINT = "copy the file into the folder, or pass --follow-links to read it"


@dataclass
class ArticleScan:
    """What ``scan_articles`` found."""

    files: list[Path] = field(default_factory=list)  # article files to read, sorted
    roots: list[Path] = field(default_factory=list)  # the given paths that exist
    errors: list[ArticleError] = field(default_factory=list)  # given paths that cannot be read
    skipped: list[ArticleError] = field(default_factory=list)  # folder entries skipped, with why


def _within(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


class _Scanner:
    def __init__(self, follow_links: bool) -> None:
        self.follow_links = follow_links
        self.scan = ArticleScan()
        self.found: set[Path] = set()
        self.real_roots: list[str] = []
        self.walked: set[tuple[int, int]] = set()

    def given(self, path: Path) -> None:
        try:
            st = stat_entry(path)
            if not stat.S_ISDIR(st.st_mode):
                check_regular(path, st)
        except ArticleError as exc:
            self.scan.errors.append(exc)
            return
        self.scan.roots.append(path)
        if stat.S_ISDIR(st.st_mode):
            self.real_roots.append(os.path.realpath(path))
            self.walk(path, st)
        else:
            self.found.add(path)

    def walk(self, folder: Path, st: os.stat_result) -> None:
        if (st.st_dev, st.st_ino) in self.walked:
            return
        self.walked.add((st.st_dev, st.st_ino))
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            self._skip(ArticleError(display_name(folder), f"cannot be listed ({exc.strerror}); skipped"))
            return
        for entry in entries:
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    self.link(path)
                elif entry.is_dir(follow_symlinks=False):
                    self.walk(path, entry.stat(follow_symlinks=False))
                elif _is_article_name(path):
                    if entry.is_file(follow_symlinks=False):
                        self.found.add(path)
                    else:
                        check_regular(path, entry.stat(follow_symlinks=False))
            except ArticleError as exc:
                self._skip(exc)
            except OSError as exc:  # vanished or unreadable while listing
                self._skip(ArticleError(display_name(path), f"cannot be read ({exc.strerror}); skipped"))

    def link(self, path: Path) -> None:
        st = stat_entry(path)
        real = os.path.realpath(path)
        inside = any(_within(real, root) for root in self.real_roots)
        is_dir = stat.S_ISDIR(st.st_mode)
        if not is_dir and not _is_article_name(path):
            return  # not an article whatever it points to
        if not is_dir:
            check_regular(path, st)  # a link to a device: said as such, in or out
        if not inside and not self.follow_links:
            what = "folder" if is_dir else "file"
            raise LinkNotFollowedError(display_name(path), f"is a link to the {what} {display_name(real)}, "
                                       "outside the folders given; not followed", FOLLOW_HINT)
        if is_dir:
            if not inside:  # a folder inside is walked where it is
                self.walk(path, st)
            return
        self.found.add(path)

    def _skip(self, exc: ArticleError) -> None:
        if isinstance(exc, SpecialFileError) and not exc.problem.endswith("skipped"):
            exc = SpecialFileError(exc.path, f"{exc.problem}; skipped", exc.hint)
        self.scan.skipped.append(exc)


def _is_article_name(path: Path) -> bool:
    return path.suffix.lower() in SUFFIX_MEDIA_TYPES and not path.name.startswith(".")


def scan_articles(paths: Iterable[str | os.PathLike], *, follow_links: bool = False) -> ArticleScan:
    """The article files under ``paths`` (files, or folders searched recursively), sorted,
    with the given paths that cannot be read (``errors``) and the folder entries skipped
    (``skipped``), each an ``ArticleError`` naming the path and why.

    Folders contribute their ``.txt``/``.html``/``.htm``/``.md`` files (others, such as
    ``regions.yaml`` or images, are skipped silently); a file named explicitly is listed
    whatever its suffix, so that ``read_article`` refuses it by name.
    """
    scanner = _Scanner(follow_links)
    for p in paths:
        scanner.given(Path(p))
    scanner.scan.files = sorted(scanner.found)
    return scanner.scan


def iter_article_paths(paths: Iterable[str | os.PathLike], *, follow_links: bool = False) -> list[Path]:
    """The article files of ``scan_articles``; the first given path that cannot be read
    raises its ``ArticleError`` (what is skipped inside folders is dropped silently)."""
    scan = scan_articles(paths, follow_links=follow_links)
    if scan.errors:
        raise scan.errors[0]
    return scan.files
