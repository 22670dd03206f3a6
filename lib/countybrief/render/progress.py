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
