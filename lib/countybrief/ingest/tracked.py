"""Editing text while keeping, for every character, its offset in the raw article."""

from __future__ import annotations

import re
from typing import Callable, Iterable

#: One edit: replace ``text[start:end]`` by ``replacement``. ``origins`` gives the raw
#: offset of each replacement character; by default the replaced characters' own offsets
#: when the lengths agree, else the offset of the first replaced character.
Edit = tuple[int, int, str, "list[int] | None"]


def apply_edits(text: str, origin: list[int], edits: Iterable[Edit]) -> tuple[str, list[int]]:
    """Apply sorted, non-overlapping edits to ``text`` and its origin map."""
    pieces: list[str] = []
    new_origin: list[int] = []
    pos = 0
    touched = False
    for start, end, rep, rep_origin in edits:
        if start < pos:
            continue  # overlapping edit: keep the first one
        touched = True
        pieces.append(text[pos:start])
        new_origin.extend(origin[pos:start])
        if rep:
            pieces.append(rep)
            if rep_origin is not None:
                new_origin.extend(rep_origin)
            elif len(rep) == end - start:
                new_origin.extend(origin[start:end])
            else:
                anchor = origin[start] if start < len(origin) else (origin[-1] if origin else 0)
                new_origin.extend([anchor] * len(rep))
        pos = end
    if not touched:
        return text, origin
    pieces.append(text[pos:])
    new_origin.extend(origin[pos:])
    return "".join(pieces), new_origin


def sub_tracked(pattern: re.Pattern[str], repl: Callable[[re.Match[str]], "str | tuple[str, list[int]] | None"],
                text: str, origin: list[int]) -> tuple[str, list[int]]:
    """``re.sub`` that keeps the origin map; ``repl`` returns the replacement, a
    ``(replacement, origins)`` pair, or None to leave the match alone."""
    edits: list[Edit] = []
    for m in pattern.finditer(text):
        r = repl(m)
        if r is None:
            continue
        if isinstance(r, tuple):
            rep, rep_origin = r
        else:
            rep, rep_origin = r, None
        if rep == m.group(0):
            continue
        edits.append((m.start(), m.end(), rep, rep_origin))
    return apply_edits(text, origin, edits)
