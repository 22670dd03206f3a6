"""Temporaries a killed run left in the output folder, removed by the next run.

Every temporary name carries the pid of the process that wrote it: ``.briefing.html.<pid>.
<random>.tmp`` (``execute.write_temporary``), ``.briefing.ipynb.<pid>.<ns>.ipynb`` (the
notebook papermill is writing) and the overview's ``.overview-<pid>-<random>/`` folder.
One whose process no longer runs is removed; names without a pid (older versions) once
they are an hour old.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

from ..procs import pid_running

_TMP = re.compile(r"^\..+?\.(\d+)\.[A-Za-z0-9_]+\.tmp$")
_NOTEBOOK = re.compile(r"^\..+\.ipynb\.(\d+)\.\d+\.ipynb$")
_OVERVIEW = re.compile(r"^\.overview-(\d+)-[0-9a-f]+$")
_OLD_TMP = re.compile(r"^\..+\.tmp$")
OLD_AGE = 3600.0


def _stale(entry: os.DirEntry, now: float) -> bool:
    for pattern in (_TMP, _NOTEBOOK, _OVERVIEW):
        found = pattern.match(entry.name)
        if found:
            return not pid_running(int(found.group(1)))
    if entry.name == ".overview":  # older versions, which never ran with this one
        return True
    if _OLD_TMP.match(entry.name):
        try:
            return now - entry.stat(follow_symlinks=False).st_mtime > OLD_AGE
        except OSError:
            return False
    return False


def remove_stale(output_dir: str | os.PathLike) -> list[Path]:
    """Remove what killed runs left in ``output_dir`` (top level, region folders, keys);
    returns the paths removed. Never raises."""
    out = Path(output_dir)
    removed: list[Path] = []
    now = time.time()
    folders = [out, out / ".countybrief" / "keys", out / ".countybrief"]
    try:
        with os.scandir(out) as it:
            folders += [Path(e.path) for e in it
                        if e.is_dir(follow_symlinks=False) and not e.name.startswith(".")]
    except OSError:
        return removed
    for folder in folders:
        try:
            with os.scandir(folder) as it:
                entries = [e for e in it if e.name.startswith(".")]
        except OSError:
            continue
        for entry in entries:
            if not _stale(entry, now):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                else:
                    os.unlink(entry.path)
                removed.append(Path(entry.path))
            except OSError:
                pass
    return removed
