"""What countybrief writes follows the umask, as briefings do: the store folder is not
mkdtemp's 0700 nor a parameters file mkstemp's 0600 (both are renamed into place)."""

from __future__ import annotations

import os
import stat

import pytest

from countybrief.cli import main
from countybrief.storage import write_atomic_local


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def umask():
    old = os.umask(0o022)
    yield lambda mask: os.umask(mask)
    os.umask(old)


@pytest.mark.parametrize("mask, folder, file", [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640),
                                                (0o077, 0o700, 0o600)])
def test_store_and_parameters_follow_the_umask(tmp_path, capsys, umask, mask, folder, file):
    umask(mask)
    articles = tmp_path / "raw"
    articles.mkdir()
    (articles / "a.txt").write_text("2019年，白银区精准脱贫306户1012人。", encoding="utf-8")
    store, params = tmp_path / "extracted", tmp_path / "parameters"
    assert main(["extract", str(articles), "--data", str(store)]) == 0
    assert main(["params", "--data", str(store), "--params", str(params)]) == 0
    assert main(["extract", str(articles), "--data", str(store)]) == 0  # swapped in again
    assert _mode(store) == folder
    assert {_mode(p) for p in store.iterdir()} == {file}
    written = list(params.glob("*.yaml"))
    assert written and {_mode(p) for p in written} == {file}
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporaries left


def test_atomic_write_follows_the_umask(tmp_path, umask):
    umask(0o002)
    target = write_atomic_local(tmp_path / "sub" / "f.txt", "x")
    assert _mode(target) == 0o664 and target.read_text() == "x"
