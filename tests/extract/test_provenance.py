"""Every fact's value agrees with its quote; spans point into the raw text; noise cases."""

from __future__ import annotations

import re
import unicodedata

import pytest

from countybrief.model import FACT_FLAGS

from .conftest import extract_text

_NUM = re.compile(r"(\d+(?:\.\d+)?)(多|余)?(万|亿)?")
_UNIT_FACTOR = {"兆瓦": 1000, "MW": 1000}


def stated_value(quote: str) -> float | None:
    """Independent reading of a quote: digits x 万/亿 x unit factor (no library involved)."""
    q = unicodedata.normalize("NFKC", quote)
    q = q.replace("萬", "万").replace("億", "亿")
    m = _NUM.search(q)
    if not m:
        return None
    value = float(m.group(1)) * {None: 1, "万": 1e4, "亿": 1e8}[m.group(3)]
    for unit, factor in _UNIT_FACTOR.items():
        if unit in q:
            value *= factor
    return value


def all_facts(sample_extractions):
    for name, (article, ex) in sample_extractions.items():
        for f in ex.facts:
            yield article, ex, f


def test_quote_is_raw_text_at_span(sample_extractions):
    for article, ex, f in all_facts(sample_extractions):
        assert f.quote == article.text[f.span[0]:f.span[1]]
        assert f.doc == article.name and f.doc_id == ex.document.doc_id
        assert set(f.flags) <= set(FACT_FLAGS)


def test_value_reconstructs_the_stated_number(sample_extractions):
    for article, ex, f in all_facts(sample_extractions):
        digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", f.quote))
        if "digits_missing" in f.flags:
            assert f.value is None
            # a decimal remnant (".39元") or a bare measure word ("户")
            assert re.match(r"^\D*\.\d", unicodedata.normalize("NFKC", f.quote)) or not digits, f.quote
            continue
        assert digits, f.quote
        assert stated_value(f.quote) == pytest.approx(f.value, rel=1e-9), (f.quote, f.value)
        assert re.sub(r"\D", "", f"{f.value:f}").strip("0").startswith(digits.strip("0")[:1])


def test_sentence_contains_the_figure(sample_extractions):
    for article, ex, f in all_facts(sample_extractions):
        assert f.sentence in ex.document.text
        if f.value is not None:
            assert re.search(r"\d", f.sentence)


def test_digits_missing_in_xifeng(sample_extractions):
    _, ex = sample_extractions["004_1ac4172153e80d19.txt"]
    assert ex.document.region == "西峰区" and ex.document.adcode == "621002"
    missing = {(f.indicator, f.quote) for f in ex.facts if "digits_missing" in f.flags}
    assert ("income_per_capita", ".39元") in missing
    assert ("roads_km", ".03公里") in missing
    assert ("funds_invested", ".18万元") in missing and ("funds_invested", ".9万元") in missing
    assert all(f.value is None for f in ex.facts if "digits_missing" in f.flags)
    assert not any(f.value in (0.39, 0.03, 390, 1800, 9000) for f in ex.facts)


def test_tongyu_relocation_in_baicheng_article(sample_extractions):
    _, ex = sample_extractions["003_ab1f232cd4cd6478.txt"]
    assert ex.document.region == "白城市"
    reloc = {f.indicator: f for f in ex.facts if f.indicator.startswith("relocated_")}
    assert reloc["relocated_households"].region == "通榆县" and reloc["relocated_households"].value == 5222
    assert reloc["relocated_population"].region == "通榆县" and reloc["relocated_population"].value == 9559
    assert reloc["relocated_households"].adcode == "220822"


def test_datong_sample_is_anhui(sample_extractions):
    _, ex = sample_extractions["001_7fe318e09c4d210f.txt"]
    assert ex.document.adcode == "340402"
    assert {f.adcode for f in ex.facts} == {"340402"}


def test_document_metadata(sample_extractions):
    doc = sample_extractions["000_ffe33df835c86eac.txt"][1].document
    assert doc.title == "白银区加快推进精准扶贫精准脱贫工作纪实"
    assert (doc.published, doc.outlet, doc.editor) == ("2017-11-17", "西e网—白银新闻网", "王军")
    doc = sample_extractions["003_ab1f232cd4cd6478.txt"][1].document
    assert (doc.published, doc.outlet, doc.author) == ("2018-04-09", "吉林日报", "戈驰川 尹雪")
    assert sample_extractions["004_1ac4172153e80d19.txt"][1].document.title is None


def test_doc_id_is_stable_across_encodings(tmp_path):
    from countybrief.extract import extract_article
    from countybrief.ingest import read_article

    text = "渭源县脱贫工作\n全县实现脱贫2180户8765人。\n"
    (tmp_path / "a.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(text.encode("gb18030"))
    ids = {extract_article(read_article(tmp_path / n)).document.doc_id for n in ("a.txt", "b.txt")}
    assert len(ids) == 1


# -- noise kinds on made-up text -------------------------------------------------------

def test_traditional_with_pinyin_and_doubled_punctuation():
    text = "渭源縣(xiàn)脫貧工作\n全縣現(xiàn)有貧困戶3210戶,,貧困人口1.2萬人,,今年計劃脫貧800戶,、2900人,。\n"
    ex = extract_text(text)
    got = {(f.indicator, f.value, "planned" in f.flags) for f in ex.facts}
    assert got == {("poor_households", 3210, False), ("poor_population", 12000, False),
                   ("poverty_exit_households", 800, True), ("poverty_exit_population", 2900, True)}
    for f in ex.facts:
        assert f.quote == text[f.span[0]:f.span[1]]
    assert ex.facts[1].quote == "1.2萬人"


def test_masked_text_flag():
    text = "渭源县党建扶贫\n坚持*建引领，全县整合财*涉农资金3.5亿元，落实各项*策。\n全县新建通村公路120公里。\n"
    ex = extract_text(text)
    facts = {f.indicator: f for f in ex.facts}
    assert "masked_text" in facts["funds_invested"].flags
    assert "masked_text" not in facts["roads_km"].flags
    assert ex.document.restorations and ex.document.masked


def test_years_from_clause_relative_words_and_publication():
    text = ("渭源县脱贫工作\n2019-03-02 来源：定西日报\n2016年全县脱贫1200户。去年全县新建通村公路120公里。"
            "全县现有贫困户3000户。\n")
    facts = {f.indicator: f.year for f in extract_text(text).facts}
    # the stock states no year: unknown, not the publication year
    assert facts == {"poverty_exit_households": 2016, "roads_km": 2018, "poor_households": None}


def test_approx_qualifiers_keep_the_stated_number():
    text = "渭源县脱贫工作\n累计投资20多亿元，安置农户近2万人，带动3000余户，户均增收6000元以上，转移就业1万多人。\n"
    facts = {f.indicator: f for f in extract_text(text).facts}
    assert facts["funds_invested"].value == 2_000_000_000 and "approx" in facts["funds_invested"].flags
    assert facts["relocated_population"].value == 20000 and "approx" in facts["relocated_population"].flags
    assert facts["income_increase_per_household"].value == 6000
    assert facts["labor_transfer"].value == 10000 and "approx" in facts["labor_transfer"].flags


def test_lost_digits_made_up():
    text = "渭源县脱贫工作\n农民人均可支配收入由年的元增加到年的.56元；全县新建农村道路条.25公里；互助资金规模达到.6万元。\n"
    facts = {f.indicator: f for f in extract_text(text).facts}
    for ind in ("income_per_capita", "roads_km", "mutual_aid_funds"):
        assert facts[ind].value is None and "digits_missing" in facts[ind].flags


def test_html_article_spans_point_into_the_html_source():
    from countybrief.extract import extract_article
    from countybrief.model import RawArticle

    html = ("<html><head><title>渭源縣脫貧工作</title><script>var x='投入資金999萬元';</script></head>"
            "<body><nav>首页 新闻</nav><h1>渭源縣脫貧工作</h1><p>全縣投入扶貧資金<b>3200萬元</b>，"
            "實現脫貧2180戶。</p></body></html>")
    art = RawArticle(path="a.html", name="a.html", text=html, encoding="utf-8", media_type="text/html")
    ex = extract_article(art)
    got = {(f.indicator, f.value, f.quote) for f in ex.facts}
    assert got == {("funds_invested", 32000000, "3200萬元"), ("poverty_exit_households", 2180, "2180戶")}
    assert ex.document.region == "渭源县" and ex.document.title == "渭源县脱贫工作"
