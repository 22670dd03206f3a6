"""The command line (issue 13 #7): flags only where they act, choices listed and checked,
one --lang default, the status table aligned for Chinese names, no "0 of 0" after an error."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from countybrief.cli import build_parser, main
from countybrief.render.progress import display_width, summary_table

#: the folder flags each command takes (what it reads or writes)
FOLDERS = {
    "extract": {"--root", "--data"},
    "params": {"--root", "--data", "--params"},
    "render": {"--root", "--data", "--params", "--output"},
    "build": {"--root", "--data", "--params", "--output"},
}


def _options(command: str) -> set[str]:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command").choices[command]
    return set(sub._option_string_actions)


@pytest.mark.parametrize("command", sorted(FOLDERS))
def test_folder_flags_only_where_they_act(command):
    folders = {o for o in _options(command) if o in ("--root", "--data", "--params", "--output")}
    assert folders == FOLDERS[command]


@pytest.mark.parametrize("argv", [["extract", "--output", "x"], ["params", "--output", "x"],
                                  ["extract", "--params", "x"], ["params", "--formats", "html"],
                                  ["extract", "--lang", "zh"], ["init", "--data", "x"]])
def test_a_flag_of_another_command_is_refused(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "unrecognized arguments" in capsys.readouterr().err


def test_init_and_prune_and_replace_where_they_belong():
    assert "--prune" in _options("params") and "--prune" not in _options("render")
    assert "--replace" in _options("extract") and "--replace" in _options("build")
    assert "--replace" not in _options("render")


@pytest.mark.parametrize("command", ["render", "build"])
def test_help_lists_the_choices_and_one_lang_default(command, capsys):
    with pytest.raises(SystemExit):
        main([command, "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--lang {zh,en}" in out
    assert "default: the project's `languages`, zh and en" in out
    assert "from: html, pdf" in out


@pytest.mark.parametrize("value, words", [
    ("html,docx", "unknown format 'docx' (choose from html, pdf, comma-separated)"),
    ("htm", "unknown format 'htm' (did you mean 'html'? choose from html, pdf"),
    (",", "no format given"),
])
def test_formats_checked_against_the_known_ones(value, words, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["render", "--all", "--formats", value])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "argument --formats:" in err and words in err


def test_formats_parsed_in_order_without_repeats():
    args = build_parser().parse_args(["render", "--all", "--formats", " pdf, html,pdf"])
    assert args.formats == ("pdf", "html")


def test_render_and_build_share_the_lang_default(tmp_path, monkeypatch):
    """Without --lang both render every language of the project (zh and en by default)."""
    import countybrief.cli as cli

    seen = []
    monkeypatch.setattr(cli, "render_project", lambda project, regions, **kw: seen.append(kw["langs"]) or 0)
    monkeypatch.setattr(cli, "cmd_extract", lambda args: setattr(args, "stored", True) or 0)
    monkeypatch.setattr(cli, "cmd_params", lambda args: 0)
    assert main(["render", "--all", "--root", str(tmp_path)]) == 0
    assert main(["build", "--root", str(tmp_path)]) == 0
    assert main(["build", "--root", str(tmp_path), "--lang", "en"]) == 0
    assert [tuple(s) for s in seen] == [("zh", "en"), ("zh", "en"), ("en",)]


def _result(slug, status="rendered", lang="zh", error=None):
    return SimpleNamespace(slug=slug, lang=lang, status=status, ok=status != "failed",
                           error=error, failed_notebook=None, seconds=1.25)


def test_status_table_is_aligned_for_chinese_names():
    results = [_result("620402-白银区"), _result("230227-富裕县", "unchanged"),
               _result("152921-阿拉善左旗", "failed", error="boom"), _result("x", lang="en")]
    lines = summary_table(results).splitlines()
    rows = lines[:-1]
    # the status column starts at the same terminal column on every row
    words = ["status", "-", "failed", "rendered", "rendered", "unchanged"]
    assert len(rows) == len(words)
    starts = {display_width(line[:line.index("  " + word) + 2]) for line, word in zip(rows, words)}
    assert len(starts) == 1, lines
    assert rows[2].startswith("152921-阿拉善左旗 (zh)  failed")  # the widest label: no padding
    assert display_width("白银区") == 6 and display_width("abc") == 3
    assert lines[-1] == "2 rendered, 1 unchanged, 1 failed"


def test_status_table_rows_for_each_overview():
    ov = [SimpleNamespace(lang="zh", status="rendered", ok=True, error=None, failed_notebook=None,
                          seconds=2.0),
          SimpleNamespace(lang="en", status="failed", ok=False, error="bad", failed_notebook=None,
                          seconds=0.0)]
    table = summary_table([_result("620402-白银区")], overviews=ov)
    assert "overview (zh)" in table and "overview (en)" in table
    assert table.endswith("1 rendered, 0 unchanged, 0 failed; the overview FAILED (en)")


def test_no_count_line_after_an_error(tmp_path, capsys):
    """A region named that has no parameters file: the error, and no "0 of 0"."""
    (tmp_path / "parameters").mkdir()
    (tmp_path / "parameters" / "620402-白银区.yaml").write_text(
        "region: 白银区\nadcode: '620402'\n", encoding="utf-8")
    (tmp_path / "notebooks").mkdir()
    assert main(["render", "华州区", "--root", str(tmp_path), "--formats", "html"]) == 1
    err = capsys.readouterr().err
    assert "no parameters file for region '华州区'" in err
    assert "0 of 0" not in err and "briefings up to date" not in err
