"""Links and special files in article folders: FIFOs, devices, dangling links, link loops
and links out of the folders given are reported by name, never followed out of the folder
(unless ``--follow-links``) and never block; the good article beside them is extracted."""

from __future__ import annotations

import os
import threading

import pytest

from countybrief.cli import main
from countybrief.store import open_store

from .conftest import GOOD
SECRET = "大通区精准脱贫777户2024人。-----BEGIN OPENSSH PRIVATE KEY-----"

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX file types")


@pytest.fixture
def outside(tmp_path):
    home = tmp_path / "home" / ".ssh"
    home.mkdir(parents=True)
    (home / "id_rsa").write_text(SECRET, encoding="utf-8")
    return home / "id_rsa"


def _run(args, capsys, timeout=60):
    """``main(args)`` in a thread: a run that blocks (on a FIFO) fails instead of hanging."""
    result = {}
    worker = threading.Thread(target=lambda: result.update(code=main(args)), daemon=True)
    worker.start()
    worker.join(timeout)
    assert not worker.is_alive(), "extract blocked"
    return result["code"], capsys.readouterr().err


def _extract(paths, tmp_path, capsys, *extra):
    code, err = _run(["extract", *map(str, paths), "--data", str(tmp_path / "store"), *extra], capsys)
    assert "Traceback" not in err
    return code, err, open_store(tmp_path / "store")


def _line(err, name):
    return next(line for line in err.splitlines() if name in line)


def _good_only(store):
    assert list(store.documents["doc"]) == ["good.txt"]
    assert len(store.facts) == 3


# name, how to make it inside the folder, words of its warning
SPECIAL = [
    ("fifo.txt", lambda p: os.mkfifo(p), ["FIFO (named pipe)", "skipped"]),
    ("dangling.txt", lambda p: os.symlink("missing.txt", p), ["link to 'missing.txt'", "does not exist"]),
    ("zero.txt", lambda p: os.symlink(os.devnull, p), ["link to a character device", "skipped"]),
    ("loop.txt", lambda p: os.symlink(p.name, p), ["symbolic link loop"]),
    ("ping.txt", lambda p: (os.symlink("pong.txt", p), os.symlink("ping.txt", p.with_name("pong.txt"))),
     ["symbolic link loop"]),
    ("old", lambda p: os.symlink("gone", p), ["link to 'gone'", "does not exist"]),  # a folder once
]
IDS = [s[0] for s in SPECIAL]


@pytest.mark.parametrize("name, make, words", SPECIAL, ids=IDS)
def test_special_entry_in_folder_reported_and_others_kept(folder, tmp_path, capsys, name, make, words):
    make(folder / name)
    code, err, store = _extract([folder], tmp_path, capsys)
    assert code == 0, err
    line = _line(err, f"{folder / name}:")
    assert line.startswith("warning: ")
    for word in words:
        assert word in line
    _good_only(store)


@pytest.mark.parametrize("name, make, words", SPECIAL[:5], ids=IDS[:5])
def test_special_entry_named_reported_and_others_kept(folder, tmp_path, capsys, name, make, words):
    make(folder / name)
    code, err, store = _extract([folder / name, folder / "good.txt"], tmp_path, capsys)
    assert code == 1
    line = _line(err, f"{folder / name}:")
    assert line.startswith("error: ")
    assert "no such file" not in line
    for word in [w for w in words if w != "skipped"]:
        assert word in line
    _good_only(store)


def test_link_out_of_the_folder_not_followed(folder, outside, tmp_path, capsys):
    os.symlink(outside, folder / "notes.txt")
    code, err, store = _extract([folder], tmp_path, capsys)
    assert code == 0, err
    line = _line(err, "notes.txt")
    assert line.startswith("warning: ")
    assert f"{folder / 'notes.txt'}: is a link to the file {outside}" in line
    assert "not followed" in line and "--follow-links" in line
    _good_only(store)
    assert "OPENSSH" not in "".join(store.documents["text"])


def test_link_to_a_folder_out_of_the_folder_not_followed(folder, outside, tmp_path, capsys):
    os.symlink(outside.parent, folder / "keys")
    code, err, store = _extract([folder], tmp_path, capsys)
    assert code == 0, err
    assert "is a link to the folder" in _line(err, f"{folder / 'keys'}:")
    _good_only(store)


def test_link_out_followed_when_asked(folder, outside, tmp_path, capsys):
    os.symlink(outside, folder / "notes.txt")
    code, err, store = _extract([folder], tmp_path, capsys, "--follow-links")
    assert code == 0, err
    assert "notes.txt" not in err
    assert sorted(store.documents["doc"]) == ["good.txt", "notes.txt"]


def test_followed_folder_links_that_loop_end(folder, tmp_path, capsys):
    other = tmp_path / "other"
    other.mkdir()
    (other / "more.txt").write_text("大通区精准脱贫306户1012人。", encoding="utf-8")
    os.symlink(folder, other / "back")  # other/back -> articles, articles/other -> other
    os.symlink(other, folder / "other")
    code, err, store = _extract([folder], tmp_path, capsys, "--follow-links")
    assert code == 0, err
    assert sorted(store.documents["doc"]) == ["good.txt", "more.txt"]


def test_links_inside_the_folder_are_read(folder, tmp_path, capsys):
    sub = folder / "2019"
    sub.mkdir()
    (sub / "report.txt").write_text("大通区精准脱贫306户1012人。", encoding="utf-8")
    os.symlink(sub / "report.txt", folder / "latest.txt")
    os.symlink(sub, folder / "current")  # walked once, where it is
    code, err, store = _extract([folder], tmp_path, capsys)
    assert code == 0, err
    assert "warning" not in err
    assert sorted(store.documents["doc"]) == ["good.txt", "report.txt"]  # latest.txt: the same text


def test_link_named_on_the_command_line_is_followed(folder, outside, tmp_path, capsys):
    os.symlink(outside, tmp_path / "notes.txt")
    code, err, store = _extract([tmp_path / "notes.txt", folder], tmp_path, capsys)
    assert code == 0, err
    assert sorted(store.documents["doc"]) == ["good.txt", "notes.txt"]


def test_fifo_swapped_in_after_the_scan_does_not_block(folder, tmp_path, capsys, monkeypatch):
    import countybrief.ingest as ingest

    (folder / "late.txt").write_text(GOOD, encoding="utf-8")
    scan = ingest.scan_articles([folder])
    (folder / "late.txt").unlink()
    os.mkfifo(folder / "late.txt")
    monkeypatch.setattr(ingest, "scan_articles", lambda paths, **kw: scan)
    code, err, store = _extract([folder], tmp_path, capsys)
    assert code == 1
    assert "FIFO (named pipe)" in _line(err, "late.txt")
    _good_only(store)


def test_build_has_follow_links():
    from countybrief.cli import build_parser

    for command in ("extract", "build"):
        assert build_parser().parse_args([command, "--follow-links"]).follow_links
        assert not build_parser().parse_args([command]).follow_links
