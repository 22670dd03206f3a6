"""ingest.maintext: readability-lxml picks the article body, the walker keeps the offsets."""

from __future__ import annotations

import pytest

from countybrief.ingest import maintext, normalise
from countybrief.ingest.html import html_to_text
from countybrief.ingest.maintext import main_text
from countybrief.model import RawArticle

PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>青山县扎实推进产业帮扶_青山县人民政府</title>
<script>var n = "全县投入999万元";</script></head>
<body><div id="top" class="header"><a href="/">网站首页</a> <a href="/zw">政务公开</a> <a href="/fw">办事服务</a>
<a href="/hd">互动交流</a></div>
<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/xw">新闻动态</a></div>
<div class="article">
<h1>青山县扎实推进产业帮扶</h1>
<div class="info">发布时间：2020-05-18　来源：青山县农业农村局　【字体：大 中 小】</div>
<div class="content" id="zoom">
<p>　　今年以来，青山县围绕茶叶、食用菌两大主导产业，累计投入产业帮扶资金4260万元，覆盖贫困户3180户，户均增收2350元。</p>
<p>　　全县新建标准化茶园1.2万亩，培育农民专业合作社86个，其中由贫困户参股的合作社达到54个，带动贫困人口就近就业1730人。</p>
<p>　　下一步，青山县将继续加大投入，力争年底前实现有劳动能力的贫困户产业帮扶全覆盖。</p>
</div></div>
<div class="related"><h3>相关阅读</h3><ul>
<li><a href="/a1">青山县召开春季植树动员会</a></li>
<li><a href="/a2">青山县新增公益岗位880个</a></li>
<li><a href="/a3">青山县开展消费帮扶集中采购活动</a></li></ul></div>
<div class="footer">主办：青山县人民政府办公室　备案号：某ICP备00000000号</div>
</body></html>"""


def _page(text: str) -> RawArticle:
    return RawArticle(path="p.html", name="p.html", text=text, encoding="utf-8", media_type="text/html")


def test_body_kept_and_chrome_and_related_links_dropped():
    text, _ = main_text(PAGE)
    assert "4260万元" in text and "1730人" in text and "全覆盖。" in text
    for chrome in ("网站首页", "政务公开", "当前位置", "880个", "植树", "主办", "999"):
        assert chrome not in text, chrome


def test_offsets_point_into_the_source():
    text, origin = main_text(PAGE)
    assert len(text) == len(origin) and origin == sorted(origin)
    for i, ch in enumerate(text):
        if ch.strip():
            assert PAGE[origin[i]] == ch
    start = text.index("4260")
    assert PAGE[origin[start]:origin[start + 3] + 1] == "4260"


def test_title_date_and_source_still_read():
    n = normalise(_page(PAGE))
    assert n.metadata["title"] == "青山县扎实推进产业帮扶"
    assert n.metadata["published"] == "2020-05-18"
    assert n.metadata["outlet"] == "青山县农业农村局"
    assert "880" not in n.text and "覆盖贫困户3180户" in n.text


def test_library_failure_falls_back_to_the_walker(monkeypatch):
    import readability

    def broken(*args, **kwargs):
        raise readability.readability.Unparseable("boom")

    monkeypatch.setattr(readability, "Document", broken)
    assert main_text(PAGE) == html_to_text(PAGE)


@pytest.mark.parametrize("summary", [[], ["网站首页"], ["相关阅读", "青山县新增公益岗位880个"]])
def test_nothing_or_the_wrong_block_found_falls_back_to_the_walker(monkeypatch, summary):
    monkeypatch.setattr(maintext, "_summary_keys", lambda source: summary)
    assert main_text(PAGE) == html_to_text(PAGE)


def test_tiny_and_odd_pages():
    for page in ["<p>大通区精准脱贫306户1012人。</p>", "只有文字，没有标签。", "<html><body></body></html>",
                 "<div><p>未闭合的段落，脱贫1200户<div>", "<?xml version='1.0' encoding='gbk'?><p>脱贫1200户。</p>"]:
        text, origin = main_text(page)
        assert len(text) == len(origin)
        assert _strip(text) == _strip(html_to_text(page)[0])


def _strip(s: str) -> str:
    return "".join(s.split())


PARA = "<p>　　今年以来，青山县围绕茶叶、食用菌两大主导产业，累计投入产业帮扶资金{}万元，覆盖贫困户3180户。</p>"


def test_table_beside_the_body_is_kept():
    page = f"""<html><body><div class=nav><a href=/>首页</a><a href=/x>政务公开</a></div>
<div class="article"><h1>青山县产业帮扶</h1><div class="content">{PARA.format(4260)}{PARA.format(5100)}</div>
<div class="tbl"><table><tr><td>年份</td><td>脱贫户数</td></tr><tr><td>2018年</td><td>1200户</td></tr>
<tr><td>2019年</td><td>980户</td></tr></table></div>
<div class="content2"><p>　　全县新建标准化茶园1.2万亩，带动贫困人口就近就业1730人。</p></div></div>
<div class=footer>主办：青山县人民政府办公室</div></body></html>"""
    text, _ = main_text(page)
    assert "1200户" in text and "980户" in text and "1730人" in text
    assert "政务公开" not in text and "主办" not in text


def test_prose_left_out_by_the_library_falls_back_to_the_walker():
    page = f"""<html><body><div class="left"><div class="box">{PARA.format(4260)}<p>全县脱贫9000人。</p></div></div>
<div class="right"><div class="box"><p>　　全县新建标准化茶园1.2万亩，培育农民专业合作社86个，其中由贫困户参股的合作社
达到54个，带动贫困人口就近就业1730人。</p></div></div></body></html>"""
    assert main_text(page) == html_to_text(page)
