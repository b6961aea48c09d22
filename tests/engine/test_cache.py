from __future__ import annotations

import os
import time

import numpy as np
import pytest

from engine.render.cache import DirectoryStageCache, MemoryStageCache, TieredStageCache, stage_key


def block(value: float, n: int = 1000) -> np.ndarray:
    return np.full((2, n), value, dtype=np.float32)


def test_keys_are_length_prefixed_sha256():
    assert stage_key("ab", "c") != stage_key("a", "bc")
    assert len(stage_key("x")) == 64
    with pytest.raises(ValueError):
        MemoryStageCache().get("../../etc/passwd")


def test_directory_cache_round_trips_atomically_and_read_only(tmp_path):
    cache = DirectoryStageCache(tmp_path)
    key = stage_key("dry", "1")
    assert cache.get(key) is None
    cache.put(key, block(0.5))
    got = cache.get(key)
    assert got is not None and got.dtype == np.float32 and np.array_equal(got, block(0.5))
    assert not got.flags.writeable
    assert not list(tmp_path.rglob("*.part"))  # no temp file left behind
    assert (tmp_path / key[:2] / f"{key}.npy").is_file()
    with pytest.raises(ValueError):
        got[0, 0] = 1.0
    cache.put(key, block(0.25))  # replaced (and below, evicted) while `got` is in use: it keeps its values
    (tmp_path / key[:2] / f"{key}.npy").unlink()
    assert np.array_equal(got, block(0.5)) and type(got) is np.ndarray


def test_directory_cache_evicts_least_recently_used(tmp_path):
    one = block(1.0).nbytes + 128
    cache = DirectoryStageCache(tmp_path, max_bytes=3 * one)
    keys = [stage_key(str(i)) for i in range(4)]
    for i, key in enumerate(keys[:3]):
        cache.put(key, block(i))
        os.utime(tmp_path / key[:2] / f"{key}.npy", ns=(time.time_ns() - (10 - i) * 10**9,) * 2)
    assert cache.get(keys[0]) is not None  # touched: now the most recent
    cache.put(keys[3], block(3.0))
    assert cache.get(keys[1]) is None
    assert all(cache.get(k) is not None for k in (keys[0], keys[2], keys[3]))


def test_memory_cache_lru_and_tiers(tmp_path):
    memory = MemoryStageCache(max_bytes=2 * block(0).nbytes)
    a, b, c = (stage_key(x) for x in "abc")
    memory.put(a, block(1))
    memory.put(b, block(2))
    memory.get(a)
    memory.put(c, block(3))
    assert memory.get(b) is None and memory.get(a) is not None and len(memory) == 2

    disk = DirectoryStageCache(tmp_path)
    disk.put(b, block(2))
    tiered = TieredStageCache(MemoryStageCache(), disk)
    assert np.array_equal(tiered.get(b), block(2))
    assert tiered.fast.get(b) is not None  # promoted
    tiered.put(c, block(3))
    assert disk.get(c) is not None


def test_discard_forgets_an_entry_in_both_tiers(tmp_path):
    fast, slow = MemoryStageCache(), DirectoryStageCache(tmp_path)
    cache = TieredStageCache(fast, slow)
    key, other = stage_key("a"), stage_key("b")
    cache.put(key, np.ones((2, 8), dtype=np.float32))
    cache.put(other, np.zeros((2, 8), dtype=np.float32))

    assert cache.discard(key) is True
    assert cache.discard(key) is False  # already gone
    assert fast.get(key) is None and slow.get(key) is None and cache.get(key) is None
    assert not (tmp_path / key[:2] / f"{key}.npy").exists()
    assert cache.get(other) is not None and len(fast) == 1


@pytest.mark.parametrize("kind", ["memory", "directory", "tiered"])
def test_blocks_are_stored_whole_and_spills_leave_nothing(tmp_path, kind):
    disk = DirectoryStageCache(tmp_path)
    cache = {
        "memory": MemoryStageCache(),
        "directory": disk,
        "tiered": TieredStageCache(MemoryStageCache(), disk),
    }[kind]
    whole = np.arange(2 * 2500, dtype=np.float32).reshape(2, 2500)
    blocks = [whole[:, :1000], whole[:, 1000:2000], whole[:, 2000:]]
    key = stage_key("blocks")
    stored = cache.put_blocks(key, (2, 2500), iter(blocks))
    assert np.array_equal(stored, whole) and not stored.flags.writeable
    assert np.array_equal(cache.get(key), whole)
    with cache.spill((2, 2500), iter(blocks)) as spilled:
        assert np.array_equal(spilled, whole)
    files = sorted(p.name for p in tmp_path.rglob("*") if p.is_file())
    assert files == ([] if kind == "memory" else [f"{key}.npy"])  # the spill is gone
    with pytest.raises(ValueError):
        cache.put_blocks(stage_key("short"), (2, 2500), iter(blocks[:2]))
    assert cache.get(stage_key("short")) is None and not list(tmp_path.rglob("*.part"))
