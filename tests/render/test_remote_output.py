"""``--data URL`` and ``--output URL`` end to end on a real FTP server (pyftpdlib on
127.0.0.1, fsspec's ``ftp://``), which the Dask workers and their kernels — other
processes — reach like any shared storage: extract to the URL, params from it, render two
sample regions to an output URL locally and on a ``distributed.LocalCluster``; a second
run is all unchanged, a missing output at the URL is repaired, an interrupted publish
leaves no key vouching for it, a bad URL is a clear error. No timing assertions."""

from __future__ import annotations

import json
import logging
import re
import socket
from pathlib import Path

import pytest

import countybrief.render.batch as batch
from countybrief import storage
from countybrief.cli import main
from countybrief.errors import StorageError
from tests.fixtures.ftp import FTPStorage

from .conftest import needs_chromium
from .test_batch import _html_text

ROOT = Path(__file__).resolve().parents[2]
REGIONS = ["620402-白银区", "220822-通榆县"]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A served FTP root with the sample store extracted to it, and parameters files."""
    work = tmp_path_factory.mktemp("remote")
    with pytest.MonkeyPatch.context() as mp, FTPStorage(work / "served") as ftp:
        # before any cluster starts: its workers (and their kernels) inherit it
        mp.setenv("COUNTYBRIEF_CACHE_DIR", str(work / "cache"))
        data = ftp.url("cb/extracted")
        assert main(["extract", "--root", str(ROOT), "--data", data, str(ROOT / "data" / "raw")]) == 0
        assert main(["params", "--root", str(ROOT), "--data", data,
                     "--params", str(work / "parameters")]) == 0
        yield {"ftp": ftp, "work": work, "data": data}


def _render(project, output: str, *extra: str, regions=REGIONS, capsys=None):
    args = ["render", *regions, "--root", str(ROOT), "--data", project["data"],
            "--params", str(project["work"] / "parameters"), "--output", output,
            "--lang", "zh", *extra]  # one edition: the sample's project file names two
    if capsys is not None:
        capsys.readouterr()
    code = main(args)
    err = capsys.readouterr().err if capsys is not None else ""
    return code, err


def _counts(err: str) -> tuple[int, int, int]:
    m = re.search(r"(\d+) rendered, (\d+) unchanged, (\d+) failed", err)
    assert m, err
    return tuple(int(n) for n in m.groups())


def _served_files(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
            for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def local_run(project):
    """The first render to ``out-local``, in this process (-j 1)."""
    code, _ = _render(project, project["ftp"].url("cb/out-local"), "--formats", "html", "-j", "1")
    assert code == 0
    return project["ftp"].path("cb/out-local")


def test_render_to_url_locally_then_unchanged_then_repaired(project, local_run, capsys):
    out, url = local_run, project["ftp"].url("cb/out-local")
    for slug in REGIONS:
        assert (out / slug / "briefing.html").stat().st_size > 0
        nb = json.loads((out / slug / "briefing.ipynb").read_text(encoding="utf-8"))
        assert nb["metadata"]["papermill"]["parameters"]["data_dir"] == project["data"]
        key = json.loads((out / ".countybrief" / "keys" / f"{slug}.zh.json").read_text())
        assert key["formats"] == ["html"]
    assert "1,012" in (out / REGIONS[0] / "briefing.html").read_text(encoding="utf-8")
    index = (out / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{slug}/briefing.html"' in index for slug in REGIONS)
    assert 'href="overview.html"' in index and (out / "overview.html").is_file()
    assert (out / ".countybrief" / "store-digests.json").is_file()
    # nothing staged or half-written left at the URL
    assert not [p for p in out.rglob(".*") if p.name != ".countybrief"]

    stamps = _served_files(out)
    code, err = _render(project, url, "--formats", "html", "-j", "1", capsys=capsys)
    assert code == 0 and _counts(err) == (0, 2, 0), err
    assert _served_files(out) == stamps  # not one file rewritten

    (out / REGIONS[1] / "briefing.html").unlink()
    code, err = _render(project, url, "--formats", "html", "-j", "1", capsys=capsys)
    assert code == 0 and _counts(err) == (1, 1, 0), err
    assert f"{REGIONS[1]} (zh)  rendered" in err
    assert (out / REGIONS[1] / "briefing.html").stat().st_size > 0


def test_interrupted_publish_leaves_no_key_and_next_run_repairs(project, local_run, capsys,
                                                                monkeypatch):
    out, url = local_run, project["ftp"].url("cb/out-local")
    slug = REGIONS[0]
    before = (out / slug / "briefing.html").read_bytes()
    real_put = storage.put_file

    def network_down(local, target):
        if str(target).endswith(f"{slug}/briefing.html"):
            raise StorageError(target, "cannot write (ConnectionResetError: reset by peer)")
        return real_put(local, target)

    monkeypatch.setattr(storage, "put_file", network_down)
    code, err = _render(project, url, "--formats", "html", "-j", "1", "--force",
                        regions=[slug], capsys=capsys)
    monkeypatch.setattr(storage, "put_file", real_put)
    assert code == 1 and "cannot write" in err and "Traceback" not in err
    assert not (out / ".countybrief" / "keys" / f"{slug}.zh.json").exists()
    assert (out / slug / "briefing.html").read_bytes() == before  # the earlier good file

    code, err = _render(project, url, "--formats", "html", "-j", "1", capsys=capsys)
    assert code == 0 and _counts(err) == (1, 1, 0), err
    assert (out / ".countybrief" / "keys" / f"{slug}.zh.json").is_file()


@needs_chromium
def test_pdf_to_url(project, local_run, capsys):
    out, url = local_run, project["ftp"].url("cb/out-local")
    code, err = _render(project, url, "--formats", "html,pdf", "-j", "1", regions=REGIONS[:1],
                        capsys=capsys)
    assert code == 0 and _counts(err) == (1, 0, 0), err  # a format never rendered before
    assert (out / REGIONS[0] / "briefing.pdf").read_bytes()[:5] == b"%PDF-"
    assert (out / "overview.pdf").read_bytes()[:5] == b"%PDF-"
    assert 'href="620402-白银区/briefing.pdf"' in (out / "index.html").read_text(encoding="utf-8")


def test_render_to_url_on_a_dask_cluster(project, local_run, capsys, monkeypatch):
    distributed = pytest.importorskip("distributed", reason="needs the dask extra: pip install -e '.[dask]'")

    def not_here(*a, **kw):
        raise AssertionError("rendered in the client process, not on the cluster")

    monkeypatch.setattr(batch, "_render_here", not_here)
    monkeypatch.setattr(batch, "_render_in_processes", not_here)
    out, url = project["ftp"].path("cb/out-dask"), project["ftp"].url("cb/out-dask")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None, silence_logs=logging.ERROR) as cluster:
        sched = ["--formats", "html", "--scheduler", cluster.scheduler_address]
        code, err = _render(project, url, *sched, capsys=capsys)
        assert code == 0 and _counts(err) == (2, 0, 0), err
        for slug in REGIONS:
            assert _html_text(out / slug / "briefing.html") == \
                _html_text(local_run / slug / "briefing.html")
            assert (out / ".countybrief" / "keys" / f"{slug}.zh.json").is_file()
        assert (out / "overview.html").is_file() and (out / "index.html").is_file()

        code, err = _render(project, url, *sched, capsys=capsys)
        assert code == 0 and _counts(err) == (0, 2, 0), err

        (out / REGIONS[0] / "briefing.ipynb").unlink()
        code, err = _render(project, url, *sched, capsys=capsys)
        assert code == 0 and _counts(err) == (1, 1, 0), err
        assert (out / REGIONS[0] / "briefing.ipynb").is_file()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("output, words", [
    ("ftp://127.0.0.1:{port}/cb/out", "cannot reach the storage"),
    ("nosuchfs://bucket/cb/out", "unknown storage protocol 'nosuchfs'"),
], ids=["unreachable", "unknown-protocol"])
def test_bad_output_url_is_a_clear_error(project, capsys, output, words):
    output = output.format(port=_free_port())
    code, err = _render(project, output, "--formats", "html", "-j", "1", capsys=capsys)
    assert code == 2, err
    assert f"error: {output}" in err and words in err
    assert "Traceback" not in err
