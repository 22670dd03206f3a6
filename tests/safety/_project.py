"""A small project for the safety tests: the sample store, one good parameters file."""

from __future__ import annotations

import shutil
from pathlib import Path

from countybrief.store import write_store
from tests.fixtures.make_store import sample_extractions

ROOT = Path(__file__).resolve().parents[2]
GOOD_PARAMS = "region: 白银区\nadcode: '620402'\n"


def small_project(root: Path, params: str = GOOD_PARAMS, *, store: bool = True) -> Path:
    """``root`` with the real template, the sample store and ``parameters/620402-白银区.yaml``."""
    (root / "notebooks").mkdir(parents=True)
    shutil.copy(ROOT / "notebooks" / "county_briefing.ipynb", root / "notebooks")
    if store:
        write_store(sample_extractions(), root / "data" / "extracted")
    (root / "parameters").mkdir()
    (root / "parameters" / "620402-白银区.yaml").write_text(params, encoding="utf-8")
    return root


def without_overview(monkeypatch) -> None:
    """Render without the project overview (a kernel of its own: seconds), for tests of
    inputs refused before any region renders."""
    import countybrief.render.overview as overview

    monkeypatch.setattr(overview, "default_template", lambda root=None: Path("/nonexistent.ipynb"))
