"""A small made-up project extracted with corrections, for the export and listing tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from countybrief.cli import main

ARTICLES = {
    "a.txt": "榆中县扶贫工作简报\n2018年榆中县精准脱贫2100户8300人，贫困发生率降至2.5%。"
             "其中青石村脱贫150人。全县投入扶贫资金3.2亿元。\n",
    "b.txt": "我县产业扶贫工作综述\n今年以来，我县共有486户1530人实现稳定脱贫，发放扶贫小额信贷8000万元。\n",
    # a title that a spreadsheet would run as a formula; two figures with one quote
    "c.txt": "=HYPERLINK(\"http://example.invalid\",\"点此\")\n"
             "2017年皋兰县脱贫300户，2019年皋兰县又有300户搬迁入住。\n",
}
CORRECTIONS = """\
- doc: a.txt
  quote: 8300人
  set: {value: 8310, year: 2019}
- doc: b.txt
  region: 榆中县
"""


@pytest.fixture(scope="session")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("export-project")
    raw = root / "data" / "raw"
    raw.mkdir(parents=True)
    for name, text in ARTICLES.items():
        (raw / name).write_text(text, encoding="utf-8")
    (root / "corrections.yaml").write_text(CORRECTIONS, encoding="utf-8")
    assert main(["extract", "--root", str(root)]) == 0
    return root


@pytest.fixture(scope="session")
def store_dir(project) -> Path:
    return project / "data" / "extracted"
