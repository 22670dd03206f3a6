import json
import subprocess
import sys

import pytest

from countybrief.cli import build_parser, main

COMMANDS = ("extract", "params", "render", "build")


def test_help_lists_every_command_with_a_description(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--help"])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    for name in COMMANDS:
        line = next(line for line in out.splitlines() if line.strip().startswith(name + " "))
        assert len(line.split(None, 1)[1]) > 10


def test_console_script_installed():
    out = subprocess.run([sys.executable, "-m", "countybrief.cli", "--version"],
                         capture_output=True, text=True, check=True).stdout
    assert out.startswith("countybrief ")


def test_render_without_regions_is_an_error(tmp_path, capsys):
    assert main(["render", "--params", str(tmp_path)]) == 2
    assert "use --all" in capsys.readouterr().err


def test_render_unknown_region_names_it(tmp_path, capsys):
    (tmp_path / "620402-白银区.yaml").write_text("region: 白银区\nadcode: '620402'\n", encoding="utf-8")
    code = main(["render", "华州区", "--params", str(tmp_path), "--output", str(tmp_path / "out")])
    assert code != 0
    assert "no parameters file for region '华州区'" in capsys.readouterr().err


def test_extract_jsonl_contract(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("白银区加快推进精准扶贫\n2017年白银区精准脱贫306户1012人,贫困发生率降至1.32%。\n",
                       encoding="utf-8")
    assert main(["extract", str(article), "--jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows
    keys = {"doc", "region", "adcode", "indicator", "value", "unit", "year", "flags", "sentence", "span"}
    assert all(set(r) == keys for r in rows)
    incidence = next(r for r in rows if r["indicator"] == "poverty_incidence")
    assert incidence["value"] == pytest.approx(1.32)
    assert incidence["region"] == "白银区" and incidence["adcode"] == "620402"
    raw = article.read_text(encoding="utf-8")
    assert "1.32" in raw[incidence["span"][0]:incidence["span"][1]]


def test_extract_reports_bad_file_and_keeps_others(tmp_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text("白银区精准脱贫306户1012人。", encoding="utf-8")
    code = main(["extract", str(tmp_path), "--data", str(tmp_path / "store")])
    err = capsys.readouterr().err
    assert code == 1
    assert "empty.txt" in err
    from countybrief.store import open_store
    assert list(open_store(tmp_path / "store").documents["doc"]) == ["good.txt"]


def test_parser_builds():
    assert build_parser().prog == "countybrief"
