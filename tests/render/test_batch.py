"""Batch rendering: incremental keys, failures, atomic outputs, repair, warm-kernel isolation,
the CLI summary, and the Dask path (a real LocalCluster). No timing assertions."""

from __future__ import annotations

import json
import os
import re

import nbformat
import pytest

from countybrief.model import BriefingJob
from countybrief.render import render_jobs
from countybrief.render import cache
from countybrief.render.batch import summary_table
from countybrief.store import write_store
from tests.fixtures.make_store import sample_extractions

from .conftest import needs_chromium

REGIONS = [("620402", "白银区"), ("220822", "通榆县")]


def _jobs(template, store_dir, regions=REGIONS):
    return [BriefingJob(slug=f"{code}-{name}", region=name, adcode=code, template=str(template),
                        parameters={"region": name, "adcode": code, "data_dir": str(store_dir),
                                    "raw_dir": "/nonexistent", "title": None, "notes": []})
            for code, name in regions]


@pytest.fixture()
def own_store(tmp_path):
    out = tmp_path / "extracted"
    write_store(sample_extractions(), out)
    return out


def _html_text(path) -> str:
    """Visible text of a briefing HTML, without timestamps."""
    text = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", path.read_text(encoding="utf-8"), flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?", "<time>", text)
    return re.sub(r"\s+", " ", text).strip()


def test_incremental_skip_and_only_touched_region_rerenders(template, own_store, tmp_path):
    out = tmp_path / "out"
    first = render_jobs(_jobs(template, own_store), out, formats=("html",))
    assert [r.status for r in first] == ["rendered", "rendered"], [r.error for r in first]
    for code, name in REGIONS:
        assert cache.read_key(out, f"{code}-{name}", "zh")["formats"] == ["html"]
    stamps = {p: p.stat().st_mtime_ns for p in out.glob("*/briefing.html")}

    again = render_jobs(_jobs(template, own_store), out, formats=("html",))
    assert [r.status for r in again] == ["unchanged", "unchanged"]
    assert all(r.ok and r.html and r.html.exists() for r in again)
    assert {p: p.stat().st_mtime_ns for p in out.glob("*/briefing.html")} == stamps

    # one article of 通榆县 changes: only 通榆县 is rendered again
    exs = sample_extractions()
    for ex in exs:
        for f in ex.facts:
            if f.adcode == "220822" and f.indicator == "relocated_population":
                f.value = 9560
    write_store(exs, own_store)
    third = render_jobs(_jobs(template, own_store), out, formats=("html",))
    assert {r.slug: r.status for r in third} == {"620402-白银区": "unchanged", "220822-通榆县": "rendered"}

    # --force renders everything; asking for a format never rendered renders too
    forced = render_jobs(_jobs(template, own_store)[:1], out, formats=("html",), force=True)
    assert forced[0].status == "rendered"
    # a changed parameter (title) is a change
    jobs = _jobs(template, own_store)
    jobs[0].parameters["title"] = "白银区简报（新）"
    assert [r.status for r in render_jobs(jobs, out, formats=("html",))] == ["rendered", "unchanged"]


def test_failing_region_keeps_error_notebook_others_finish(template, own_store, tmp_path):
    nb = nbformat.read(template, as_version=4)
    nb.cells.insert(2, nbformat.v4.new_code_cell('raise RuntimeError("boom: no data")'))
    bad = tmp_path / "failing.ipynb"
    nbformat.write(nb, bad)
    jobs = _jobs(template, own_store)
    jobs[0].template = str(bad)
    out = tmp_path / "out"
    results = render_jobs(jobs, out, formats=("html",), workers=2)
    assert [r.status for r in results] == ["failed", "rendered"]
    failed = results[0]
    assert failed.error == "RuntimeError: boom: no data"
    executed = nbformat.read(failed.failed_notebook, as_version=4)
    assert any("papermill-error-cell-tag" in c.metadata.get("tags", []) for c in executed.cells)
    assert any(o.get("output_type") == "error" for c in executed.cells for o in c.get("outputs", []))
    assert not any("countybrief-reset" in c.metadata.get("tags", []) for c in executed.cells)
    assert cache.read_key(out, failed.slug, "zh") is None  # a failure never looks current
    table = summary_table(results)
    assert "RuntimeError: boom: no data" in table and "1 rendered, 0 unchanged, 1 failed" in table


@needs_chromium
def test_interrupted_export_keeps_previous_outputs_and_next_run_repairs(template, own_store,
                                                                        tmp_path, monkeypatch):
    out = tmp_path / "out"
    jobs = _jobs(template, own_store)[:1]
    [first] = render_jobs(jobs, out)
    assert first.status == "rendered", first.error
    folder = first.folder
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    # the disk fills up while the new PDF is written: the old PDF stays, no temp files
    from countybrief.render import execute

    real_replace = os.replace

    def full_disk(src, dst, *a, **kw):
        if str(dst).endswith("briefing.pdf"):
            raise OSError(28, "No space left on device")
        return real_replace(src, dst, *a, **kw)

    monkeypatch.setattr(execute.os, "replace", full_disk)
    [failed] = render_jobs(jobs, out, force=True)  # the region fails, with the file named
    assert failed.status == "failed" and "briefing.pdf: No space left" in failed.error
    monkeypatch.setattr(execute.os, "replace", real_replace)
    assert (folder / "briefing.pdf").read_bytes() == before["briefing.pdf"]
    assert not [p for p in folder.iterdir() if p.name.startswith(".")], "temporary files left"
    assert cache.read_key(out, first.slug, "zh") is None  # outputs may be mixed: not current

    # next run repairs; then deleting the PDF alone makes it render again
    [second] = render_jobs(jobs, out)
    assert second.status == "rendered" and (folder / "briefing.pdf").stat().st_size > 0
    (folder / "briefing.pdf").unlink()
    [third] = render_jobs(jobs, out)
    assert third.status == "rendered" and (folder / "briefing.pdf").exists()
    assert render_jobs(jobs, out)[0].status == "unchanged"


def test_warm_kernel_does_not_leak_between_regions(template, own_store, tmp_path):
    nb = nbformat.read(template, as_version=4)
    probe = nbformat.v4.new_code_cell(
        "leaked = [n for n in ('briefing_marker', 'marker_value') if n in globals()]\n"
        "print('LEAKED', leaked)\n"
        "briefing_marker = region\n"
        "import matplotlib\n"
        "print('RC', matplotlib.rcParams['lines.linewidth'])\n"
        "matplotlib.rcParams['lines.linewidth'] = 9.5\n")
    nb.cells.insert(1, probe)
    path = tmp_path / "probe.ipynb"
    nbformat.write(nb, path)
    together = render_jobs(_jobs(path, own_store), tmp_path / "together", formats=("html",))
    assert [r.status for r in together] == ["rendered", "rendered"], [r.error for r in together]
    alone = render_jobs(_jobs(path, own_store)[1:], tmp_path / "alone", formats=("html",))
    second = nbformat.read(together[1].notebook, as_version=4)
    text = "".join(o.get("text", "") for c in second.cells for o in c.get("outputs", []))
    assert "LEAKED []" in text and "RC 9.5" not in text
    assert [c.execution_count for c in second.cells if c.cell_type == "code"][:2] == [1, 2]
    assert _html_text(together[1].html) == _html_text(alone[0].html)


def test_cli_summary_and_exit_code(tmp_path, capsys):
    from countybrief.cli import main

    root = tmp_path
    data = root / "extracted"
    write_store(sample_extractions(), data)
    assert main(["params", "--root", str(root), "--data", str(data), "--params", str(root / "p")]) == 0
    nbdir = root / "notebooks"
    nbdir.mkdir()
    from .conftest import TEMPLATE

    nb = nbformat.read(TEMPLATE, as_version=4)
    nbformat.write(nb, nbdir / "county_briefing.ipynb")
    bad = nbformat.read(TEMPLATE, as_version=4)
    bad.cells.insert(2, nbformat.v4.new_code_cell('raise ValueError("bad figure")'))
    nbformat.write(bad, nbdir / "bad.ipynb")
    pfile = root / "p" / "620402-白银区.yaml"
    pfile.write_text(pfile.read_text(encoding="utf-8") + "template: notebooks/bad.ipynb\n",
                     encoding="utf-8")
    args = ["render", "--all", "--root", str(root), "--data", str(data), "--params", str(root / "p"),
            "--output", str(root / "out"), "--formats", "html", "-j", "2", "--lang", "zh"]
    capsys.readouterr()
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "620402-白银区 (zh)  failed     ValueError: bad figure" in err
    assert re.search(r"2 rendered, 0 unchanged, 1 failed", err), err
    assert "IPKernelApp" not in err and "Traceback" not in err
    assert main(args) == 1  # the failed one is tried again; the others are skipped
    err = capsys.readouterr().err
    assert "0 rendered, 2 unchanged, 1 failed" in err


def test_dask_local_cluster_renders_like_local(template, own_store, tmp_path):
    distributed = pytest.importorskip("distributed", reason="needs the dask extra: pip install -e '.[dask]'")
    local = render_jobs(_jobs(template, own_store), tmp_path / "local", formats=("html",))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0", silence_logs=50) as cluster:
        remote = render_jobs(_jobs(template, own_store), tmp_path / "dask", formats=("html",),
                             scheduler=cluster.scheduler_address)
        assert [r.status for r in remote] == ["rendered", "rendered"], [r.error for r in remote]
        again = render_jobs(_jobs(template, own_store), tmp_path / "dask", formats=("html",),
                            scheduler=cluster.scheduler_address)
        assert [r.status for r in again] == ["unchanged", "unchanged"]
    for a, b in zip(local, remote):
        assert _html_text(a.html) == _html_text(b.html)
        nba, nbb = (json.loads(p.read_text(encoding="utf-8")) for p in (a.notebook, b.notebook))
        assert [c["source"] for c in nba["cells"]] == [c["source"] for c in nbb["cells"]]


@needs_chromium
def test_overview_rendered_on_the_batch_worker_only_when_needed(template, own_store, tmp_path):
    from countybrief.render.browser import BrowserPool
    from countybrief.render.overview import overview_job

    out = tmp_path / "out"
    ov = overview_job(own_store, root=template.parents[1])
    with BrowserPool() as pool:
        first = render_jobs(_jobs(template, own_store), out, pool=pool, overview=ov)
        assert [r.status for r in first] == ["rendered", "rendered"]
        assert first.overview is not None and first.overview.ok, first.overview.error
        assert pool.launches == 1  # one browser for the briefings and the overview
    for name in ("overview.ipynb", "overview.html", "overview.pdf"):
        assert (out / name).is_file(), name
    assert not (out / ".overview").exists()  # the work folder is gone
    assert "白银区" in (out / "overview.html").read_text(encoding="utf-8")
    stamp = (out / "overview.html").stat().st_mtime_ns

    # nothing changed: no overview run either
    again = render_jobs(_jobs(template, own_store), out, overview=ov)
    assert again.overview is None and (out / "overview.html").stat().st_mtime_ns == stamp
    # its PDF went missing: the overview alone is rendered again
    (out / "overview.pdf").unlink()
    repaired = render_jobs(_jobs(template, own_store), out, overview=ov)
    assert [r.status for r in repaired] == ["unchanged", "unchanged"]
    assert repaired.overview is not None and repaired.overview.ok
    assert (out / "overview.pdf").is_file()
