"""A failed overview fails the run: exit 1, and its row in the summary."""

from __future__ import annotations

import subprocess

from tests.render.conftest import needs_chromium
from tests.safety.scratch_project import cli, make_project

BREAK_OVERVIEW = 'if not region:\n    raise ValueError("the overview broke")'


@needs_chromium
def test_failed_overview_exits_non_zero(tmp_path):
    root = make_project(tmp_path / "p", BREAK_OVERVIEW, overview=True)
    proc = subprocess.run(cli("render", "--all", "--root", str(root), "-j", "1", "--formats", "html",
                              "--lang", "zh"),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert "overview FAILED: ValueError: the overview broke" in proc.stderr
    row = [ln for ln in proc.stderr.splitlines() if ln.startswith("overview (zh)")]
    assert row and "failed" in row[0] and "the overview broke" in row[0], proc.stderr
    assert "3 rendered, 0 unchanged, 0 failed; the overview FAILED" in proc.stderr
    assert (root / "output" / "overview.failed.ipynb").is_file()
