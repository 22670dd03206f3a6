from __future__ import annotations

from pathlib import Path

import pytest

from countybrief.extract import extract_article
from countybrief.ingest import iter_article_paths, read_article
from countybrief.model import RawArticle

ROOT = Path(__file__).resolve().parents[2]
RAW = ROOT / "data" / "raw"



def make_article(text: str, name: str = "made_up.txt") -> RawArticle:
    return RawArticle(path=name, name=name, text=text, encoding="utf-8", media_type="text/plain")


def extract_text(text: str, **kw):
    return extract_article(make_article(text), **kw)


@pytest.fixture(scope="session")
def sample_extractions():
    return {p.name: (read_article(p), extract_article(read_article(p))) for p in iter_article_paths([RAW])}
