"""A parameters file may name another notebook template for its region; that one is used."""

import json
import shutil
from pathlib import Path

import nbformat
import yaml

from countybrief.cli import main
from countybrief.store import write_store
from tests.fixtures.make_store import sample_extractions

ROOT = Path(__file__).resolve().parents[2]


def test_template_named_in_parameters_file_is_used(tmp_path):
    (tmp_path / "notebooks").mkdir()
    template = nbformat.read(ROOT / "notebooks" / "county_briefing.ipynb", as_version=4)
    template.cells.append(nbformat.v4.new_markdown_cell("自定义模板标记 CUSTOM-TEMPLATE-MARKER"))
    nbformat.write(template, tmp_path / "notebooks" / "custom.ipynb")
    shutil.copy(ROOT / "notebooks" / "county_briefing.ipynb", tmp_path / "notebooks")
    write_store(sample_extractions(), tmp_path / "data" / "extracted")
    assert main(["params", "--root", str(tmp_path)]) == 0
    pfile = tmp_path / "parameters" / "220822-通榆县.yaml"
    data = yaml.safe_load(pfile.read_text(encoding="utf-8"))
    data["template"] = "notebooks/custom.ipynb"
    pfile.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    assert main(["render", "通榆县", "620402", "--root", str(tmp_path)]) == 0
    out = tmp_path / "output"
    custom = (out / "220822-通榆县" / "briefing.html").read_text(encoding="utf-8")
    default = (out / "620402-白银区" / "briefing.html").read_text(encoding="utf-8")
    assert "CUSTOM-TEMPLATE-MARKER" in custom
    assert "CUSTOM-TEMPLATE-MARKER" not in default
    assert (out / "220822-通榆县" / "briefing.pdf").stat().st_size > 10_000
    nb = json.loads((out / "220822-通榆县" / "briefing.ipynb").read_text(encoding="utf-8"))
    assert nb["metadata"]["papermill"]["input_path"].endswith("custom.ipynb")
