"""Parameters files follow the data: a file whose region has no facts any more is stale,
reported and kept; `params --prune` removes the stale ones that hold no user edits."""

from __future__ import annotations

import pytest
import yaml

from countybrief.cli import main
from countybrief.params import generate_parameters, user_edits
from countybrief.store import open_store, write_store
from tests.fixtures.make_store import sample_extractions

ONE_REGION = "2019年白银区精准脱贫306户1012人，贫困发生率降至0.52%。\n"


@pytest.fixture()
def project(tmp_path):
    """The fixture store's three regions' files, then a store of 白银区 alone."""
    write_store(sample_extractions(), tmp_path / "all")
    generate_parameters(open_store(tmp_path / "all"), tmp_path / "parameters")
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text(ONE_REGION, encoding="utf-8")
    assert main(["extract", str(tmp_path / "articles"), "--root", str(tmp_path)]) == 0
    return tmp_path


def _edit(path, **changes):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def test_stale_files_are_reported_and_kept(project, capsys):
    assert main(["params", "--root", str(project)]) == 0
    err = capsys.readouterr().err
    stale = [ln for ln in err.splitlines() if ln.startswith("stale ")]
    assert len(stale) == 2, err
    assert any("220800-白城市.yaml: 白城市 (220800) has no facts in" in ln for ln in stale)
    assert all("--prune" in ln for ln in stale)
    assert "updated   " in err and "620402-白银区.yaml" in err  # its generated block
    assert sorted(p.name for p in (project / "parameters").iterdir()) == [
        "220800-白城市.yaml", "220822-通榆县.yaml", "620402-白银区.yaml"]


def test_prune_removes_only_files_without_user_edits(project, capsys):
    pdir = project / "parameters"
    _edit(pdir / "220822-通榆县.yaml", notes=["核对过的数字"])
    # values params writes (or wrote: template, lang) are no edits
    _edit(pdir / "220800-白城市.yaml", template="notebooks/county_briefing.ipynb", lang="zh")
    assert main(["params", "--prune", "--root", str(project)]) == 0
    err = capsys.readouterr().err
    assert not (pdir / "220800-白城市.yaml").exists()
    assert (pdir / "220822-通榆县.yaml").exists() and (pdir / "620402-白银区.yaml").exists()
    removed = next(ln for ln in err.splitlines() if ln.startswith("removed"))
    kept = next(ln for ln in err.splitlines() if ln.startswith("kept"))
    assert "220800-白城市.yaml" in removed
    assert "220822-通榆县.yaml" in kept and "kept for your edits: notes" in kept


def test_hand_written_file_without_generated_block_is_kept(project, capsys):
    hand = project / "parameters" / "621202-武都区.yaml"
    hand.write_text("region: 武都区\nadcode: '621202'\n", encoding="utf-8")
    assert main(["params", "--prune", "--root", str(project)]) == 0
    assert hand.exists()
    assert "written by hand" in capsys.readouterr().err


def test_user_edits():
    base = {"region": "白银区", "adcode": "620402", "title": "白银区脱贫攻坚简报", "notes": [],
            "generated": {"n_facts": 3}}
    assert user_edits(base) == []
    assert user_edits({**base, "template": "notebooks/county_briefing.ipynb", "lang": "zh"}) == []
    assert user_edits({**base, "title": "我的", "lang": "en", "parameters": {"x": 1}}) == [
        "title", "lang", "parameters"]


def test_broken_stale_file_is_an_error_naming_file_and_key(project, capsys):
    bad = project / "parameters" / "220800-白城市.yaml"
    bad.write_text(bad.read_text(encoding="utf-8") + "titel: x\n", encoding="utf-8")
    assert main(["params", "--prune", "--root", str(project)]) == 1
    err = capsys.readouterr().err
    assert f"error: {bad}: unknown key 'titel' (did you mean 'title'?)" in err
    assert bad.exists()


def test_render_all_skips_stale_files(project, capsys, monkeypatch):
    """Nothing is rendered here (the one region's render is stubbed out): what matters is
    the selection, the lines said and the exit status."""
    import countybrief.pipeline as pipeline

    sel = pipeline.select_jobs(pipeline.Project.load(project), [], all_regions=True, lang="zh")
    assert [j.slug for j in sel.jobs] == ["620402-白银区"]
    assert not sel.errors and len(sel.stale) == 2
    named = pipeline.select_jobs(pipeline.Project.load(project), ["白城市"], lang="zh")
    assert not named.jobs and "has no facts" in named.errors[0] and "220800-白城市.yaml" in named.errors[0]
