"""File names carrying terminal escape sequences (or bidi overrides, or bytes of no
encoding) are printed escaped in every message, never sent to the terminal raw."""

from __future__ import annotations

import os

import pytest

from countybrief.cli import main
from countybrief.errors import InputError, escape_text, shown

RED, CLEAR = "\x1b[31m", "\x1b[2J"


@pytest.mark.parametrize("raw, printed", [
    (f"a{RED}b.txt", "a\\x1b[31mb.txt"),
    ("a\x07\rb", "a\\x07\\rb"),
    ("evil\u202etxt.exe", "evil\\u202etxt.exe"),
    ("bad\udcffbyte", "bad\\udcffbyte"),
    ("line\nbreak", "line\\nbreak"),
    ("白银区　报告.txt", "白银区　报告.txt"),  # ideographic space and CJK kept
])
def test_shown_escapes_control_characters(raw, printed):
    assert shown(raw) == printed
    assert str(InputError(raw, "problem")).startswith(printed + ": ")


def test_log_keeps_newlines_only():
    assert escape_text(f"x{RED}\ny", keep_newlines=True) == "x\\x1b[31m\ny"


def test_escape_sequences_in_file_names_reach_no_terminal(tmp_path, capsys):
    folder = tmp_path / f"dir{CLEAR}"
    folder.mkdir()
    (folder / f"a{RED}unnamed.txt").write_text("我县精准脱贫306户1012人。", encoding="utf-8")
    (folder / f"b{CLEAR}empty.txt").write_bytes(b"")
    assert main(["extract", str(folder), "--data", str(tmp_path / "s")]) == 1
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert "dir\\x1b[2J" in err and "a\\x1b[31munnamed.txt" in err  # the warning
    assert "b\\x1b[2Jempty.txt" in err  # the error


@pytest.mark.skipif(os.name != "posix", reason="bytes file names")
def test_undecodable_file_name_is_printed(tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/bad\xffname.txt", "wb") as fh:
        fh.write(b"")
    assert main(["extract", str(folder), "--data", str(tmp_path / "s")]) == 1
    err = capsys.readouterr().err
    assert "bad\\udcffname.txt" in err or "bad\\xffname.txt" in err
    assert "\udcff" not in err
