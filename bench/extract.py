"""Extraction throughput on >= 10 MB of text, single process.

The sample articles are repeated in memory with small variations (figures and a marker
changed per copy) so that no cache can serve a repeated article. Prints MB/s (UTF-8 bytes
of raw text per second of CPU time of this one process; wall time too).

    .venv/bin/python bench/extract.py [--mb 10] [--profile] [--one-line]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import re
import sys
import time
from pathlib import Path

from countybrief.extract import extract_article
from countybrief.extract.gazetteer import get_gazetteer
from countybrief.ingest import iter_article_paths, read_article
from countybrief.model import RawArticle

ROOT = Path(__file__).resolve().parents[1]


def variants(articles: list[RawArticle], target_bytes: int, seed: int = 7) -> list[RawArticle]:
    """Copies of ``articles`` with digits perturbed, until ``target_bytes`` of text."""
    rng = random.Random(seed)
    out, total, i = [], 0, 0
    while total < target_bytes:
        base = articles[i % len(articles)]
        text = re.sub(r"\d", lambda m: str((int(m.group(0)) + rng.randint(0, 9)) % 10), base.text)
        text = f"{text}\n第{i}稿。\n"
        out.append(RawArticle(path=f"{base.path}#{i}", name=f"{i:05d}_{base.name}", text=text,
                              encoding=base.encoding, media_type=base.media_type))
        total += len(text.encode("utf-8"))
        i += 1
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=10.0, help="megabytes of text to process (default 10)")
    ap.add_argument("--profile", action="store_true", help="print the top functions by cumulative time")
    ap.add_argument("--one-line", action="store_true",
                    help="also time the text as one article on a single line (150 KB, 780 KB, 3.9 MB)")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    get_gazetteer()
    extract_article(read_article(ROOT / "data" / "raw" / "000_ffe33df835c86eac.txt"))  # warm-up: imports, caches
    warm = time.perf_counter() - t0
    samples = [read_article(p) for p in iter_article_paths([ROOT / "data" / "raw"])]
    corpus = variants(samples, int(args.mb * 1_000_000))
    size = sum(len(a.text.encode("utf-8")) for a in corpus)

    prof = cProfile.Profile() if args.profile else None
    if prof:
        prof.enable()
    t0, c0 = time.perf_counter(), time.process_time()
    facts = sum(len(extract_article(a).facts) for a in corpus)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    if prof:
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    print(f"start-up (gazetteer + imports + first article): {warm:.2f} s")
    print(f"{len(corpus)} articles, {size / 1e6:.1f} MB, {facts} facts in {dt:.1f} s wall, {cpu:.1f} s CPU")
    print(f"throughput: {size / 1e6 / cpu:.2f} MB/s per core (CPU time; {size / 1e6 / dt:.2f} MB/s wall)")
    if args.one_line:
        one_line(corpus, size / cpu)
    return 0


def one_line(corpus: list[RawArticle], per_core: float) -> None:
    """The same text as ONE article on one line without 。 (a flattened table, a page saved
    on a single line), at growing sizes: extraction must stay linear, so its throughput
    should stay near that of ordinary articles whatever the size."""
    flat = "，".join(a.text.replace("\n", "，").replace("。", "，") for a in corpus)
    for kb in (150, 780, 3900):
        text = flat[: kb * 1000 // 3]
        article = RawArticle(path=f"one-line-{kb}k.txt", name=f"one-line-{kb}k.txt", text=text,
                             encoding="utf-8", media_type="text/plain")
        c0 = time.process_time()
        extract_article(article)
        cpu = time.process_time() - c0
        size = len(text.encode("utf-8"))
        print(f"one line of {size / 1e3:.0f} KB: {cpu:.2f} s CPU, {size / 1e6 / cpu:.2f} MB/s "
              f"({size / cpu / per_core:.2f}x the throughput of ordinary articles)")


if __name__ == "__main__":
    sys.exit(main())
