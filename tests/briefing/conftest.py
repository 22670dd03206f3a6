from __future__ import annotations

import pytest

from countybrief.briefing.data import load_region
from countybrief.store import write_store
from tests.fixtures.make_store import sample_extractions


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("store") / "extracted"
    write_store(sample_extractions(), out)
    return out


@pytest.fixture()
def baiyin(store_dir):
    return load_region("白银区", "620402", store_dir)


@pytest.fixture()
def tongyu(store_dir):
    return load_region("通榆县", None, store_dir)
