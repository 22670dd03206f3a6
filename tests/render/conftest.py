"""Shared fixtures for render tests: the hand-made store and the notebook template."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from countybrief.store import write_store
from tests.fixtures.make_store import sample_extractions

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "notebooks" / "county_briefing.ipynb"


def have_chromium() -> bool:
    from countybrief.errors import RenderError
    from countybrief.render.browser import find_chromium

    try:
        find_chromium()
    except RenderError:
        return False
    return True


needs_chromium = pytest.mark.skipif(not have_chromium(), reason="no Chromium (apt-get install chromium)")
needs_poppler = pytest.mark.skipif(not shutil.which("pdffonts"), reason="no poppler-utils")


@pytest.fixture(scope="session")
def store_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("store") / "extracted"
    write_store(sample_extractions(), out)
    return out


@pytest.fixture(scope="session")
def template() -> Path:
    return TEMPLATE
