"""Bad articles: each gets a clear error naming the file (or is read correctly), and the
good article beside it is still extracted."""

from __future__ import annotations

import pytest

from countybrief.cli import main
from countybrief.ingest import MAX_ARTICLE_BYTES
from countybrief.store import open_store

GOOD = "白银区精准脱贫306户1012人，贫困发生率降至1.32%。"


def _extract(folder, capsys):
    code = main(["extract", str(folder), "--data", str(folder.parent / "store")])
    return code, capsys.readouterr().err, open_store(folder.parent / "store")


def _corpus(tmp_path, name: str, data: bytes):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    (folder / name).write_bytes(data)
    return folder


# name, bytes, words the error must contain
REFUSED = [
    ("empty.txt", b"", ["empty.txt", "is empty"]),
    ("bom-only.txt", b"\xef\xbb\xbf\r\n", ["bom-only.txt", "is empty"]),
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20, ["photo.txt", "PNG image"]),
    ("photo.jpg.txt", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 20, ["photo.jpg.txt", "not a text article"]),
    ("noise.txt", bytes(range(128, 256)) * 40, ["noise.txt", "re-save the file as UTF-8"]),
    ("utf16-not-chinese.txt", "2019년 보고서\n".encode("utf-16-le") * 20,
     ["utf16-not-chinese.txt", "UTF-16-LE text without a byte-order mark", "re-save it as UTF-8"]),
]


@pytest.mark.parametrize("name, data, words", REFUSED, ids=[r[0] for r in REFUSED])
def test_unreadable_article_named_and_others_kept(tmp_path, capsys, name, data, words):
    code, err, store = _extract(_corpus(tmp_path, name, data), capsys)
    assert code == 1
    line = next(line for line in err.splitlines() if name in line)
    for word in words:
        assert word in line
    assert list(store.documents["doc"]) == ["good.txt"]
    assert len(store.facts) == 3


READ = [
    ("gbk.txt", GOOD.replace("白银区", "大通区").encode("gbk"), "大通区"),
    ("big5.txt", "大通區精準脫貧306戶1012人，貧困發生率降至1.32%。".encode("big5"), "大通区"),
    ("utf16.txt", GOOD.replace("白银区", "大通区").encode("utf-16"), "大通区"),
    ("utf16le-no-bom.txt", GOOD.replace("白银区", "大通区").encode("utf-16-le"), "大通区"),
    ("utf16be-no-bom.txt", GOOD.replace("白银区", "大通区").encode("utf-16-be"), "大通区"),
    ("truncated.txt", GOOD.replace("白银区", "大通区").encode("utf-8") + "贫".encode("utf-8")[:2], "大通区"),
]


@pytest.mark.parametrize("name, data, region", READ, ids=[r[0] for r in READ])
def test_undeclared_encodings_and_truncation_are_read(tmp_path, capsys, name, data, region):
    code, err, store = _extract(_corpus(tmp_path, name, data), capsys)
    assert code == 0, err
    facts = store.facts[store.facts["doc"] == name]
    assert set(facts["region"]) == {region}
    assert sorted(facts["value"]) == pytest.approx([1.32, 306, 1012])


def test_oversized_file_refused_without_reading_it(tmp_path, capsys, monkeypatch):
    folder = _corpus(tmp_path, "huge.txt", b"")
    with open(folder / "huge.txt", "wb") as fh:  # sparse: 100 MB on paper, nothing on disk
        fh.truncate(100 * 1024 * 1024)
    import pathlib

    real = pathlib.Path.read_bytes

    def guarded(self):
        assert self.name != "huge.txt", "the oversized file was read into memory"
        return real(self)

    monkeypatch.setattr(pathlib.Path, "read_bytes", guarded)
    code, err, store = _extract(folder, capsys)
    assert code == 1
    assert "huge.txt" in err and "too large" in err and f"{MAX_ARTICLE_BYTES:,}" in err
    assert list(store.documents["doc"]) == ["good.txt"]


def test_named_files_that_are_no_articles_refused_and_others_kept(tmp_path, capsys):
    folder = _corpus(tmp_path, "regions.yaml", "good.txt: 白银区\n".encode())
    (folder / "facts.json").write_text("{}", encoding="utf-8")
    (folder / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    named = ["regions.yaml", "facts.json", "chart.png", "scan.pdf", "good.txt"]
    code = main(["extract", *(str(folder / n) for n in named), "--data", str(tmp_path / "store")])
    err = capsys.readouterr().err
    assert code == 1
    for name, kind in [("regions.yaml", "a YAML file"), ("facts.json", "a JSON file"),
                       ("chart.png", "an image"), ("scan.pdf", "a PDF document")]:
        line = next(line for line in err.splitlines() if name in line)
        assert f"{folder / name}: not an article: {kind}; countybrief reads .txt, .html/.htm and .md" in line
    store = open_store(tmp_path / "store")
    assert list(store.documents["doc"]) == ["good.txt"] and len(store.facts) == 3


def test_files_that_are_no_articles_skipped_silently_in_folders(tmp_path, capsys):
    folder = _corpus(tmp_path, "regions.yaml", "good.txt: 白银区\n".encode())
    (folder / "facts.json").write_text("{}", encoding="utf-8")
    (folder / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    code, err, store = _extract(folder, capsys)
    assert code == 0, err
    assert "regions.yaml" not in err and "facts.json" not in err and "chart.png" not in err
    assert list(store.documents["doc"]) == ["good.txt"] and len(store.facts) == 3


def test_gbk_page_declaring_its_charset(tmp_path, capsys):
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            "<title>大通区脱贫</title></head><body><p>大通区精准脱贫３０６户１０１２人。</p></body></html>")
    code, err, store = _extract(_corpus(tmp_path, "page.html", page.encode("gbk")), capsys)
    assert code == 0, err
    doc = store.documents.set_index("doc").loc["page.html"]
    assert doc["encoding"] == "gb18030"
    assert sorted(store.facts[store.facts["doc"] == "page.html"]["value"]) == [306, 1012]


def test_html_scripts_and_styles_are_not_text(tmp_path, capsys):
    html = ("<html><head><style>body{color:red} .x{}</style><script>var a='大通区脱贫999户';</script>"
            "</head><body><p>大通区精准脱贫306户1012人。</p><script>alert(1)</script></body></html>")
    code, err, store = _extract(_corpus(tmp_path, "page.html", html.encode()), capsys)
    assert code == 0, err
    doc = store.documents.set_index("doc").loc["page.html"]
    assert "alert" not in doc["text"] and "color:red" not in doc["text"] and "999" not in doc["text"]
    assert sorted(store.facts[store.facts["doc"] == "page.html"]["value"]) == [306, 1012]


def test_page_without_figures_is_kept_without_facts(tmp_path, capsys):
    code, err, store = _extract(
        _corpus(tmp_path, "meeting.txt", "白银区召开扶贫工作会议，部署下一阶段工作。".encode()), capsys)
    assert code == 0, err
    assert "meeting.txt" in set(store.documents["doc"])
    assert store.facts[store.facts["doc"] == "meeting.txt"].empty


def test_page_naming_no_region_is_flagged(tmp_path, capsys):
    code, err, store = _extract(_corpus(tmp_path, "ours.txt", "我县今年精准脱贫306户1012人。".encode()), capsys)
    assert code == 0, err
    facts = store.facts[store.facts["doc"] == "ours.txt"]
    assert len(facts) == 2
    assert facts["region"].isna().all()
    assert all("region_unresolved" in f for f in facts["flags"])


def test_region_can_be_assigned_on_the_command_line(tmp_path, capsys):
    article = tmp_path / "ours.txt"
    article.write_text("我区今年精准脱贫306户1012人。", encoding="utf-8")
    assert main(["extract", str(article), "--region", "华州区", "--data", str(tmp_path / "s")]) == 0
    facts = open_store(tmp_path / "s").facts
    assert set(facts["region"]) == {"华州区"}
    assert not any("region_unresolved" in f for f in facts["flags"])


def test_unknown_region_override_is_named(tmp_path, capsys):
    article = tmp_path / "ours.txt"
    article.write_text("我区今年精准脱贫306户1012人。", encoding="utf-8")
    assert main(["extract", str(article), "--region", "不存在区", "--jsonl"]) != 0
    assert "不存在区" in capsys.readouterr().err


def test_same_article_twice_counted_once(tmp_path, capsys):
    folder = _corpus(tmp_path, "copy-of-good.txt", GOOD.encode("utf-8"))
    code, err, store = _extract(folder, capsys)
    assert code == 0, err
    assert len(store.documents) == 1
    assert len(store.facts) == 3
    assert list(store.documents.iloc[0]["duplicates"]) == ["good.txt"] or \
        list(store.documents.iloc[0]["duplicates"]) == ["copy-of-good.txt"]


def test_file_that_disappears_mid_run(tmp_path, capsys, monkeypatch):
    folder = _corpus(tmp_path, "gone.txt", GOOD.encode("utf-8"))
    import countybrief.ingest as ingest

    listed = ingest.scan_articles([folder])
    (folder / "gone.txt").unlink()
    monkeypatch.setattr(ingest, "scan_articles", lambda paths, **kw: listed)
    code, err, store = _extract(folder, capsys)
    assert code == 1
    assert "gone.txt" in err and "no such file" in err
    assert list(store.documents["doc"]) == ["good.txt"]


def test_run_reading_no_article_leaves_the_store_as_it_was(tmp_path, capsys):
    folder = _corpus(tmp_path, "empty.txt", b"")
    code, _err, before = _extract(folder, capsys)
    assert code == 1 and list(before.documents["doc"]) == ["good.txt"]
    (folder / "good.txt").write_bytes(b"")  # now every article of the run fails
    code, err, after = _extract(folder, capsys)
    assert code == 1
    assert "no article could be read" in err and str(tmp_path / "store") in err
    assert list(after.documents["doc"]) == ["good.txt"] and len(after.facts) == 3
