"""Document metadata read off the page: titles and outlets without page furniture."""

from __future__ import annotations

from countybrief.ingest import normalise
from countybrief.ingest.boilerplate import clean_title
from countybrief.model import RawArticle


def meta(text: str, media_type: str = "text/plain") -> dict:
    return normalise(RawArticle(path="a", name="a", text=text, encoding="utf-8", media_type=media_type)).metadata


def test_markdown_heading_and_site_suffix_are_not_part_of_the_title():
    assert clean_title("# 漳县：决战决胜脱贫攻坚") == "漳县：决战决胜脱贫攻坚"
    assert clean_title("漳县2018年脱贫攻坚成效综述_漳县人民政府") == "漳县2018年脱贫攻坚成效综述"
    assert clean_title("漳县脱贫攻坚成效显著 - 定西新闻网") == "漳县脱贫攻坚成效显著"
    assert clean_title("精准扶贫_政府网") == "精准扶贫_政府网"  # nothing sensible would be left


def test_outlet_ends_before_a_date_or_separator():
    m = meta("# 漳县：决战决胜脱贫攻坚\n\n> 来源：定西日报 2020-11-20 ｜ 记者 王磊\n\n全县脱贫1200户。\n")
    assert m["title"] == "漳县：决战决胜脱贫攻坚"
    assert m["outlet"] == "定西日报" and m["published"] == "2020-11-20"
