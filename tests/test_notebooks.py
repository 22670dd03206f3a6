"""Notebook templates: stored clean, paired with their jupytext text form, parameters cell first."""

from pathlib import Path

import jupytext
import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_stored_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_paired_text_form_matches(path):
    nb = nbformat.read(path, as_version=4)
    text = jupytext.read(path.with_suffix(".py"))
    assert [(c.cell_type, c.source.strip()) for c in nb.cells] == \
        [(c.cell_type, c.source.strip()) for c in text.cells], \
        f"run `jupytext --sync {path.with_suffix('.py').relative_to(ROOT)}`"


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: p.name)
def test_parameters_cell_points_at_the_bundled_sample(path):
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    assert "../data/extracted" in cell.source and "../data/raw" in cell.source


def test_template_runs_with_the_papermill_cli_from_the_repository_root(tmp_path):
    """README route: `papermill notebooks/county_briefing.ipynb out.ipynb -p adcode 340402`
    run from the repository root (papermill's -p makes the adcode an int)."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    out = tmp_path / "out.ipynb"
    run = subprocess.run([sys.executable, "-m", "papermill", "notebooks/county_briefing.ipynb", str(out),
                          "-p", "adcode", "340402", "--log-level", "ERROR"],
                         cwd=root, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    text = json.dumps(json.loads(out.read_text(encoding="utf-8")), ensure_ascii=False)
    assert "大通区" in text and "白银区脱贫攻坚简报" not in text
