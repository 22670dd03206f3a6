"""Matches of a pattern over a whole text, looked up by position.

Each analysis asks "which cue words stand between here and the figure?" for every figure;
scanning that window again per figure costs the window's length each time (quadratic in a
long sentence). Scanning the text once and bisecting keeps every stage linear.
"""

from __future__ import annotations

import bisect
import re
from typing import Iterator


class MatchIndex:
    """Every match of ``pattern`` in ``text`` (as ``finditer`` finds them), by start."""

    def __init__(self, pattern: re.Pattern[str], text: str) -> None:
        self.matches = list(pattern.finditer(text))
        self.starts = [m.start() for m in self.matches]

    def between(self, lo: int, hi: int) -> Iterator[re.Match[str]]:
        """Matches that lie within ``[lo, hi)``, in text order."""
        i = bisect.bisect_left(self.starts, lo)
        while i < len(self.matches) and self.matches[i].start() < hi:
            if self.matches[i].end() <= hi:
                yield self.matches[i]
            i += 1

    def last_between(self, lo: int, hi: int) -> re.Match[str] | None:
        """The last match within ``[lo, hi)``, or None."""
        i = bisect.bisect_left(self.starts, hi) - 1
        while i >= 0 and self.matches[i].start() >= lo:
            if self.matches[i].end() <= hi:
                return self.matches[i]
            i -= 1
        return None
