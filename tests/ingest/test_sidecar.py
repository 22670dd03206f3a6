"""``regions.yaml``: the region of articles that never name it."""

from __future__ import annotations

import pytest

from countybrief.cli import main
from countybrief.ingest.sidecar import RegionMap, RegionsFileError, read_regions_file
from countybrief.store import open_store

OURS = "我区今年精准脱贫306户1012人。"  # names no region


def test_nearest_file_and_first_pattern_win(tmp_path):
    (tmp_path / "regions.yaml").write_text("'*.txt': 华州区\nsub/b.txt: 白银区\n", encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "regions.yaml").write_text("c-*.txt: 西峰区\n", encoding="utf-8")
    m = RegionMap([tmp_path])
    assert m.region_for(sub / "c-1.txt") == ("西峰区", sub / "regions.yaml")
    assert m.region_for(sub / "b.txt") == ("华州区", tmp_path / "regions.yaml")  # '*.txt' first
    assert m.region_for(tmp_path / "a.txt")[0] == "华州区"
    assert m.region_for(tmp_path / "a.html") is None


def test_files_above_the_given_folder_do_not_apply(tmp_path):
    (tmp_path / "regions.yaml").write_text("'*': 华州区\n", encoding="utf-8")
    inner = tmp_path / "inner"
    inner.mkdir()
    assert RegionMap([inner]).region_for(inner / "a.txt") is None


@pytest.mark.parametrize("text, words", [
    ("- a\n- b\n", "not a mapping"),
    ("a.txt:\n", "has no region"),
    ("a.txt: [unclosed\n", "cannot be read"),
])
def test_bad_regions_file_named(tmp_path, text, words):
    path = tmp_path / "regions.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RegionsFileError) as err:
        read_regions_file(path)
    assert str(path) in str(err.value) and words in str(err.value)


def _corpus(tmp_path, regions: str | None):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "ours.txt").write_text(OURS, encoding="utf-8")
    (folder / "named.txt").write_text("白银区精准脱贫306户1012人。", encoding="utf-8")
    if regions is not None:
        (folder / "regions.yaml").write_text(regions, encoding="utf-8")
    return folder


def test_extract_assigns_the_region_of_regions_yaml(tmp_path, capsys):
    folder = _corpus(tmp_path, "ours.txt: 华州区\n")
    assert main(["extract", str(folder), "--data", str(tmp_path / "s")]) == 0
    facts = open_store(tmp_path / "s").facts
    assert set(facts.loc[facts["doc"] == "ours.txt", "region"]) == {"华州区"}
    assert set(facts.loc[facts["doc"] == "named.txt", "region"]) == {"白银区"}
    assert not any("region_unresolved" in f for f in facts["flags"])
    # the command line wins over the file
    assert main(["extract", str(folder / "ours.txt"), "--region", "西峰区",
                 "--data", str(tmp_path / "t")]) == 0
    assert set(open_store(tmp_path / "t").facts["region"]) == {"西峰区"}


def test_unknown_region_in_regions_yaml_names_the_file_and_keeps_the_article(tmp_path, capsys):
    folder = _corpus(tmp_path, "ours.txt: 不存在区\n")
    assert main(["extract", str(folder), "--data", str(tmp_path / "s")]) == 1
    err = capsys.readouterr().err
    assert f"{folder / 'regions.yaml'}: unknown region '不存在区' for ours.txt" in err
    assert "kept without one" in err and "Traceback" not in err
    store = open_store(tmp_path / "s")
    assert sorted(store.documents["doc"]) == ["named.txt", "ours.txt"]  # extracted, unassigned
    ours = store.facts[store.facts["doc"] == "ours.txt"]
    assert len(ours) and ours["region"].isna().all()
    assert all("region_unresolved" in f for f in ours["flags"])
    # and printed by --jsonl as well
    assert main(["extract", str(folder), "--jsonl"]) == 1
    assert '"doc": "ours.txt"' in capsys.readouterr().out


def test_broken_regions_yaml_is_said_once_and_articles_are_kept(tmp_path, capsys):
    folder = _corpus(tmp_path, "- not\n- a mapping\n")
    assert main(["extract", str(folder), "--data", str(tmp_path / "s")]) == 1
    err = capsys.readouterr().err
    assert err.count("regions.yaml: is not a mapping") == 1
    store = open_store(tmp_path / "s")
    assert sorted(store.documents["doc"]) == ["named.txt", "ours.txt"]
    ours = store.facts[store.facts["doc"] == "ours.txt"]
    assert ours["region"].isna().all()  # still flagged as unresolved, never guessed
