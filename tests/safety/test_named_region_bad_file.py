"""`render 白银区` (or its adcode, or its slug) with a parameters file that cannot be read
gives the file's real error, as `render --all` does, not "no parameters file"."""

from __future__ import annotations

import pytest

from countybrief.cli import main

from ._project import GOOD_PARAMS, small_project, without_overview

BAD = {
    "unknown-key": (GOOD_PARAMS + "titel: 白银区简报\n",
                    "unknown key 'titel' (did you mean 'title'?)"),
    "malformed": ("region: 白银区\nadcode: '620402'\ntitle: [unclosed\n", "malformed YAML at line"),
}


@pytest.mark.parametrize("name", ["白银区", "620402", "620402-白银区", "--all"])
@pytest.mark.parametrize("bad", sorted(BAD))
def test_named_region_with_a_bad_parameters_file_gets_the_real_error(tmp_path, capsys,
                                                                     monkeypatch, bad, name):
    without_overview(monkeypatch)
    text, words = BAD[bad]
    root = small_project(tmp_path / "p", text)
    code = main(["render", name, "--root", str(root), "--formats", "html"])
    err = capsys.readouterr().err
    assert code == 1, err
    assert f"{root / 'parameters' / '620402-白银区.yaml'}: {words}" in err
    assert "no parameters file for region" not in err and "Traceback" not in err


def test_unknown_region_still_said(tmp_path, capsys, monkeypatch):
    without_overview(monkeypatch)
    root = small_project(tmp_path / "p", GOOD_PARAMS + "titel: x\n")
    assert main(["render", "华州区", "--root", str(root), "--formats", "html"]) == 1
    err = capsys.readouterr().err
    assert "no parameters file for region '华州区'" in err and "titel" not in err
