"""Process helpers at the bottom of the package (imports nothing from it)."""

from __future__ import annotations

import os


def pid_running(pid: int) -> bool:
    """Whether a process with this pid exists (one of another user counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
