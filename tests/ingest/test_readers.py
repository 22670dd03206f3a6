"""ingest.readers: finding files, decoding, refusing what is not an article."""

from __future__ import annotations

import codecs

import pytest

from countybrief.errors import ArticleError
from countybrief.ingest import MAX_ARTICLE_BYTES, iter_article_paths, read_article
from countybrief.ingest import readers

SIMPLIFIED = "某县今年共投入扶贫资金3200万元，帮助贫困户1200户脱贫，贫困发生率降至2.1%。"
TRADITIONAL = "某縣今年共投入扶貧資金3200萬元，幫助貧困戶1200戶脫貧，貧困發生率降至2.1%。"


@pytest.mark.parametrize("encoding,text,expected", [
    ("gbk", SIMPLIFIED, "gb18030"),
    ("gb18030", SIMPLIFIED, "gb18030"),
    ("big5", TRADITIONAL, "big5"),
])
def test_legacy_chinese_encodings(tmp_path, encoding, text, expected):
    p = tmp_path / f"a_{encoding}.txt"
    p.write_bytes(text.encode(encoding))
    art = read_article(p)
    assert art.text == text
    assert art.encoding.replace("_", "").startswith(expected.replace("_", ""))


def test_utf8_bom_and_plain(tmp_path):
    p = tmp_path / "bom.txt"
    p.write_bytes(codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"))
    art = read_article(p)
    assert art.text == SIMPLIFIED and art.encoding == "utf-8-sig"
    q = tmp_path / "plain.txt"
    q.write_text(SIMPLIFIED, encoding="utf-8")
    assert read_article(q).encoding == "utf-8"


@pytest.mark.parametrize("bom_encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_with_bom(tmp_path, bom_encoding):
    bom = codecs.BOM_UTF16_LE if bom_encoding.endswith("le") else codecs.BOM_UTF16_BE
    p = tmp_path / "u16.txt"
    p.write_bytes(bom + SIMPLIFIED.encode(bom_encoding))
    art = read_article(p)
    assert art.text == SIMPLIFIED
    assert art.encoding == "utf-16"


@pytest.mark.parametrize("order", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [SIMPLIFIED, TRADITIONAL, "进一步推进一二三", "Annual report 2019\n"])
def test_utf16_without_bom(tmp_path, order, text):
    p = tmp_path / "u16.txt"
    p.write_bytes(text.encode(order))
    art = read_article(p)
    assert (art.text, art.encoding) == (text, order)


def test_utf16_without_bom_cut_off_is_read_up_to_the_cut():
    data = SIMPLIFIED.encode("utf-16-le")[:-1]
    assert readers.decode_bytes(data, "x.txt") == (SIMPLIFIED[:-1], "utf-16-le (truncated)")


def test_nul_bytes_like_utf16_but_unreadable_say_how_to_resave(tmp_path):
    p = tmp_path / "odd.txt"
    p.write_bytes("2019년 보고서 내용\n".encode("utf-16-le") * 5)  # UTF-16, but not Chinese or ASCII
    with pytest.raises(ArticleError) as e:
        read_article(p)
    msg = str(e.value)
    assert "odd.txt" in msg and "UTF-16-LE" in msg and "without a byte-order mark" in msg
    assert "re-save it as UTF-8" in msg


def test_empty_file_names_the_file(tmp_path):
    p = tmp_path / "empty_article.txt"
    p.write_bytes(b"  \n\n ")
    with pytest.raises(ArticleError) as e:
        read_article(p)
    assert "empty_article.txt" in str(e.value) and "empty" in str(e.value)


@pytest.mark.parametrize("data,kind", [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "PNG"),
    (b"\xff\xd8\xff\xe0" + b"\x00" * 40, "JPEG"),
    (b"abc\x00def\x00" * 10, "NUL"),
])
def test_binary_file_refused(tmp_path, data, kind):
    p = tmp_path / "picture.txt"
    p.write_bytes(data)
    with pytest.raises(ArticleError) as e:
        read_article(p)
    assert "picture.txt" in str(e.value) and kind in str(e.value)


def test_undecodable_bytes_refused(tmp_path):
    p = tmp_path / "garbage.txt"
    p.write_bytes(bytes(range(128, 256)) * 3 + b"\x81\x30\xff\xfe\x80" * 20)
    with pytest.raises(ArticleError) as e:
        read_article(p)
    assert "garbage.txt" in str(e.value)


def test_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_ARTICLE_BYTES", 100)
    p = tmp_path / "huge.txt"
    p.write_text(SIMPLIFIED * 10, encoding="utf-8")
    with pytest.raises(ArticleError) as e:
        read_article(p)
    assert "huge.txt" in str(e.value) and "too large" in str(e.value)
    assert MAX_ARTICLE_BYTES == 20 * 1024 * 1024


def test_media_type_from_suffix_and_sniffing(tmp_path):
    (tmp_path / "a.html").write_text("<html><body><p>正文</p></body></html>", encoding="utf-8")
    (tmp_path / "b.md").write_text("# 标题\n正文", encoding="utf-8")
    (tmp_path / "c.txt").write_text("<!DOCTYPE html><html><p>正文</p></html>", encoding="utf-8")
    assert read_article(tmp_path / "a.html").media_type == "text/html"
    assert read_article(tmp_path / "b.md").media_type == "text/markdown"
    assert read_article(tmp_path / "c.txt").media_type == "text/html"


def test_iter_article_paths(tmp_path):
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    for name in ["b.txt", "a.html", "sub/c.htm", "sub/deeper/d.md", "sub/skip.pdf", "sub/.hidden.txt"]:
        (tmp_path / name).write_text("正文", encoding="utf-8")
    found = iter_article_paths([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.html", "b.txt", "sub/c.htm", "sub/deeper/d.md"]
    assert iter_article_paths([tmp_path / "b.txt", tmp_path]) == found  # no duplicates, sorted
    with pytest.raises(ArticleError) as e:
        iter_article_paths([tmp_path / "missing"])
    assert "missing" in str(e.value)


# so short that charset-normalizer 3.x guesses Big5 when it is not declared
SHORT_PAGE = "{decl}<p>脱贫户</p>"


@pytest.mark.parametrize("decl", [
    '<meta charset="gbk">',
    "<META HTTP-EQUIV='Content-Type' CONTENT='text/html; charset=GB2312'>",
    '<meta http-equiv="content-type" content="text/html;charset=x-gbk" />',
])
def test_declared_gbk_wins_over_a_wrong_guess(tmp_path, decl):
    page = SHORT_PAGE.format(decl=decl)
    p = tmp_path / "declared.html"
    p.write_bytes(page.encode("gbk"))
    art = read_article(p)
    assert art.text == page and art.encoding == "gb18030"


def test_xml_declaration_read():
    page = '<?xml version="1.0" encoding="GB2312"?>\n<html><body><p>脱贫户</p></body></html>'
    assert readers.decode_bytes(page.encode("gbk"), "x.html") == (page, "gb18030")


def test_gb18030_only_characters_in_a_page_declared_gbk():
    page = '<meta charset="gbk"><p>' + SIMPLIFIED + "𠀀€</p>"  # outside GBK, inside GB18030
    assert readers.decode_bytes(page.encode("gb18030"), "x.html") == (page, "gb18030")


@pytest.mark.parametrize("declared, encoding, text, expected", [
    ("big5", "gbk", SIMPLIFIED, "gb18030"),  # decodes as Big5, but to nonsense
    ("gbk", "big5", TRADITIONAL, "big5"),
    ("utf-8", "gbk", SIMPLIFIED, "gb18030"),  # not valid UTF-8
    ("shift_jis", "gbk", SIMPLIFIED, "gb18030"),  # not a Chinese encoding: ignored
    ("no-such-codec", "gbk", SIMPLIFIED, "gb18030"),
])
def test_wrong_declaration_falls_back_to_detection(declared, encoding, text, expected):
    page = f'<html><head><meta charset="{declared}"></head><body><p>{text}</p></body></html>'
    decoded, enc = readers.decode_bytes(page.encode(encoding), "x.html")
    assert decoded == page and enc.replace("_", "").startswith(expected)


@pytest.mark.parametrize("head, expected", [
    (b'<meta charset="GBK">', "gb18030"),
    (b"<meta charset=gb2312>", "gb18030"),
    (b'<meta http-equiv="Content-Type" content="text/html; charset=GB18030">', "gb18030"),
    (b"<?xml version='1.0' encoding='big5'?>", "big5hkscs"),
    (b'<meta charset="utf-8">', "utf-8"),
    (b"<meta name=description content=charset>", None),
    (b"<p>charset=gbk</p>", None),
    (b" " * 5000 + b'<meta charset="gbk">', None),  # past the head
])
def test_declared_encoding(head, expected):
    assert readers.declared_encoding(head) == expected


@pytest.mark.parametrize("name, kind", [
    ("regions.yaml", "a YAML file"), ("facts.json", "a JSON file"), ("photo.JPG", "an image"),
    ("chart.png", "an image"), ("report.pdf", "a PDF document"), ("notes.docx", "a word-processor document"),
    ("page.shtml", "a .shtml file"), ("README", "a file without a suffix"),
])
def test_named_file_that_is_no_article_refused(tmp_path, name, kind):
    p = tmp_path / name
    p.write_text(SIMPLIFIED, encoding="utf-8")  # even when its bytes are text
    assert iter_article_paths([p]) == [p]  # listed, so that the refusal names it
    with pytest.raises(ArticleError) as e:
        read_article(p)
    msg = str(e.value)
    assert msg.startswith(f"{p}: not an article: {kind}; countybrief reads .txt, .html/.htm and .md")


def test_folders_skip_files_that_are_no_articles(tmp_path):
    for name in ["a.txt", "regions.yaml", "gold.json", "photo.jpg", "scan.pdf", "b.HTM"]:
        (tmp_path / name).write_text(SIMPLIFIED, encoding="utf-8")
    assert [p.name for p in iter_article_paths([tmp_path])] == ["a.txt", "b.HTM"]
    assert read_article(tmp_path / "b.HTM").media_type == "text/html"
