"""Issue 13's "done when": `countybrief init DIR`, one's own articles copied in, `countybrief
build` there renders their briefings with exit 0, and the bundled sample is untouched; in a
project whose parameters files name regions without facts, those are skipped as stale."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[1]

#: made-up articles of two regions
OURS = {
    "xifeng.txt": "西峰区扶贫工作简报\n发布时间：2019-12-20\n"
                  "2019年西峰区减少贫困人口2345人，贫困发生率下降到0.87%。\n",
    "wudu.txt": "武都区脱贫攻坚进展\n发布时间：2019-11-02\n"
                "2019年武都区实现4100户15800人脱贫，贫困发生率降至1.6%。\n",
}

HUAZHOU = ("华州区脱贫攻坚工作综述\n发布时间：2019-12-28\n"
           "2019年华州区减少贫困人口1830人，贫困发生率降至0.46%。\n")


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "countybrief.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=900)


def _sample_state() -> dict[str, str]:
    """Digests of the sample's files a build of another project must leave alone."""
    files = [*(ROOT / "parameters").glob("*.yaml"), *(ROOT / "data" / "raw").iterdir()]
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(files)}


def test_init_then_build_ones_own_articles(tmp_path):
    before = _sample_state()
    mine = tmp_path / "mine"
    proc = _cli("init", str(mine), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    for name, text in OURS.items():
        (mine / "articles" / name).write_text(text, encoding="utf-8")

    proc = _cli("build", "--formats", "html", "--lang", "zh", "-j", "1", cwd=mine)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert "has no facts" not in proc.stderr and "error" not in proc.stderr.lower()
    assert sorted(p.name for p in (mine / "parameters").iterdir()) == [
        "621002-西峰区.yaml", "621202-武都区.yaml"]
    for slug in ("621002-西峰区", "621202-武都区"):
        html = (mine / "output" / slug / "briefing.html").read_text(encoding="utf-8")
        assert slug.split("-")[1] in html
    assert (mine / "output" / "index.html").is_file()
    assert (mine / "data" / "extracted" / "manifest.json").is_file()
    assert "2 of 2 briefings up to date" in proc.stderr
    assert _sample_state() == before  # the repository's sample: untouched
    for folder in ("parameters", "data", "output"):  # (other runs may build the sample meanwhile)
        assert str(ROOT / folder) not in proc.stderr

    # nothing changed: a second build renders nothing and still exits 0
    again = _cli("build", "--formats", "html", "--lang", "zh", "-j", "1", cwd=mine)
    assert again.returncode == 0, again.stderr[-4000:]
    assert "2 of 2 briefings up to date" in again.stderr, again.stderr
    assert "unchanged (skipped" in again.stderr or "0 rendered, 2 unchanged" in again.stderr


def test_build_of_other_articles_skips_the_stale_sample_files(tmp_path):
    """A copy of the repository's project (its countybrief.yaml, sample parameters files,
    templates) built from other articles: the sample regions' files are stale, skipped."""
    root = tmp_path / "clone"
    root.mkdir()
    shutil.copy(ROOT / "countybrief.yaml", root)
    shutil.copytree(ROOT / "parameters", root / "parameters")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    ours = tmp_path / "my-articles"
    ours.mkdir()
    (ours / "huazhou.txt").write_text(HUAZHOU, encoding="utf-8")  # no sample region

    proc = _cli("build", str(ours), "--formats", "html", "--lang", "zh", "-j", "1", cwd=root)
    assert proc.returncode == 0, proc.stderr[-4000:]
    skipped = [ln for ln in proc.stderr.splitlines() if ln.startswith("skipped (stale: no facts)")]
    assert len(skipped) == len(list((ROOT / "parameters").glob("*.yaml")))
    assert any("220800-白城市.yaml: region 白城市 (220800) has no facts" in ln for ln in skipped)
    assert (root / "output" / "610503-华州区" / "briefing.html").is_file()
    assert (root / "parameters" / "220800-白城市.yaml").is_file()  # kept for the user's edits
    stale = [ln for ln in proc.stderr.splitlines() if ln.startswith("stale ")]
    assert len(stale) == len(skipped)

    # a bare build would read the sample's articles into this store: refused
    bare = _cli("build", cwd=root)
    assert bare.returncode == 2
    assert "this store was built from" in bare.stderr and "countybrief init DIR" in bare.stderr
