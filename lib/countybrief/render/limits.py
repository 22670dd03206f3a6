"""Bounds on what one cell of a briefing keeps: a template that prints 50 MB must not
make a 50 MB notebook, an HTML page Chromium cannot print, or a worker out of memory.

Each cell keeps at most ``MAX_CELL_STREAM_BYTES`` of printed text (stdout/stderr) and
at most ``MAX_CELL_OUTPUT_BYTES`` of output in all (charts, tables, HTML); what goes
beyond is dropped while the cell runs and replaced by one "output truncated" note.
"""

from __future__ import annotations

import json
from typing import Any

#: Printed text (stdout/stderr streams) one cell keeps.
MAX_CELL_STREAM_BYTES = 64 * 1024
#: Printed lines longer than this are wrapped: Chromium lays out one unbroken line in
#: time that grows faster than its length (64 KB on one line: seconds; 256 KB: a minute).
MAX_LINE_CHARS = 2000
#: All outputs of one cell together (rich displays included).
MAX_CELL_OUTPUT_BYTES = 8 * 1024 * 1024

NOTE_PREFIX = "[output truncated:"


def output_size(out: Any) -> int:
    """Approximate bytes of one nbformat output (its text or its data)."""
    if out.get("output_type") == "stream":
        text = out.get("text", "")
        return len(text.encode("utf-8", "surrogatepass")) if isinstance(text, str) else \
            sum(len(t.encode("utf-8", "surrogatepass")) for t in text)
    data = out.get("data")
    if data is None:
        return len(json.dumps(out.get("traceback", ""), ensure_ascii=False))
    return sum(len(v) if isinstance(v, str) else len(json.dumps(v, ensure_ascii=False))
               for v in data.values())


def _wrap_long_lines(out: Any) -> None:
    text = out.get("text", "")
    text = "".join(text) if isinstance(text, list) else text
    if len(text) <= MAX_LINE_CHARS or all(len(ln) <= MAX_LINE_CHARS for ln in text.split("\n")):
        return
    out["text"] = "\n".join(
        "\n".join(ln[i:i + MAX_LINE_CHARS] for i in range(0, len(ln), MAX_LINE_CHARS)) or ln
        for ln in text.split("\n"))


def truncation_note(dropped: int) -> dict:
    """The stream output that replaces what a cell printed beyond the caps."""
    import nbformat

    mb = dropped / 2**20
    size = f"{mb:.1f} MB" if mb >= 0.1 else f"{dropped} bytes"
    return nbformat.v4.new_output(
        "stream", name="stdout",
        text=(f"{NOTE_PREFIX} {size} more output of this cell was dropped; a briefing "
              f"keeps at most {MAX_CELL_STREAM_BYTES // 1024} KB of printed text and "
              f"{MAX_CELL_OUTPUT_BYTES // 2**20} MB of output per cell]\n"))


class CellBudget:
    """What one cell may still keep; ``admit`` trims an output to it (or refuses it)."""

    def __init__(self) -> None:
        self.stream = 0
        self.total = 0
        self.dropped = 0
        self.note: dict | None = None

    def admit(self, out: Any) -> bool:
        """Whether to keep ``out`` (a stream may be shortened in place to fit)."""
        size = output_size(out)
        if out.get("output_type") == "stream":
            room = min(MAX_CELL_STREAM_BYTES - self.stream, MAX_CELL_OUTPUT_BYTES - self.total)
            if size > room:
                text = out.get("text", "")
                text = "".join(text) if isinstance(text, list) else text
                kept = text.encode("utf-8")[:max(room, 0)].decode("utf-8", "ignore")
                self.dropped += size - len(kept.encode("utf-8"))
                if not kept:
                    return False
                out["text"] = kept
                size = len(kept.encode("utf-8"))
            self.stream += size
            _wrap_long_lines(out)
        elif self.total + size > MAX_CELL_OUTPUT_BYTES:
            self.dropped += size
            return False
        self.total += size
        return True


def is_note(out: Any) -> bool:
    """Whether ``out`` is a truncation note."""
    return out.get("output_type") == "stream" and str(out.get("text", "")).startswith(NOTE_PREFIX)


def admit_live(outs: list, budgets: dict, cell_index: int, display_id: str | None) -> None:
    """nbclient just appended an output to ``outs`` (cell ``cell_index``): keep it within
    the caps, dropping or shortening it and keeping one note last (``budgets``: per cell)."""
    if not outs:
        return
    budget = budgets.get(cell_index)
    new = outs[-1]
    notes = [o for o in outs[:-1] if is_note(o)]
    if budget is None or (len(outs) == 1):
        budget = budgets[cell_index] = CellBudget()  # first output (or after clear_output)
    if budget.admit(new):
        if notes:  # the note stays last
            outs.remove(notes[0])
            outs.append(notes[0])
    elif display_id:  # its index is recorded for update_display: blank it in place
        new.clear()
        new.update({"output_type": "display_data", "metadata": {},
                    "data": {"text/plain": "[output truncated]"}})
    else:
        outs.pop()
    if budget.dropped:
        note = truncation_note(budget.dropped)
        if notes:
            notes[0]["text"] = note["text"]
        else:
            outs.append(note)


def cap_outputs(nb: Any) -> bool:
    """Trim every cell of an executed notebook to the caps, in place; True if any was."""
    changed = False
    for cell in nb.get("cells", []):
        outs = cell.get("outputs")
        if not outs:
            continue
        if any(is_note(o) for o in outs):
            continue  # trimmed while it ran
        budget = CellBudget()
        kept = [o for o in outs if budget.admit(o)]
        if budget.dropped:
            cell["outputs"] = kept + [truncation_note(budget.dropped)]
            changed = True
    return changed
