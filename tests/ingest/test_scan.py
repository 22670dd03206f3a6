"""ingest.scan: which files a folder contributes, what is skipped and why."""

from __future__ import annotations

import os

import pytest

from countybrief.errors import ArticleError, LinkNotFollowedError, SpecialFileError
from countybrief.ingest import read_article, scan_articles

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX file types")


def _names(paths, base):
    return [p.relative_to(base).as_posix() for p in paths]


def test_scan_sorts_and_reports_by_kind(tmp_path):
    root = tmp_path / "raw"
    (root / "sub").mkdir(parents=True)
    (root / "b.txt").write_text("正文", encoding="utf-8")
    (root / "sub" / "a.md").write_text("正文", encoding="utf-8")
    os.mkfifo(root / "pipe.html")
    os.mkfifo(root / "pipe.log")  # not an article's name: nothing to say
    os.symlink("nowhere", root / "gone.txt")
    (tmp_path / "out.txt").write_text("正文", encoding="utf-8")
    os.symlink(tmp_path / "out.txt", root / "out.txt")
    scan = scan_articles([root])
    assert _names(scan.files, root) == ["b.txt", "sub/a.md"]
    assert scan.roots == [root] and scan.errors == []
    kinds = {os.path.basename(e.path): type(e) for e in scan.skipped}
    assert kinds == {"gone.txt": SpecialFileError, "pipe.html": SpecialFileError,
                     "out.txt": LinkNotFollowedError}
    assert _names(scan_articles([root], follow_links=True).files, root) == ["b.txt", "out.txt", "sub/a.md"]


def test_named_paths_that_cannot_be_read_are_errors_not_fatal(tmp_path):
    (tmp_path / "good.txt").write_text("正文", encoding="utf-8")
    os.mkfifo(tmp_path / "fifo.txt")
    os.symlink("loop.txt", tmp_path / "loop.txt")
    scan = scan_articles([tmp_path / "fifo.txt", tmp_path / "loop.txt", tmp_path / "missing.txt",
                          tmp_path / "good.txt"])
    assert scan.files == [tmp_path / "good.txt"]
    problems = [e.problem for e in scan.errors]
    assert problems == ["is a FIFO (named pipe), not an article file",
                        "is a symbolic link loop (it leads back to itself)", "no such file or folder"]


@pytest.mark.parametrize("make", [os.mkfifo, lambda p: os.symlink(os.devnull, p),
                                  lambda p: os.symlink(p.name, p)], ids=["fifo", "device", "loop"])
def test_read_article_refuses_special_files_without_opening(tmp_path, make):
    make(tmp_path / "x.txt")
    with pytest.raises(SpecialFileError) as e:
        read_article(tmp_path / "x.txt")
    assert str(tmp_path / "x.txt") in str(e.value)
    assert isinstance(e.value, ArticleError)
