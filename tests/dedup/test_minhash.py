"""MinHash and LSH banding without datasketch: the same hash values and the same (b, r) as
datasketch (the stored fingerprints were made with it), and the runtime never imports it."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest

from newsgraph.dedup.index import banding as index_banding
from newsgraph.dedup.minhash import EMPTY, banding, hash_values, min_hash, permutations

ROOT = Path(__file__).resolve().parents[2]
CONFIGS = [(128, 1), (128, 7), (64, 1)]  # (num_perm, seed)
THRESHOLDS = [round(0.05 * k, 2) for k in range(1, 20)]


def _random_sets() -> list[list[bytes]]:
    """About 50 item lists: empty, one item, duplicates, word shingles, large sets."""
    rng = random.Random(20261121)
    sets: list[list[bytes]] = [[], [b""], [b"one"], [b"same"] * 5, [b"a", b"b", b"a"]]
    vocab = [f"w{i}" for i in range(3000)]
    for _ in range(36):
        words = [rng.choice(vocab) for _ in range(rng.randint(1, 500))]
        sets.append([" ".join(words[i : i + 3]).encode() for i in range(max(1, len(words) - 2))])
    for _ in range(6):
        sets.append([rng.randbytes(rng.randint(0, 40)) for _ in range(rng.randint(1, 300))])
    for size in (4000, 5000, 6000):
        items = [rng.randbytes(12) for _ in range(size)]
        sets.append(items + items[: size // 10])  # with duplicates
    return sets


@pytest.mark.parametrize(("num_perm", "seed"), CONFIGS)
def test_hash_values_equal_datasketch(num_perm: int, seed: int):
    datasketch = pytest.importorskip("datasketch")
    sets = _random_sets()
    assert len(sets) >= 50
    for items in sets:
        m = datasketch.MinHash(num_perm=num_perm, seed=seed, hashfunc=zlib.crc32, scheme="affine32")
        m.update_batch(items)
        ours = hash_values(items, num_perm, seed)
        assert ours.dtype == np.uint32
        assert np.array_equal(ours, m.hashvalues), (len(items), num_perm, seed)
        assert np.array_equal(hash_values(iter(items), num_perm, seed), ours)  # any iterable


@pytest.mark.parametrize(("num_perm", "seed"), CONFIGS)
def test_permutations_equal_datasketch(num_perm: int, seed: int):
    datasketch = pytest.importorskip("datasketch")
    theirs = datasketch.MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations
    a, b = permutations(num_perm, seed)
    assert a.dtype == b.dtype == np.uint32
    assert np.array_equal(a, theirs[0]) and np.array_equal(b, theirs[1])


@pytest.mark.parametrize("num_perm", [64, 128, 256])
def test_banding_equals_minhash_lsh(num_perm: int):
    datasketch = pytest.importorskip("datasketch")
    for threshold in THRESHOLDS:
        lsh = datasketch.MinHashLSH(threshold=threshold, num_perm=num_perm)
        assert banding(threshold, num_perm) == (lsh.b, lsh.r), threshold


def test_banding_known_values():
    assert banding(0.5, 128) == (25, 5)
    assert banding(0.9, 128) == (5, 25)
    assert index_banding(0.5, 128) == (25, 5)  # the index uses this banding


def test_empty_set_is_all_max():
    for num_perm, seed in CONFIGS:
        values = hash_values([], num_perm, seed)
        assert values.dtype == np.uint32 and len(values) == num_perm
        assert (values == EMPTY).all() and int(EMPTY) == 0xFFFFFFFF
        assert np.array_equal(min_hash(np.zeros(0, dtype=np.uint32), num_perm, seed), values)


def test_shape_dtype_and_identical_sets():
    items = [f"item {i}".encode() for i in range(300)]
    for num_perm, seed in CONFIGS:
        values = hash_values(items, num_perm, seed)
        assert values.dtype == np.uint32 and values.shape == (num_perm,)
        shuffled = items[::-1] + items[:50]  # order and duplicates do not matter
        assert np.array_equal(hash_values(shuffled, num_perm, seed), values)
        assert np.array_equal(hash_values(set(items), num_perm, seed), values)
    assert not np.array_equal(hash_values(items, 128, 1), hash_values(items, 128, 7))


def test_jaccard_estimate():
    a = [f"token {i}".encode() for i in range(0, 3000)]
    b = [f"token {i}".encode() for i in range(1000, 4000)]  # 2,000 shared of 4,000: 0.5
    estimate = float(np.mean(hash_values(a, 128, 1) == hash_values(b, 128, 1)))
    assert abs(estimate - 0.5) <= 0.1
    c = [f"other {i}".encode() for i in range(3000)]  # disjoint
    assert float(np.mean(hash_values(a, 128, 1) == hash_values(c, 128, 1))) <= 0.1


def test_permutations_are_odd_and_read_only():
    a, b = permutations(128, 1)
    assert (a & 1 == 1).all()
    assert not a.flags.writeable and not b.flags.writeable
    with pytest.raises(ValueError):
        permutations(0, 1)


def test_runtime_does_not_import_datasketch_or_scipy():
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH")) if p)
    code = (
        "import sys\n"
        "import newsgraph.dedup.fingerprint, newsgraph.dedup.index\n"
        "print(sorted(m for m in ('datasketch', 'scipy') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
