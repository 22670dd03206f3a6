"""The structure a reader relies on: themes present only with data, cards matching the
data, links from every figure to its source sentence, an English edition without
Chinese headings, and region names in pinyin."""

import re

import pandas as pd

from countybrief.briefing.format import fmt_card_when
import pytest

from countybrief.briefing import Briefing, sections
from countybrief.briefing.figures import headline_figures
from countybrief.briefing.names import bilingual, english_name, full_name, pinyin
from countybrief.briefing.text import strings
from countybrief.briefing.themes import by_theme, load_themes, theme_of
from countybrief.catalogue import load_catalogue

CJK = re.compile(r"[\u3400-\u9fff]")


def _headings(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h).strip()
            for h in re.findall(r"<h[1-3][^>]*>(.*?)</h[1-3]>", html, re.S)]


def test_every_catalogue_indicator_has_one_theme():
    themes = load_themes()
    listed = [i for t in themes for i in t.indicators]
    assert len(listed) == len(set(listed)), "an indicator is in two themes"
    assert set(load_catalogue()) <= set(listed)
    assert theme_of("students_aided").id == "education"
    assert theme_of("no_such_indicator").id == "other"
    for t in themes:
        assert t.zh and t.en and not CJK.search(t.en)


def test_themes_with_data_are_shown_and_empty_ones_left_out(baiyin, tongyu):
    html = sections.themes(baiyin)
    shown = {t.id for t, _ in by_theme(baiyin.facts)}
    assert shown == {"outcomes", "funds"}
    for t in load_themes():
        assert (f'id="theme-{t.id}"' in html) == (t.id in shown)
        assert (f"<h3>{t.zh}</h3>" in html) == (t.id in shown)
    # 通榆县: relocation only, households and people -> one table, and no chart: households
    # and people are never drawn on one axis
    html = sections.themes(tongyu)
    assert _headings(html) == ["分领域数据", "易地扶贫搬迁"]
    assert html.count("<img") == 0 and "5,222户" in html and "9,559人" in html


def test_a_single_figure_gets_a_table_but_no_chart(baiyin):
    one = baiyin.facts.iloc[[2]]  # poverty incidence only
    data = type(baiyin)(region=baiyin.region, facts=one, documents=baiyin.documents,
                        origin=baiyin.origin)
    html = sections.themes(data)
    assert "<img" not in html and "1.32%" in html
    assert _headings(html) == ["分领域数据", "脱贫成效"]
    assert len(headline_figures(one)) == 1


def test_headline_cards_match_the_data(baiyin):
    cards = headline_figures(baiyin.facts)
    assert 4 <= len(cards) <= 6
    html = sections.headline(baiyin)
    values = re.findall(r'<div class="cb-card-value">(.*?)</div>', html, re.S)
    assert [re.sub(r"<[^>]+>", "", v) for v in values] == [c.text for c in cards]
    for c in cards:
        row = baiyin.facts[baiyin.facts["fact_id"] == c.fact_id].iloc[0]
        assert row["indicator"] == c.indicator and float(row["value"]) == c.value
        assert c.year_text == fmt_card_when(row, "zh")
        assert row.get("scope", "whole") != "part" and "planned" not in row["flags"]


def test_every_figure_links_to_its_source_sentence(baiyin):
    html = "".join([sections.headline(baiyin), sections.themes(baiyin),
                    sections.facts_table(baiyin), sections.sources(baiyin),
                    sections.measures(baiyin)])
    anchors = set(re.findall(r'id="(fact-\d+|source-\d+)"', html))
    links = set(re.findall(r'href="#(fact-\d+|source-\d+)"', html))
    assert links and links <= anchors, links - anchors
    assert {f"fact-{i}" for i in range(1, len(baiyin.facts) + 1)} <= anchors
    # each theme-table value links to the evidence row of the same fact
    themes = sections.themes(baiyin)
    assert re.search(r'<a href="#fact-\d+">1,012人</a>', themes)


def test_header_has_generation_date_and_full_name(baiyin):
    html = sections.header(baiyin)
    assert "生成日期" in html and re.search(r"\d{4}年\d{1,2}月\d{1,2}日", html)
    assert "甘肃省 · 白银市 · 白银区" in html and "620402" in html
    en = sections.header(baiyin, lang="en")
    assert "Gansu Province · Baiyin City · Baiyin District" in en
    assert "Baiyin District (白银区)" in en and "Generated on" in en


def test_english_edition_has_no_untranslated_heading(store_dir):
    b = Briefing.load("白银区", "620402", store_dir, None, lang="en")
    parts = [b.header, b.summary, b.headline, b.trends, b.themes, b.parts, b.measures,
             b.facts_table, b.sources, b.quality]
    html = "".join(p().data for p in parts)
    heads = _headings(html)
    assert heads[0] == "Baiyin District (白银区): poverty alleviation briefing"
    for h in heads[1:]:
        assert not CJK.search(h), f"untranslated heading: {h}"
    # labels of tables and cards are English too; quotes stay Chinese
    labels = re.findall(r"<th[^>]*>(.*?)</th>", html) + re.findall(
        r'<div class="cb-card-label">(.*?)</div>', html)
    assert labels and not [x for x in labels if CJK.search(x)]
    assert "RMB\u00a02\u00a0billion" in html and "1,012 people" in html
    assert "2017年该区精准脱贫" in html  # the source sentence, untranslated


def test_english_title_replaces_the_chinese_default(store_dir):
    b = Briefing.load("白银区", "620402", store_dir, None, lang="en", title="白银区脱贫攻坚简报")
    assert "<h1 class=\"cb-title\">Baiyin District (白银区): poverty" in b.header().data
    custom = Briefing.load("白银区", "620402", store_dir, None, lang="en", title="My title")
    assert ">My title</h1>" in custom.header().data


@pytest.mark.parametrize("name, english", [
    ("白银区", "Baiyin District"), ("通榆县", "Tongyu County"), ("白城市", "Baicheng City"),
    ("武都区", "Wudu District"), ("甘肃省", "Gansu Province"), ("陕西省", "Shaanxi Province"),
    ("西安市", "Xi'an City"), ("镇赉县", "Zhenlai County"),
])
def test_region_names_in_pinyin(name, english):
    assert english_name(name) == english
    assert bilingual(name) == f"{english} ({name})"


def test_full_name_in_english(baiyin):
    assert full_name(baiyin.region, "en") == "Gansu Province · Baiyin City · Baiyin District"
    assert full_name(baiyin.region, "zh") == "甘肃省 · 白银市 · 白银区"
    assert pinyin("") == ""


def test_every_string_exists_in_both_languages():
    zh, en = strings("zh"), strings("en")
    assert set(zh) == set(en)
    for key in ("headline", "themes_heading", "measures", "facts", "sources", "quality",
                "ov_table", "ov_charts", "ov_themes", "ov_sources", "ov_notes"):
        assert not CJK.search(en[key]), key
