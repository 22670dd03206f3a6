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
    keys = {"doc", "region", "adcode", "indicator", "value", "unit", "year", "since", "as_of",
            "scope", "part", "qualifier", "published", "flags", "sentence", "span", "spans",
            "corrected", "original"}
    assert all(set(r) == keys for r in rows)
    assert all(r["span"] in r["spans"] and r["scope"] in ("whole", "part") for r in rows)
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


def test_extract_jsonl_prints_an_article_saved_twice_once(tmp_path, capsys):
    text = "西峰区扶贫简报\n2018年西峰区减少贫困人口2345人，贫困发生率下降到0.87%。\n"
    for name in ("b-copy.txt", "a.txt", "c-again.txt"):
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert main(["extract", str(tmp_path), "--jsonl"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and {r["doc"] for r in rows} == {"a.txt"}  # the first by sorted path
    keys = [(r["indicator"], r["value"]) for r in rows]
    assert len(keys) == len(set(keys))


OURS = "今年以来，我县共有486户1530人实现稳定脱贫。"  # names no region


def _unassigned_corpus(tmp_path):
    folder = tmp_path / "articles"
    (folder / "county-site").mkdir(parents=True)
    (folder / "county-site" / "notice.txt").write_text(OURS, encoding="utf-8")
    (folder / "county-site" / "notice-copy.txt").write_text(OURS, encoding="utf-8")
    (folder / "named.txt").write_text("2018年西峰区减少贫困人口2345人。", encoding="utf-8")
    return folder


def _one_warning(err: str, folder) -> str:
    lines = [line for line in err.splitlines() if line.startswith("warning:")]
    assert len(lines) == 1, err  # the copy is the same article: said once
    line = lines[0]
    assert str(folder / "county-site" / "notice-copy.txt") in line  # first by sorted path
    assert "names no region" in line and "--region NAME" in line
    assert f"`notice-copy.txt: NAME` in {folder / 'county-site' / 'regions.yaml'}" in line
    return line


@pytest.mark.parametrize("jsonl", [False, True], ids=["store", "jsonl"])
def test_extract_warns_about_an_article_without_region_and_keeps_it(tmp_path, capsys, jsonl):
    folder = _unassigned_corpus(tmp_path)
    args = ["extract", str(folder), "--data", str(tmp_path / "s")] + (["--jsonl"] if jsonl else [])
    assert main(args) == 0
    out, err = capsys.readouterr()
    assert "2 figures are kept" in _one_warning(err, folder)
    if jsonl:
        rows = [json.loads(line) for line in out.splitlines()]
        ours = [r for r in rows if r["doc"] == "notice-copy.txt"]
    else:
        from countybrief.store import open_store
        facts = open_store(tmp_path / "s").facts
        ours = facts[facts["doc"] == "notice-copy.txt"].to_dict("records")
    assert len(ours) == 2 and all(r["region"] is None or r["region"] != r["region"] for r in ours)


def test_no_warning_once_a_region_is_assigned(tmp_path, capsys):
    folder = _unassigned_corpus(tmp_path)
    (folder / "county-site" / "regions.yaml").write_text("notice*.txt: 华州区\n", encoding="utf-8")
    assert main(["extract", str(folder), "--jsonl"]) == 0
    assert "warning:" not in capsys.readouterr().err
    assert main(["extract", str(folder / "county-site"), "--region", "西峰区", "--jsonl"]) == 0
    assert "warning:" not in capsys.readouterr().err


def test_build_warns_about_an_article_without_region(tmp_path, capsys):
    folder = _unassigned_corpus(tmp_path)
    (folder / "named.txt").unlink()  # nothing to render: build stops after params
    main(["build", str(folder), "--root", str(tmp_path), "--lang", "zh"])
    _one_warning(capsys.readouterr().err, folder)


def test_parser_builds():
    assert build_parser().prog == "countybrief"
