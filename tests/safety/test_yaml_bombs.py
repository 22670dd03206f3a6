"""A 1 KB "billion laughs" YAML (anchors of aliases of aliases) would grow to gigabytes:
user YAML (parameters files, regions.yaml) is loaded without anchors or aliases."""

from __future__ import annotations

import pytest
import yaml

from countybrief import yamlio
from countybrief.cli import main
from countybrief.errors import ParametersError
from countybrief.params import read_parameters
from countybrief.store import open_store

from ._project import GOOD_PARAMS, small_project, without_overview


def billion_laughs(indent: str = "") -> str:
    """Nine levels of nine aliases each: 9**9 (387 million) strings once expanded."""
    lines = [f'{indent}a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    lines += [f"{indent}a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    return "\n".join(lines) + "\n"


def _refused_before_expanding(text: str) -> None:
    # guard first: were aliases accepted, the checks below could expand the bomb
    with pytest.raises(yaml.YAMLError, match="anchors and aliases are not allowed"):
        yamlio.load(text)


def test_bomb_is_small():
    assert len(billion_laughs().encode()) < 1024


def test_parameters_file_bomb_refused(tmp_path, capsys, monkeypatch):
    without_overview(monkeypatch)
    text = GOOD_PARAMS + "parameters:\n" + billion_laughs("  ")
    _refused_before_expanding(text)
    root = small_project(tmp_path / "p", text)
    path = root / "parameters" / "620402-白银区.yaml"
    with pytest.raises(ParametersError, match="line 4, column 7: YAML anchor &a0"):
        read_parameters(path)
    assert main(["params", "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert f"{path}: malformed YAML at line 4" in err and "anchors and aliases" in err
    assert path.read_text(encoding="utf-8") == text  # left untouched
    code = main(["render", "620402", "--root", str(root), "--formats", "html"])
    err = capsys.readouterr().err
    assert code == 1 and "anchors and aliases are not allowed" in err


def test_lone_alias_refused():
    with pytest.raises(yaml.YAMLError, match=r"alias \*x"):
        yamlio.load("a: [1, *x]\n")


def test_regions_yaml_bomb_refused_and_articles_kept(tmp_path, capsys):
    text = billion_laughs() + "ours.txt: *a8\n"
    _refused_before_expanding(text)
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "ours.txt").write_text("我县精准脱贫306户1012人。", encoding="utf-8")
    (folder / "regions.yaml").write_text(text, encoding="utf-8")
    assert main(["extract", str(folder), "--data", str(tmp_path / "s")]) == 1
    err = capsys.readouterr().err
    assert f"{folder / 'regions.yaml'}: cannot be read (malformed YAML at line 1" in err
    assert "anchors and aliases are not allowed" in err and "Traceback" not in err
    assert list(open_store(tmp_path / "s").documents["doc"]) == ["ours.txt"]


def test_oversized_yaml_refused():
    with pytest.raises(yaml.YAMLError, match="over the limit"):
        yamlio.load("x: " + "y" * (yamlio.MAX_YAML_BYTES + 1))
