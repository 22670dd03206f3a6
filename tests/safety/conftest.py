"""Shared inputs of the safety tests: a folder with one good article beside the bad one."""

from __future__ import annotations

import pytest

#: A made-up article every bad-input test keeps beside its bad file: it must still be extracted.
GOOD = "白银区精准脱贫306户1012人，贫困发生率降至1.32%。"


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD, encoding="utf-8")
    return folder
