"""SYNTHETIC corpus for the render benchmark: N regions of the real gazetteer, made-up figures.

Every document is marked SYNTHETIC (file name ``SYNTHETIC-<adcode>-<n>.txt``, title
``【SYNTHETIC 合成数据】…``, outlet ``SYNTHETIC benchmark``) and the store is written only
where the benchmark asks (a temporary folder): nothing here reaches ``data/`` or a real
briefing. Sentences follow the shapes of the sample articles in ``data/raw``
(``2017年该区精准脱贫306户1012人，贫困发生率降至1.32%。``); the figures are random
(seeded), so the store is the same for the same N and seed.

    python -m bench.synthetic.corpus 50 /tmp/synthetic/extracted
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from countybrief.model import Document, Extraction, Fact, RegionRef

MARK = "SYNTHETIC"


def pick_regions(n: int, seed: int = 7) -> list[RegionRef]:
    """``n`` county-level units of the national gazetteer, spread over the provinces."""
    from countybrief.extract.gazetteer import get_gazetteer

    counties = sorted((r for r in get_gazetteer().by_code.values() if r.level == "county"),
                      key=lambda r: r.adcode)
    rng = random.Random(seed)
    rng.shuffle(counties)
    if n > len(counties):
        raise SystemExit(f"only {len(counties)} county-level units in the gazetteer")
    return sorted(counties[:n], key=lambda r: r.adcode)


def _fact(doc: Document, region: RegionRef, indicator, value, unit, year, sentence, quote, flags=()):
    start = doc.text.find(quote)
    return Fact(doc=doc.doc, region=region.name, adcode=region.adcode, indicator=indicator,
                value=value, unit=unit, year=year, flags=list(flags), sentence=sentence,
                span=(start, start + len(quote)), doc_id=doc.doc_id, quote=quote,
                province=region.province, city=region.city)


def region_extractions(region: RegionRef, rng: random.Random, version: int = 0) -> list[Extraction]:
    out = []
    for k, year in enumerate((2017, 2018)):
        hh = rng.randint(200, 9000)
        pp = hh * rng.randint(2, 4) + version
        inc = round(rng.uniform(0.3, 9.5), 2)
        funds = rng.randint(2, 90)
        s1 = f"{year}年{region.name}精准脱贫{hh}户{pp}人，贫困发生率降至{inc}%。"
        s2 = f"累计投入扶贫资金{funds}亿元。"
        s3 = f"{region.name}搬迁{hh // 3}户{pp // 3}人。"
        text = s1 + s2 + s3
        name = f"{MARK}-{region.adcode}-{k + 1}.txt"
        doc = Document(doc_id=f"synthetic-{region.adcode}-{k}-{version}", doc=name,
                       path=f"bench/synthetic/{name}",
                       title=f"【SYNTHETIC 合成数据】{region.name}{year}年脱贫攻坚进展",
                       published=f"{year + 1}-01-1{k}", outlet="SYNTHETIC benchmark",
                       author=None, editor=None, encoding="utf-8", region=region.name,
                       adcode=region.adcode, text=text,
                       issues=["SYNTHETIC: generated for the render benchmark, not real data"])
        facts = [
            _fact(doc, region, "poverty_exit_households", hh, "户", year, s1, f"{hh}户"),
            _fact(doc, region, "poverty_exit_population", pp, "人", year, s1, f"{pp}人"),
            _fact(doc, region, "poverty_incidence", inc, "%", year, s1, f"{inc}%"),
            _fact(doc, region, "funds_invested", funds * 1e8, "元", year, s2, f"{funds}亿元"),
            _fact(doc, region, "relocated_households", hh // 3, "户", year, s3, f"{hh // 3}户"),
            _fact(doc, region, "relocated_population", pp // 3, "人", year, s3, f"{pp // 3}人"),
        ]
        out.append(Extraction(doc, facts, [region]))
    return out


def make_store(n: int, out_dir: str | Path, *, seed: int = 7, changed: str | None = None) -> list[RegionRef]:
    """Write a SYNTHETIC store of ``n`` regions to ``out_dir``; ``changed``: an adcode
    whose article gets one different figure (the "one article changed" case)."""
    from countybrief.store import write_store

    out_dir = Path(out_dir)
    if "data" in out_dir.resolve().parts and (out_dir.resolve().parent.name == "data"
                                               or "extracted" == out_dir.name and
                                               (out_dir.resolve().parents[1] / "lib" / "countybrief").exists()):
        raise SystemExit(f"refusing to write SYNTHETIC data into the project's data folder: {out_dir}")
    regions = pick_regions(n, seed)
    extractions = []
    for r in regions:
        rng = random.Random(f"{seed}-{r.adcode}")
        extractions += region_extractions(r, rng, version=1 if r.adcode == changed else 0)
    write_store(extractions, out_dir)
    return regions


if __name__ == "__main__":
    make_store(int(sys.argv[1]), sys.argv[2])
    print(f"SYNTHETIC store of {sys.argv[1]} regions -> {sys.argv[2]}")
