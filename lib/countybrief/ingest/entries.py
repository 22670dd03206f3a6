"""What a path is before it is opened: a regular file, or a FIFO, device, socket,
dangling link or link loop (refused by name, so that nothing ever blocks on a FIFO)."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from ..errors import ArticleError, SpecialFileError
from .names import display_name


def special_kind(mode: int) -> str | None:
    """What a non-regular, non-folder file is ("a FIFO (named pipe)", ...), else None."""
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return None


def stat_entry(path: Path) -> os.stat_result:
    """``os.stat`` of ``path`` (links followed); a dangling link, a link loop or a missing
    path raises ``SpecialFileError``/``ArticleError`` naming it."""
    shown = display_name(path)
    try:
        return os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise SpecialFileError(shown, f"is a link to {display_name(os.readlink(path))!r}, "
                                   "which does not exist") from None
        raise ArticleError(shown, "no such file or folder",
                           "check the path; folders are searched recursively") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise SpecialFileError(shown, "is a symbolic link loop (it leads back to itself)") from None
        raise ArticleError(shown, f"cannot be read ({exc.strerror})") from None


def check_regular(path: Path, st: os.stat_result) -> None:
    """Raise ``SpecialFileError`` when ``st`` is a FIFO, device or socket."""
    kind = special_kind(st.st_mode)
    if kind:
        via = f"a link to {kind} ({display_name(os.path.realpath(path))})" if os.path.islink(path) else kind
        raise SpecialFileError(display_name(path), f"is {via}, not an article file",
                               "articles are regular .txt/.html/.md files")
