"""A regions.yaml naming a region the gazetteer does not know: the article is still
extracted, unassigned (as without the line), and the message names the file and the name."""

from __future__ import annotations

import json

from countybrief.cli import main
from countybrief.store import open_store


def test_unknown_region_in_regions_yaml_keeps_the_article(tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "ours.txt").write_text("我县2019年精准脱贫306户1012人。", encoding="utf-8")
    (folder / "regions.yaml").write_text("ours.txt: 不存在区\n", encoding="utf-8")
    assert main(["extract", str(folder), "--data", str(tmp_path / "s")]) == 1
    err = capsys.readouterr().err
    assert f"{folder / 'regions.yaml'}: unknown region '不存在区' for ours.txt" in err
    assert "Traceback" not in err
    facts = open_store(tmp_path / "s").facts
    assert len(facts) and facts["region"].isna().all()
    assert main(["extract", str(folder), "--jsonl"]) == 1
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and all(r["doc"] == "ours.txt" and r["region"] is None for r in rows)
    assert all("region_unresolved" in r["flags"] for r in rows)
