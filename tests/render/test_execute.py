import json
import os

import nbformat
import pytest

from countybrief.errors import RenderError
from countybrief.model import BriefingJob
from countybrief.render import check_template, render_jobs, write_index
from countybrief.render.execute import output_names, write_atomic

from .conftest import needs_chromium

REGIONS = [("620402", "白银区"), ("220822", "通榆县")]


def _jobs(template, store_dir, **extra):
    return [BriefingJob(slug=f"{code}-{name}", region=name, adcode=code, template=str(template),
                        parameters={"region": name, "adcode": code, "data_dir": str(store_dir),
                                    "raw_dir": "/nonexistent", "title": None, "notes": [],
                                    **extra})
            for code, name in REGIONS]


def _failing_template(template, tmp_path):
    nb = nbformat.read(template, as_version=4)
    nb.cells.insert(1, nbformat.v4.new_code_cell('raise RuntimeError("boom: no data")'))
    path = tmp_path / "failing.ipynb"
    nbformat.write(nb, path)
    return path


def test_template_without_parameters_cell_is_refused(template, tmp_path, store_dir):
    nb = nbformat.read(template, as_version=4)
    nb.cells[0].metadata["tags"] = []
    bad = tmp_path / "untagged.ipynb"
    nbformat.write(nb, bad)
    with pytest.raises(RenderError, match=r"untagged\.ipynb.*no cell tagged 'parameters'"):
        check_template(bad)
    with pytest.raises(RenderError, match="untagged.ipynb"):
        render_jobs([_jobs(bad, store_dir)[0]], tmp_path / "out")
    with pytest.raises(RenderError, match="not found"):
        check_template(tmp_path / "nothing.ipynb")


def test_output_names_and_atomic_write(tmp_path):
    assert output_names("zh")["pdf"] == "briefing.pdf"
    assert output_names("en") == {"notebook": "briefing.en.ipynb", "html": "briefing.en.html",
                                  "pdf": "briefing.en.pdf", "failed": "briefing.en.failed.ipynb"}
    target = write_atomic(tmp_path / "x" / "a.txt", "白银区")
    assert target.read_text(encoding="utf-8") == "白银区"
    assert [p.name for p in target.parent.iterdir()] == ["a.txt"]


@needs_chromium
def test_batch_keeps_going_and_keeps_good_outputs(template, store_dir, tmp_path):
    out = tmp_path / "output"
    logged = []
    first = render_jobs(_jobs(template, store_dir), out, log=logged.append)
    assert [r.ok for r in first] == [True, True], [r.error for r in first]
    assert len(logged) == 4
    for code, name in REGIONS:
        folder = out / f"{code}-{name}"
        assert {p.name for p in folder.iterdir()} == {"briefing.ipynb", "briefing.html",
                                                      "briefing.pdf"}
        nb = json.loads((folder / "briefing.ipynb").read_text(encoding="utf-8"))
        [inj] = [c for c in nb["cells"] if "injected-parameters" in c["metadata"].get("tags", [])]
        assert f'region = "{name}"' in "".join(inj["source"])
    baiyin = out / "620402-白银区"
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in baiyin.iterdir()}

    # second run: 白银区's template raises, 通榆县 still renders (HTML only, to save time)
    jobs = _jobs(template, store_dir)
    jobs[0].template = str(_failing_template(template, tmp_path))
    second = render_jobs(jobs, out, formats=("html",))
    assert [r.ok for r in second] == [False, True]
    failed = second[0]
    assert failed.error == "RuntimeError: boom: no data"
    assert failed.failed_notebook == baiyin / "briefing.failed.ipynb"
    assert failed.html == baiyin / "briefing.html"  # points at the previous good output
    for name, (data, mtime) in before.items():
        assert (baiyin / name).read_bytes() == data and (baiyin / name).stat().st_mtime_ns == mtime
    assert not [p for p in baiyin.iterdir() if p.name.startswith(".")], "temporary files left"

    index = write_index(out, second).read_text(encoding="utf-8")
    for code, name in REGIONS:
        assert f'href="{code}-{name}/briefing.html"' in index
        assert f'href="{code}-{name}/briefing.pdf"' in index
    assert "甘肃省 · 白银市 · 白银区" in index and "1,012人" in index and "1.32%" in index
    assert "boom: no data" in index
    assert "http" not in index.replace("http-equiv", "")

    # the CLI's form: no results, the folders are scanned
    plain = write_index(out).read_text(encoding="utf-8")
    assert plain.count("/briefing.html") == 2 and "boom" not in plain


def test_index_escapes_and_sorts(tmp_path, store_dir):
    folder = tmp_path / "999999-<script>"
    folder.mkdir()
    (folder / "briefing.html").write_text("x")
    html = write_index(tmp_path).read_text(encoding="utf-8")
    assert "<script>" not in html.split("<script>\n", 1)[0].split("<body>", 1)[1]
    assert "&lt;script&gt;" in html
    assert "addEventListener" in html and os.path.basename("index.html")
