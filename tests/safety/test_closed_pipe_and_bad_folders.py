"""The command line's plumbing: a reader that closes the pipe early, a file where a folder
is expected, a system error: each a short message or a quiet exit, never a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from countybrief.cli import main
from countybrief.store import open_store

ARTICLE = "2019年，白银区精准脱贫306户1012人，贫困发生率下降到0.9%。"


def _articles(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    return folder


def test_reader_closing_the_pipe_ends_jsonl_quietly(tmp_path):
    """`countybrief extract --jsonl | head -1`: the read end is closed before the first
    line is written, so the first write fails with EPIPE."""
    proc = subprocess.Popen([sys.executable, "-m", "countybrief.cli", "extract", "--jsonl",
                             str(_articles(tmp_path))],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141, err
    assert "Traceback" not in err and "BrokenPipe" not in err and "Exception ignored" not in err


def test_broken_pipe_in_process(tmp_path, capsys, monkeypatch):
    class Closed:
        def write(self, _):
            raise BrokenPipeError(32, "Broken pipe")

        def flush(self):
            raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(sys, "stdout", Closed())
    assert main(["extract", "--jsonl", str(_articles(tmp_path))]) == 141
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("option", ["--output", "--data", "--params"])
def test_file_given_as_a_folder_is_named(tmp_path, capsys, option):
    target = tmp_path / "a-file"
    target.write_text("keep me", encoding="utf-8")
    code = main(["render", "--all", "--root", str(tmp_path), option, str(target)])
    err = capsys.readouterr().err
    assert code == 2, err
    assert f"error: {target}: is a file, not a folder (give {option} a folder" in err
    assert "Traceback" not in err and "FileExistsError" not in err
    assert target.read_text(encoding="utf-8") == "keep me"


def test_extract_never_replaces_a_file_given_as_data(tmp_path, capsys):
    target = tmp_path / "a-file"
    target.write_text("keep me", encoding="utf-8")
    assert main(["extract", str(_articles(tmp_path)), "--data", str(target)]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "keep me"


def test_system_error_named_without_traceback(tmp_path, capsys, monkeypatch):
    import countybrief.store.parquet as parquet

    def refuse(*_a, **_k):
        raise PermissionError(13, "Permission denied", str(tmp_path / "s"))

    monkeypatch.setattr(parquet, "write_tables", refuse)
    monkeypatch.setattr("countybrief.store.write_tables", refuse, raising=False)
    monkeypatch.setattr(parquet, "build_tables", lambda ex: {})
    assert main(["extract", str(_articles(tmp_path)), "--data", str(tmp_path / "s")]) == 2
    err = capsys.readouterr().err
    assert f"error: {tmp_path / 's'}: Permission denied" in err and "Traceback" not in err
    with pytest.raises(Exception):
        open_store(tmp_path / "s")
