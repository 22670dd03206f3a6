"""A template that prints 50 MB: the briefing keeps a capped output with an "output
truncated" note and renders in time; Chromium's print has a real timeout; temporaries
left by killed runs are removed by the next run."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from countybrief.render.limits import MAX_CELL_STREAM_BYTES, cap_outputs
from countybrief.render.stale import remove_stale
from tests.render.conftest import needs_chromium
from tests.safety.scratch_project import cli, make_project, slugs

#: 50 MB in lines of 1 MB, as in the issue.
PRINT_MB = 'import sys\nfor _ in range(50):\n    sys.stdout.write("x" * 1_000_000)\nprint("the end")'


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@needs_chromium
def test_a_cell_printing_megabytes_is_truncated(tmp_path):
    root = make_project(tmp_path / "p", PRINT_MB)
    slug = slugs(root)[0]
    folder = root / "output" / slug
    folder.mkdir(parents=True)
    dead = _dead_pid()
    stale = [folder / f".briefing.ipynb.{dead}.1234.ipynb", folder / f".briefing.html.{dead}.abcd_123.tmp"]
    for path in stale:
        path.write_bytes(b"x" * 1000)
    (root / "output" / f".overview-{dead}-0123abcd").mkdir()
    proc = subprocess.run(cli("render", slug, "--root", str(root), "-j", "1"), capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    html = (folder / "briefing.html").read_text(encoding="utf-8")
    assert "output truncated" in html
    assert len(html) < 2 * MAX_CELL_STREAM_BYTES + 200_000
    assert (folder / "briefing.ipynb").stat().st_size < 2 * MAX_CELL_STREAM_BYTES + 200_000
    assert (folder / "briefing.pdf").read_bytes().startswith(b"%PDF")
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # stale ones removed too
    assert not list((root / "output").glob(".overview*"))


def test_cap_outputs_trims_an_executed_notebook():
    import nbformat

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print(...)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="y" * 3_000_000),
                    nbformat.v4.new_output("stream", name="stdout", text="z" * 10)]
    nb.cells = [cell, nbformat.v4.new_code_cell("1")]
    assert cap_outputs(nb)
    texts = [o["text"] for o in nb.cells[0].outputs]
    assert len(texts[0].replace("\n", "")) == MAX_CELL_STREAM_BYTES and texts[-1].startswith("[output truncated:")
    nbformat.validate(nb)
    assert not cap_outputs(nb)  # idempotent


def test_stale_temporaries_of_dead_runs_are_removed(tmp_path):
    dead, alive = _dead_pid(), os.getpid()
    region = tmp_path / "620402-白银区"
    region.mkdir()
    gone = [region / f".briefing.en.pdf.{dead}.q1w2e3r4.tmp", region / f".briefing.ipynb.{dead}.99.ipynb",
            tmp_path / f".overview-{dead}-deadbeef"]
    kept = [region / f".briefing.pdf.{alive}.q1w2e3r4.tmp", tmp_path / f".overview-{alive}-cafe0123",
            region / "briefing.html", tmp_path / ".countybrief.lock"]
    for path in gone + kept:
        if "overview" in path.name:
            path.mkdir()
        else:
            path.write_text("x")
    assert sorted(remove_stale(tmp_path)) == sorted(gone)
    assert all(p.exists() for p in kept)


@needs_chromium
def test_print_timeout_is_real_and_the_pool_recovers():
    from countybrief.render.browser import BrowserPool, PrintTimeout

    huge = "<pre>" + ("一二三四五六七八九十" * 50 + "\n") * 40_000 + "</pre>"
    with BrowserPool() as pool:
        assert pool.print_pdf("<p>warm</p>").startswith(b"%PDF")
        pool.print_timeout = lambda: 2.0
        t0 = time.monotonic()
        with pytest.raises(PrintTimeout, match="did not finish printing within 2 s"):
            pool.print_pdf(huge)
        assert time.monotonic() - t0 < 20
        del pool.print_timeout  # the class's again: a new browser starts for the next print
        assert pool.print_pdf("<p>again</p>").startswith(b"%PDF")
