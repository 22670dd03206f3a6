"""Stopping `render` (kill -9, SIGTERM, Ctrl-C) ends its whole process tree: workers,
kernels, the node driver and Chromium; nothing is published after the CLI is gone, and
Ctrl-C or SIGTERM end with one line, no traceback (exit 130 or 143)."""

from __future__ import annotations

import os
import signal

import pytest

from tests.render.conftest import needs_chromium
from tests.safety.scratch_project import Run, make_project, slugs

pytestmark = needs_chromium

#: The last region (in the order of the batch) waits for the file CB_TEST_GO.
WAIT_CELL = '''
import os, time
if region == os.environ.get("CB_TEST_SLOW"):
    open(os.environ["CB_TEST_STARTED"], "w").close()
    _t = time.monotonic()
    while not os.path.exists(os.environ["CB_TEST_GO"]) and time.monotonic() - _t < 60:
        time.sleep(0.1)
'''


def _chromium_running(run: Run) -> bool:
    for proc in run.tree():
        try:
            if "chrom" in proc.name().lower():
                return True
        except Exception:
            pass
    return False


@pytest.mark.parametrize("how,jobs", [("kill", "2"), ("term", "2"), ("int", "2"),
                                      ("kill", "1"), ("term", "1"), ("int", "1")])
def test_stopping_render_ends_its_process_tree(tmp_path, how, jobs):
    root = make_project(tmp_path / "p", WAIT_CELL)
    slow = slugs(root)[-1]
    started, go = tmp_path / "started", tmp_path / "go"
    env = {"CB_TEST_SLOW": slow.split("-", 1)[1], "CB_TEST_STARTED": str(started),
           "CB_TEST_GO": str(go)}
    run = Run(["render", "--all", "--root", str(root), "-j", jobs, "--formats", "html,pdf"],
              tmp_path / "stderr.txt", env)
    try:
        run.wait_for(lambda: started.exists() and _chromium_running(run), 120,
                     "the last region to start with Chromium running")
        if how == "kill":
            os.kill(run.proc.pid, signal.SIGKILL)
        elif how == "term":
            os.kill(run.proc.pid, signal.SIGTERM)
        else:  # Ctrl-C on a terminal: SIGINT to the whole foreground process group
            os.killpg(run.proc.pid, signal.SIGINT)
        rc = run.proc.wait(timeout=60)
        go.touch()  # an orphaned worker would now finish the region and publish it
        left = run.survivors(15)
        assert not left, f"still running after {how}:\n" + "\n".join(left)
        assert not (root / "output" / slow / "briefing.html").exists()
        err = run.stderr()
        if how == "kill":
            assert rc == -signal.SIGKILL
        else:
            assert rc == (143 if how == "term" else 130), err
            assert "Traceback" not in err and "Error" not in err, err
            assert err.count("interrupted") == 1, err
            assert err.rstrip().splitlines()[-1].startswith("interrupted"), err
    finally:
        go.touch()
        run.cleanup()
