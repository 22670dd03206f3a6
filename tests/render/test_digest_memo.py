"""The per-region digest memo of no-change runs, and the per-process store cache."""

from __future__ import annotations

from countybrief.render import cache
from countybrief.store import write_store
from tests.fixtures.make_store import sample_extractions


def _params(store, adcode):
    return {"data_dir": str(store), "adcode": adcode}


def test_memo_reused_while_store_unchanged(tmp_path, monkeypatch):
    store = tmp_path / "extracted"
    write_store(sample_extractions(), store)
    memo = tmp_path / "out" / cache.DIGEST_MEMO
    first = cache.DataDigests(memo)
    d1 = first.region(_params(store, "620402"))
    first.save()
    assert memo.is_file()

    # same store bytes: the memo answers without opening the store
    def boom(*a, **k):
        raise AssertionError("store opened although the memo is current")

    second = cache.DataDigests(memo)
    monkeypatch.setattr(second, "_store", boom)
    assert second.region(_params(store, "620402")) == d1


def test_memo_recomputed_when_store_changes(tmp_path):
    store = tmp_path / "extracted"
    write_store(sample_extractions(), store)
    memo = tmp_path / "out" / cache.DIGEST_MEMO
    first = cache.DataDigests(memo)
    before = {a: first.region(_params(store, a)) for a in ("620402", "220822")}
    first.save()
    # rebuild with one region's facts dropped: only that region's digest changes
    extractions = sample_extractions()
    for ex in extractions:
        ex.facts[:] = [f for f in ex.facts if f.adcode != "220822"]
    write_store(extractions, store)
    again = cache.DataDigests(memo)
    after = {a: again.region(_params(store, a)) for a in ("620402", "220822")}
    assert after["620402"] == before["620402"]
    assert after["220822"] != before["220822"]
    # the same as without any memo
    assert after == {a: cache.DataDigests().region(_params(store, a)) for a in after}


def test_store_cached_per_process_until_rebuilt(tmp_path):
    from countybrief.briefing import data

    store = tmp_path / "extracted"
    write_store(sample_extractions(), store)
    a = data.load_store(store)
    assert data.load_store(store) is a
    write_store(sample_extractions(), store)  # swapped in anew: read again
    assert data.load_store(store) is not a
