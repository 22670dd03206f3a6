"""Keys under ``parameters:`` become Python names in papermill's injected cell (only values
are escaped there): a key that is not a plain name is refused, so no code in it runs."""

from __future__ import annotations

import pytest

from countybrief.cli import main
from countybrief.errors import ParametersError
from countybrief.params import read_parameters

from ._project import GOOD_PARAMS, small_project, without_overview


def _with_parameters(key: str) -> str:
    return GOOD_PARAMS + f"parameters:\n  {key}: 1\n"


def test_code_in_a_parameters_key_does_not_run(tmp_path, capsys, monkeypatch):
    without_overview(monkeypatch)
    marker = tmp_path / "pwned"
    key = f"\"x=1;import os;os.system('touch {marker}');y\""
    root = small_project(tmp_path / "p", _with_parameters(key))
    for args in (["白银区"], ["--all"]):
        code = main(["render", *args, "--root", str(root), "--formats", "html"])
        err = capsys.readouterr().err
        assert code == 1, err
        assert "620402-白银区.yaml: parameters key \"x=1;import os" in err
        assert "is not a Python name" in err and "Traceback" not in err
    assert not marker.exists()
    assert not (root / "output" / "620402-白银区").exists()


@pytest.mark.parametrize("key, words", [
    ("'a b'", "is not a Python name"),
    ("'1x'", "is not a Python name"),
    ("'x.y'", "is not a Python name"),
    ("'x\\n'", "is not a Python name"),
    ("42", "is not a Python name"),
    ("'ｘ'", "is not a Python name"),  # NFKC: the notebook would assign ``x``
    ("import", "reserved by Python"),
    ("None", "reserved by Python"),
    ("__builtins__", "reserved by Python"),
    ("region", "cannot be set here"),
    ("data_dir", "cannot be set here"),
    ("lang", "cannot be set here"),
], ids=["space", "digit-first", "dotted", "newline", "int", "fullwidth", "keyword", "None",
        "dunder", "region", "data_dir", "lang"])
def test_parameters_key_refused_naming_file_and_key(tmp_path, key, words):
    path = tmp_path / "620402-白银区.yaml"
    path.write_text(_with_parameters(key), encoding="utf-8")
    with pytest.raises(ParametersError) as err:
        read_parameters(path)
    assert str(path) in str(err.value) and "parameters key" in str(err.value)
    assert words in str(err.value)


@pytest.mark.parametrize("key", ["threshold", "show_maps", "_x2", "县名"])
def test_plain_names_are_accepted(tmp_path, key):
    path = tmp_path / "620402-白银区.yaml"
    path.write_text(_with_parameters(key), encoding="utf-8")
    assert read_parameters(path).data["parameters"] == {key: 1}
