"""Bad parameters files and templates: each named with its problem; good regions still render."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from countybrief.cli import main
from countybrief.store import write_store
from tests.fixtures.make_store import sample_extractions

ROOT = Path(__file__).resolve().parents[2]

BAD_FILES = {
    "malformed.yaml": ("region: 白银区\nadcode: '620402'\ntitle: [unclosed\n",
                       ["malformed.yaml", "malformed YAML at line"]),
    "unknown-key.yaml": ("region: 白银区\nadcode: '620402'\ntemplte: x.ipynb\n",
                         ["unknown-key.yaml", "unknown key 'templte'", "did you mean 'template'"]),
    "wrong-type.yaml": ("region: 白银区\nadcode: '620402'\nnotes: twenty\n",
                        ["wrong-type.yaml", "'notes' must be a list"]),
    "wrong-type-title.yaml": ("region: 白银区\nadcode: '620402'\ntitle: [1, 2]\n",
                              ["wrong-type-title.yaml", "'title' must be a briefing title"]),
    "no-template.yaml": ("region: 白银区\nadcode: '620402'\ntemplate: notebooks/missing.ipynb\n",
                         ["no-template.yaml", "template 'notebooks/missing.ipynb' does not exist"]),
    "bare-template.yaml": ("region: 白银区\nadcode: '620402'\ntemplate: notebooks/bare.ipynb\n",
                           ["bare.ipynb", "parameters"]),
    "no-data.yaml": ("region: 华州区\nadcode: '610503'\n", ["华州区", "no facts"]),
    "escape.yaml": ("region: ../../etc\nadcode: '620402'\n", ["escape.yaml", "cannot be used in a file name"]),
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    root = tmp_path_factory.mktemp("project")
    (root / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / "county_briefing.ipynb", root / "notebooks")
    bare = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("region = 'x'")])
    nbformat.write(bare, root / "notebooks" / "bare.ipynb")
    write_store(sample_extractions(), root / "data" / "extracted")
    params = root / "parameters"
    params.mkdir()
    (params / "220822-通榆县.yaml").write_text("region: 通榆县\nadcode: '220822'\n", encoding="utf-8")
    for name, (text, _) in BAD_FILES.items():
        (params / name).write_text(text, encoding="utf-8")
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        code = main(["render", "--all", "--root", str(root)])
    return root, code, err.getvalue()


def test_good_region_still_renders(rendered):
    root, code, err = rendered
    assert code != 0
    out = root / "output" / "220822-通榆县"
    assert (out / "briefing.html").is_file() and (out / "briefing.pdf").is_file()


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_parameters_file_named_with_problem(rendered, name):
    _, _, err = rendered
    words = BAD_FILES[name][1]
    assert any(all(w in line for w in words) for line in err.splitlines()), err


def test_nothing_written_outside_output(rendered):
    root, _, _ = rendered
    assert sorted(p.name for p in root.iterdir()) == ["data", "notebooks", "output", "parameters"]
    folders = {p.name for p in (root / "output").iterdir() if p.is_dir() and not p.name.startswith(".")}
    assert folders == {"220822-通榆县"}
