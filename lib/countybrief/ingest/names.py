"""File names that are not valid UTF-8 (GBK bytes left by unzip from a Chinese Windows
archive): a readable form for display and a UTF-8-safe form that still reopens the file.

Python hands such names over surrogate-escaped (``os.fsdecode``): ``'\\udcb4\\udcf3.txt'``.
Those strings open the file but cannot be written to Parquet, JSON or a UTF-8 terminal.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_SURROGATE = re.compile("[\udc80-\udcff]")
_ESCAPE = re.compile(r"\\x[89a-f][0-9a-f]")


def is_undecodable(name: str | os.PathLike) -> bool:
    """True when ``name`` holds bytes that are not UTF-8 (surrogate-escaped)."""
    return bool(_SURROGATE.search(os.fspath(name)))


def _readable_part(part: str) -> str:
    if not is_undecodable(part):
        return part
    raw = os.fsencode(part)
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "backslashreplace")


def display_name(path: str | os.PathLike) -> str:
    """``path`` as people read it: each non-UTF-8 part decoded as GB18030 when it decodes,
    else with ``\\xNN`` escapes; valid UTF-8 is returned unchanged."""
    text = os.fspath(path)
    if not is_undecodable(text):
        return text
    return os.sep.join(_readable_part(p) for p in text.split(os.sep))


def stored_path(path: str | os.PathLike) -> str:
    """``path`` as stored (valid UTF-8): its non-UTF-8 bytes as ``\\xNN`` escapes, which
    ``reopen_path`` turns back into the file's real name."""
    text = os.fspath(path)
    if not is_undecodable(text):
        return text
    return os.fsencode(text).decode("utf-8", "backslashreplace")


def reopen_path(stored: str) -> Path:
    """The path that opens the file a ``stored_path`` names (escapes undone unless a file
    of that literal name exists)."""
    if not _ESCAPE.search(stored) or os.path.lexists(stored):
        return Path(stored)
    raw = re.sub(rb"\\x([89a-f][0-9a-f])", lambda m: bytes([int(m.group(1), 16)]), os.fsencode(stored))
    return Path(os.fsdecode(raw))
