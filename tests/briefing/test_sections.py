import re
import warnings

import pytest

from countybrief.briefing import Briefing, sections, theme
from countybrief.briefing.charts import briefing_charts
from countybrief.briefing.data import load_region, load_store
from countybrief.briefing.figures import headline_figures
from countybrief.errors import StoreError


def test_region_slice(baiyin, tongyu):
    assert baiyin.region.full_name == "甘肃省 · 白银市 · 白银区"
    assert set(baiyin.facts["adcode"]) == {"620402"}
    assert sorted(baiyin.documents["doc"]) == ["a.txt", "c.txt"]
    assert tongyu.region.adcode == "220822" and len(tongyu.facts) == 2
    assert baiyin.years == [2017]


def test_missing_store_and_raw_is_a_clear_error(tmp_path, store_dir):
    with pytest.raises(StoreError, match="neither extracted data nor raw articles"):
        load_store(tmp_path / "none", tmp_path / "no-raw")
    with pytest.raises(StoreError, match="no region '华州区'"):
        load_region("华州区", None, store_dir)


def test_headline_cards_pick_latest_value_and_mark_conflict(baiyin):
    cards = {h.indicator: h for h in headline_figures(baiyin.facts)}
    # fixed priority: exits, (poor population), incidence, (villages), funds; households top up
    assert list(cards) == ["poverty_exit_population", "poverty_incidence", "funds_invested",
                           "poverty_exit_households"]
    assert cards["poverty_exit_population"].text == "1,012人"
    hh = cards["poverty_exit_households"]
    assert "conflict" in hh.flags and hh.others == ["310户（另一篇报道）"]
    # the qualifier written in, and the article's month for a figure without a stated year
    assert cards["funds_invested"].text == "20余亿元" and "approx" in cards["funds_invested"].flags
    assert cards["funds_invested"].year_text == "累计（起止年份未说明） · 报道于2017-11"
    html = sections.headline(baiyin)
    assert "数据冲突" in html and "约数" in html and "1.32%" in html


def test_header_and_tables_escape_article_text(baiyin):
    baiyin.documents.loc[0, "title"] = '<script>alert("x")</script>'
    baiyin.facts.loc[0, "sentence"] = "<img src=x onerror=alert(1)>306户"
    html = "".join([
        sections.header(baiyin, notes=["<b>note</b>"]), sections.facts_table(baiyin),
        sections.sources(baiyin), sections.measures(baiyin), sections.quality(baiyin),
    ])
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x" in html
    assert "<b>note</b>" not in html and "&lt;b&gt;note&lt;/b&gt;" in html
    assert "甘肃省 · 白银市 · 白银区" in html and "620402" in html


def test_quality_section_in_plain_language(baiyin):
    html = sections.quality(baiyin)
    assert "缺失了数字" in html and "人均收入由年的元增加到年的.39元" in html
    assert "306户 [a.txt]、310户 [c.txt]" in html
    assert "屏蔽" in html and "约数" in html
    en = sections.quality(baiyin, "en")
    assert "digits were lost" in en and "different values" in en


def test_charts_skip_what_the_data_cannot_support(baiyin, tongyu):
    theme.apply_theme()
    assert [c.key for c in briefing_charts(baiyin.facts)] == ["indicators"]
    one = baiyin.facts.iloc[[2]]  # a single figure: no chart at all
    assert briefing_charts(one) == []
    tongyu_one = tongyu.facts.iloc[[0]]
    html = sections.charts(briefing_charts(tongyu_one))
    assert "数据不足" in html and "<img" not in html
    html = sections.charts(briefing_charts(tongyu.facts))
    assert html.count('src="data:image/svg+xml;base64,') == 1  # figures per indicator


def test_chart_fonts_are_cjk(baiyin):
    info = theme.apply_theme()
    assert info.font == "Noto Sans CJK SC", "fonts-noto-cjk missing"
    import matplotlib

    assert matplotlib.rcParams["font.sans-serif"][0] == "Noto Sans CJK SC"


def test_missing_cjk_font_warns_and_falls_back(monkeypatch):
    monkeypatch.setattr(theme, "cjk_font", lambda families=None: None)
    with pytest.warns(theme.FontWarning, match="fonts-noto-cjk"):
        info = theme.apply_theme(font_files=["/nonexistent/*.ttc"])
    assert info.font is None and info.warnings
    monkeypatch.undo()
    assert theme.apply_theme().font == "Noto Sans CJK SC"  # later charts get the CJK font again


def test_briefing_object_sections(store_dir):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        b = Briefing.load("通榆县", "220822", store_dir, None, title="通榆 <测试>", lang="en")
    header = b.header().data
    assert "通榆 &lt;测试&gt;" in header and "Division code" in header
    assert re.search(r"5,222 households", b.headline().data)
    for name in ("charts", "measures", "facts_table", "sources", "quality"):
        assert getattr(b, name)().data.strip().startswith("<section")
    with pytest.raises(ValueError, match="unsupported briefing language"):
        Briefing.load("通榆县", "220822", store_dir, lang="fr")


def test_quote_highlight_falls_back_to_its_number():
    from countybrief.briefing.sections import _split

    assert _split("累计投资20多亿元，建成", "20多亿元") == {"before": "累计投资", "quote": "20多亿元",
                                                      "after": "，建成"}
    assert _split("累计投资20多亿元，建成", "20多億元")["quote"] == "20多亿元"
    assert _split("没有数字", "5户") == {"before": "没有数字", "quote": "", "after": ""}
