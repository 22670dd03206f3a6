"""Articles that never name their region (我县/我区), and region_override. Made-up text."""

from __future__ import annotations

import pytest

from countybrief.extract import UnknownRegionError

from .conftest import extract_text

TEXT = "脱贫攻坚工作综述\n今年我区实现脱贫1200户4500人，全区累计投入扶贫资金1.5亿元。\n"


def test_region_less_article_has_no_region_and_flags_its_facts():
    ex = extract_text(TEXT)
    assert ex.document.region is None and ex.document.adcode is None
    assert ex.regions == []
    assert len(ex.facts) == 3
    for f in ex.facts:
        assert f.region is None and f.adcode is None and "region_unresolved" in f.flags
    assert "region_unresolved" in ex.document.issues


@pytest.mark.parametrize("override", ["华州区", "610503"])
def test_region_override_by_name_or_adcode(override):
    ex = extract_text(TEXT, region_override=override)
    assert (ex.document.region, ex.document.adcode) == ("华州区", "610503")
    assert ex.regions[0].name == "华州区"
    assert {(f.region, f.adcode, f.province, f.city) for f in ex.facts} == {("华州区", "610503", "陕西省", "渭南市")}
    assert not any("region_unresolved" in f.flags for f in ex.facts)


def test_unknown_override_is_an_error():
    with pytest.raises(UnknownRegionError):
        extract_text(TEXT, region_override="不存在县")
