"""A template's region and adcode as papermill hands them over (-p makes 340402 an int)."""

from __future__ import annotations

import pytest

from countybrief.briefing.data import load_region
from countybrief.errors import StoreError


def test_adcode_as_int_or_str(store_dir):
    assert load_region(None, 620402, store_dir).region.name == "白银区"
    assert load_region(None, "620402", store_dir).region.name == "白银区"
    assert load_region("白银区", 620402, store_dir).region.adcode == "620402"


def test_region_alone_is_found_by_name(store_dir):
    assert load_region("通榆县", None, store_dir).region.name == "通榆县"


def test_region_and_adcode_of_different_regions_is_an_error_naming_both(store_dir):
    with pytest.raises(StoreError) as err:
        load_region("通榆县", "620402", store_dir)
    assert "通榆县" in str(err.value) and "620402" in str(err.value) and "白银区" in str(err.value)
