"""The index in both languages and the overview across regions."""

import re

import pandas as pd

from countybrief.briefing.overview import Overview
from countybrief.render.index import write_index
from countybrief.render.overview import overview_names, render_overview

from .conftest import needs_chromium


def _briefing_folder(out, slug, *names):
    folder = out / slug
    folder.mkdir(parents=True)
    for n in names:
        (folder / n).write_text("x")
    return folder


def test_index_in_both_languages_links_editions_and_overview(tmp_path, store_dir):
    from countybrief.store import open_store

    _briefing_folder(tmp_path, "620402-白银区", "briefing.html", "briefing.pdf",
                     "briefing.en.html", "briefing.en.pdf")
    _briefing_folder(tmp_path, "220822-通榆县", "briefing.html")
    (tmp_path / "overview.html").write_text("x")
    (tmp_path / "overview.en.pdf").write_text("x")
    store = open_store(store_dir)
    zh = write_index(tmp_path, store=store).read_text(encoding="utf-8")
    en = (tmp_path / "index.en.html").read_text(encoding="utf-8")
    assert 'href="index.en.html"' in zh and 'href="index.html"' in en
    for page in (zh, en):
        assert 'href="620402-白银区/briefing.html"' in page
        assert 'href="620402-白银区/briefing.en.pdf"' in page
        assert 'href="overview.html"' in page and 'href="overview.en.pdf"' in page
        assert page.count('data-type="number"') >= 5  # sortable figure columns
        assert "<script>" in page and "http" not in page.replace("http-equiv", "")
    assert "白银区" in zh and "1,012人" in zh and "地级市" not in zh.split("<tbody>")[0]
    assert "Baiyin District" in en and "白银区" in en and "1,012 people" in en
    assert "Gansu Province · Baiyin City" in en
    heads = re.findall(r"<th[^>]*>(.*?)</th>", en)
    assert heads and not [h for h in heads if re.search(r"[\u3400-\u9fff]", h)]


def test_index_without_overview_has_no_overview_link(tmp_path):
    _briefing_folder(tmp_path, "620402-白银区", "briefing.html")
    html = write_index(tmp_path).read_text(encoding="utf-8")
    assert 'href="overview' not in html and '<section class="overview">' not in html


def test_overview_shows_cities_above_their_counties_without_sums(store_dir):
    o = Overview.load(store_dir, None)
    assert [(r.ref.name, r.child) for r in o.rows] == [
        ("白城市", False), ("通榆县", True), ("白银区", False)]
    table = o.table_html()
    assert o.shared_indicators() == ["funds_invested"]  # the only one two regions give
    assert "cb-child" in table and "地级市" in table
    assert "合计" not in table and "总计" not in table
    assert "5.3亿元" in table and "20余亿元" in table  # as stated (20多亿元)
    themes = o.themes_html()
    assert "易地扶贫搬迁" in themes and "教育扶贫" not in themes  # themes nobody reports left out
    ratios = o.ratio_rows()
    assert [(r["region"], r["value"]) for r in ratios] == [("白银区", "3.3"), ("通榆县", "1.8")]
    # 白城市's funds (a city, 2017) and 白银区's (a county, a running total of no stated
    # years) are no ranking: a city is never ranked against a county, nor an undated figure
    assert o.ranked("funds_invested") is None and o.ranked("funds_invested", "prefecture") is None
    assert o.ranked("relocated_households") is None  # one region only: no ranking
    sources = o.sources_html()
    assert sources.count("<tr>") >= 3 and "b.txt" in sources


def test_overview_in_english(store_dir):
    o = Overview.load(store_dir, None, lang="en")
    html = o.header_html() + o.table_html() + o.themes_html() + o.notes_html()
    html = html.replace("\xa0", " ")  # amounts are held together by no-break spaces
    assert "All regions at a glance" in html and "Baicheng City (白城市)" in html
    assert "RMB 530 million" in html and "never added up" in html
    heads = re.findall(r"<h[12][^>]*>(.*?)</h[12]>", html)
    assert heads and not [h for h in heads if re.search(r"[\u3400-\u9fff]", h)]


@needs_chromium
def test_render_overview_writes_output_overview(tmp_path, store_dir):
    out = tmp_path / "output"
    result = render_overview(out, store_dir, lang="en", formats=("html",))
    assert result.ok, result.error
    names = overview_names("en")
    assert result.html == out / names["html"] and result.html.is_file()
    assert (out / names["notebook"]).is_file()
    assert not (out / ".overview").exists()
    html = result.html.read_text(encoding="utf-8")
    assert "<title>All regions at a glance</title>" in html
    assert "Tongyu County (通榆县)" in html and "<script" not in html


def test_overview_stays_readable_with_many_regions_and_sources(store_dir, monkeypatch):
    """Ranked charts show the top regions (and say of how many); sources become per-region
    lists instead of a region x source grid, which grows as regions times sources."""
    from countybrief.briefing import text

    limits = {**text.setting("overview"), "ranked_max": 1, "source_matrix_max": 1}
    monkeypatch.setitem(text._settings(), "overview", limits)
    o = Overview.load(store_dir, None)
    # two counties with exits of 2017: 白银区 and (made up here) 通榆县
    tongyu = next(r for r in o.rows if r.ref.name == "通榆县")
    baiyin = next(r for r in o.rows if r.ref.name == "白银区")
    extra = baiyin.facts[baiyin.facts["indicator"] == "poverty_exit_population"].assign(
        adcode=tongyu.ref.adcode, region="通榆县", value=500.0)
    tongyu.facts = pd.concat([tongyu.facts, extra], ignore_index=True)
    chart = o.ranked("poverty_exit_population")
    labels = [t.get_text() for t in chart.figure.axes[0].get_yticklabels()]
    assert labels == ["白银区"] and chart.title == "脱贫人口 · 2017（前1名，共2个地区）"
    sources = o.sources_html()
    assert "cb-source-lists" in sources and "cb-matrix" not in sources
    assert "每个地区的信息来源编号" in sources
    assert re.search(r"\[1\]&nbsp;\d+", sources)  # source number and the region's figure count
    assert sources.count("<tr>") >= 3  # one row per region
