"""Batch progress: a tqdm bar with per-region status on a terminal, plain lines otherwise.

On a terminal (``bar=True``) the bar counts briefings and shows the running totals
(rendered / unchanged / failed) and the regions in flight; every rendered or failed
region is printed above it. Not on a terminal (CI, a log file), each region gets one
plain line when it starts and one when it ends, through ``log``.
"""

from __future__ import annotations

import sys
from typing import Callable


class Progress:
    def __init__(self, total: int, to_render: int, *, log: Callable[[str], None] | None,
                 bar: bool = False) -> None:
        self.total = total
        self.to_render = to_render
        self.log = log
        self.counts = {"rendered": 0, "unchanged": 0, "failed": 0}
        self.running: list[str] = []
        self.started_n = 0
        self._bar = None
        self._skipped_reported = False
        if bar and total:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread (worker processes are forked)
            self._bar = tqdm(total=total, file=sys.stderr, unit="briefing", dynamic_ncols=True,
                             bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}] {postfix}")

    def _emit(self, line: str) -> None:
        if self._bar is not None:
            self._bar.write(line, file=sys.stderr)
        elif self.log:
            self.log(line)

    def _refresh(self) -> None:
        if self._bar is None:
            return
        c = self.counts
        status = f"{c['rendered']} rendered, {c['unchanged']} unchanged, {c['failed']} failed"
        if self.running:
            shown = ", ".join(self.running[:3]) + (" …" if len(self.running) > 3 else "")
            status += f" | rendering {shown}"
        self._bar.set_postfix_str(status, refresh=True)

    def skipped(self, result) -> None:
        self.counts["unchanged"] += 1
        if self._bar is not None:
            self._bar.update(1)
            self._refresh()

    def _report_skipped(self) -> None:
        if not self._skipped_reported and self.counts["unchanged"] and self._bar is None:
            self._emit(f"{self.counts['unchanged']} of {self.total} briefings unchanged "
                       "(skipped; --force renders them again)")
        self._skipped_reported = True

    def started(self, task) -> None:
        self._report_skipped()
        if task.index < 0:  # the project overview: not a briefing of the count
            self._emit(f"rendering the overview ({task.lang})")
            return
        self.started_n += 1
        label = f"{task.job.slug} ({task.lang})"
        self.running.append(label)
        if self._bar is None:
            self._emit(f"[{self.started_n}/{self.to_render}] rendering {label}")
        self._refresh()

    def done(self, result) -> None:
        label = f"{result.slug} ({result.lang})"
        if label in self.running:
            self.running.remove(label)
        self.counts[result.status] = self.counts.get(result.status, 0) + 1
        n = self.counts["rendered"] + self.counts["failed"]
        if result.ok:
            line = f"[{n}/{self.to_render}] {result.slug}: ok in {result.seconds:.1f} s"
        else:
            line = f"[{n}/{self.to_render}] {result.slug}: FAILED: {result.error}" + (
                f" (executed notebook: {result.failed_notebook})" if result.failed_notebook else "")
        self._emit(line)
        if self._bar is not None:
            self._bar.update(1)
        self._refresh()

    def overview_done(self, result) -> None:
        from .overview import describe

        self._emit(describe(result, result.folder))

    def close(self) -> None:
        self._report_skipped()
        if self._bar is not None:
            self._bar.close()
            self._bar = None


# --- the end-of-run table ------------------------------------------------------------

def display_width(text: str) -> int:
    """Columns ``text`` takes on a terminal: 2 for wide (CJK) characters, 0 for combining
    ones (``wcwidth`` when installed, else ``unicodedata.east_asian_width``)."""
    try:
        from wcwidth import wcswidth
    except ImportError:  # pragma: no cover - wcwidth comes with prompt_toolkit (jupyter)
        wcswidth = None
    if wcswidth is not None:
        width = wcswidth(text)
        if width >= 0:
            return width
    import unicodedata

    return sum(0 if unicodedata.combining(ch) else
               2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` display columns."""
    return text + " " * max(0, width - display_width(text))


def summary_table(results, *, max_rows: int = 30, overview=None, overviews=None) -> str:
    """The end-of-run table: counts, then one row per region and language (failed ones
    always), and a row per overview rendered (``overview``, or ``overviews`` for several
    editions); columns aligned by display width, so Chinese names line up."""
    overviews = list(overviews or ([overview] if overview is not None else []))
    counts = {s: sum(r.status == s for r in results) for s in ("rendered", "unchanged", "failed")}
    rows = [r for r in results if r.status == "failed"]
    if len(results) <= max_rows:
        rows = sorted(results, key=lambda r: ({"failed": 0, "rendered": 1, "unchanged": 2}
                                              .get(r.status, 3), r.slug, r.lang))
    labelled = [(f"overview ({o.lang})", o) for o in overviews]
    labelled += [(f"{r.slug} ({r.lang})", r) for r in rows]
    lines = []
    if labelled:
        width = max(display_width("region"), *(display_width(label) for label, _ in labelled))
        lines.append(f"{pad('region', width)}  {'status':<9}  detail")
        lines.append(f"{'-' * width}  {'-' * 9}  {'-' * 30}")
        for label, r in labelled:
            if r.status == "failed":
                detail = r.error or ""
                if r.failed_notebook:
                    detail += f"  [{r.failed_notebook}]"
            elif r.status == "rendered":
                detail = f"{r.seconds:.1f} s"
            else:
                detail = "skipped: inputs unchanged"
            lines.append(f"{pad(label, width)}  {r.status:<9}  {detail}")
    failed_ov = [o for o in overviews if not o.ok]
    lines.append(f"{counts['rendered']} rendered, {counts['unchanged']} unchanged, "
                 f"{counts['failed']} failed"
                 + (f"; the overview FAILED ({', '.join(o.lang for o in failed_ov)})"
                    if failed_ov else ""))
    return "\n".join(lines)
