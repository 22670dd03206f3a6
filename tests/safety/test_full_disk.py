"""A full disk fails each region with a message and the batch goes on to its summary
(no traceback, exit 1); a region's earlier HTML and PDF stay a matching pair. A
read-only output folder is refused before any kernel or browser starts."""

from __future__ import annotations

import subprocess
import time

import pytest

from tests.render.conftest import needs_chromium
from tests.safety.scratch_project import cli, fill, make_project, mount_tmpfs, slugs, unmount


@pytest.fixture
def tmpfs(tmp_path):
    mnt = tmp_path / "mnt"
    if not mount_tmpfs(mnt, "8m"):
        pytest.skip("cannot mount a tmpfs (needs root)")
    yield mnt
    unmount(mnt)


@needs_chromium
def test_full_disk_fails_regions_and_the_batch_goes_on(tmp_path, tmpfs):
    root = make_project(tmp_path / "p", overview=True)
    out = tmpfs / "out"
    args = ("render", "--all", "--root", str(root), "--output", str(out), "-j", "1", "--lang", "zh")
    first = subprocess.run(cli(*args), capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    before = {s: {k: (out / s / f"briefing.{k}").read_bytes() for k in ("html", "pdf")}
              for s in slugs(root)}
    fill(tmpfs)
    proc = subprocess.run(cli(*args, "--force"), capture_output=True, text=True, timeout=300)
    err = proc.stderr
    assert proc.returncode == 1, err
    assert "Traceback" not in err, err
    assert "No space left on device" in err
    assert "0 rendered, 0 unchanged, 3 failed" in err  # every region tried, then the summary
    assert "overview (zh)" in err and "index" in err
    for slug, files in before.items():
        for kind, data in files.items():
            assert (out / slug / f"briefing.{kind}").read_bytes() == data, (slug, kind)
        assert not [p.name for p in (out / slug).iterdir() if p.name.startswith(".")]
    (tmpfs / "filler").unlink()
    again = subprocess.run(cli(*args), capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "3 rendered" in again.stderr, again.stderr


def test_read_only_output_is_refused_up_front(tmp_path):
    mnt = tmp_path / "ro"
    if not mount_tmpfs(mnt, "1m", read_only=True):
        pytest.skip("cannot mount a tmpfs (needs root)")
    try:
        root = make_project(tmp_path / "p")
        t0 = time.monotonic()
        proc = subprocess.run(cli("render", "--all", "--root", str(root), "--output", str(mnt)),
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2, proc.stderr
        assert f"{mnt}: the output folder is not writable (Read-only file system)" in proc.stderr
        assert "Traceback" not in proc.stderr and "rendering" not in proc.stderr
        assert time.monotonic() - t0 < 60
    finally:
        unmount(mnt)
