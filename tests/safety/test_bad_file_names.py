"""Bad file names: a name that is not UTF-8 (GBK bytes, as unzip leaves them from a Chinese
Windows archive) is stored safely and its article extracted, beside the good one."""

from __future__ import annotations

import json
import os

import pytest

from countybrief.cli import main
from countybrief.ingest import read_article
from countybrief.ingest.names import display_name, reopen_path, stored_path
from countybrief.store import open_store

OTHER = "大通区精准脱贫306户1012人。"


def _write_bytes_name(folder, name: bytes, text: str) -> str:
    """Create ``folder/name`` with a bytes path (no str can name it); its ``os.fsdecode``."""
    path = os.path.join(os.fsencode(folder), name)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        os.write(fd, text.encode("utf-8"))
    finally:
        os.close(fd)
    return os.fsdecode(path)


NAMES = [  # bytes of the name, as people should read it
    ("大通区.txt".encode("gbk"), "大通区.txt"),
    (b"\xff\xfe-report.txt", "\\xff\\xfe-report.txt"),  # not GB18030 either: escapes
]


@pytest.mark.parametrize("raw, shown", NAMES, ids=["gbk", "undecodable"])
def test_name_not_utf8_stored_and_extracted(folder, tmp_path, capsys, raw, shown):
    real = _write_bytes_name(folder, raw, OTHER)
    code = main(["extract", str(folder), "--data", str(tmp_path / "store")])
    err = capsys.readouterr().err
    assert code == 0, err
    assert "Traceback" not in err
    store = open_store(tmp_path / "store")
    assert sorted(store.documents["doc"]) == sorted(["good.txt", shown])
    facts = store.facts[store.facts["doc"] == shown]
    assert set(facts["region"]) == {"大通区"} and sorted(facts["value"]) == [306, 1012]
    path = store.documents.set_index("doc").loc[shown, "path"]
    path.encode("utf-8")  # valid UTF-8, whatever the name
    assert reopen_path(path) == type(reopen_path(path))(real)
    assert read_article(reopen_path(path)).text == OTHER


@pytest.mark.parametrize("raw, shown", NAMES, ids=["gbk", "undecodable"])
def test_name_not_utf8_in_jsonl(folder, capsysbinary, raw, shown):
    _write_bytes_name(folder, raw, OTHER)
    assert main(["extract", str(folder), "--jsonl"]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")  # strict: no raw GBK bytes
    docs = {json.loads(line)["doc"] for line in out.splitlines()}
    assert docs == {"good.txt", shown}


def test_unreadable_article_with_such_a_name_is_named_readably(folder, tmp_path, capsys):
    _write_bytes_name(folder, "空白.txt".encode("gbk"), "")
    code = main(["extract", str(folder), "--data", str(tmp_path / "store")])
    err = capsys.readouterr().err
    assert code == 1
    assert f"{folder}/空白.txt: is empty" in err
    assert list(open_store(tmp_path / "store").documents["doc"]) == ["good.txt"]


def test_name_forms():
    gbk = os.fsdecode("数据/大通区.txt".encode("gbk"))
    assert display_name("/raw/" + gbk) == "/raw/数据/大通区.txt"
    assert display_name("/raw/白银区.txt") == "/raw/白银区.txt"  # UTF-8 unchanged
    assert stored_path("/raw/白银区.txt") == "/raw/白银区.txt"
    stored = stored_path("/raw/" + gbk)
    stored.encode("utf-8")
    assert str(reopen_path(stored)) == "/raw/" + gbk
