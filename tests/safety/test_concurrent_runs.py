"""Two runs at once on one project: the second waits for the first's lock (saying so)
or gives up after COUNTYBRIEF_LOCK_TIMEOUT with a clear message; the store swap and the
overview's staging folder are never shared."""

from __future__ import annotations

import subprocess
import time

from countybrief import locks
from countybrief.store import open_store
from tests.render.conftest import needs_chromium
from tests.safety.scratch_project import ROOT, Run, cli, make_project

ARTICLE = sorted((ROOT / "data" / "raw").glob("000_*.txt"))[0]


def test_extract_waits_for_the_store_lock(tmp_path):
    data = tmp_path / "extracted"
    with locks.hold(locks.data_lock_path(data), what="test"):
        run = Run(["extract", str(ARTICLE), "--data", str(data)], tmp_path / "err.txt",
                  {"COUNTYBRIEF_LOCK_TIMEOUT": "120"})
        try:
            run.wait_for(lambda: "waiting" in run.stderr(), 60, "the waiting message")
            time.sleep(0.5)
            assert run.proc.poll() is None  # still waiting
        except BaseException:
            run.cleanup()
            raise
    assert run.proc.wait(timeout=120) == 0, run.stderr()
    err = run.stderr()
    assert "another countybrief run" in err and f"holds the data folder {data}" in err
    assert "Traceback" not in err
    assert len(open_store(data).documents) == 1


def test_second_run_gives_up_after_the_timeout(tmp_path):
    root = make_project(tmp_path / "p")
    out = root / "output"
    out.mkdir()
    with locks.hold(locks.output_lock_path(out), what="test"):
        proc = subprocess.run(cli("render", "--all", "--root", str(root)), capture_output=True,
                              text=True, timeout=120, env={**__import__("os").environ,
                                                           "COUNTYBRIEF_LOCK_TIMEOUT": "1"})
    assert proc.returncode == 2, proc.stderr
    assert "another countybrief run" in proc.stderr and "still held after waiting 1 s" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not list(out.glob("*/briefing.html"))  # nothing rendered


def test_two_extracts_at_once_both_succeed(tmp_path):
    data = tmp_path / "extracted"
    runs = [subprocess.Popen(cli("extract", str(ROOT / "data" / "raw"), "--data", str(data)),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    for proc in runs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    assert len(open_store(data).documents) == 5


@needs_chromium
def test_two_renders_at_once_keep_each_others_overview(tmp_path):
    root = make_project(tmp_path / "p", overview=True)
    args = ("render", "--all", "--force", "--root", str(root), "-j", "1", "--formats", "html")
    runs = [subprocess.Popen(cli(*args), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                             text=True) for _ in range(2)]
    errs = []
    for proc in runs:
        _, err = proc.communicate(timeout=300)
        errs.append(err)
        assert proc.returncode == 0, err
    joined = "\n".join(errs)
    assert "FAILED" not in joined and "Traceback" not in joined, joined
    assert "waiting" in joined  # the second run waited for the first
    assert (root / "output" / "overview.html").is_file()
    assert not list((root / "output").glob(".overview*"))
