"""MinHash and LSH banding over plain numpy arrays, without datasketch.

The hash values are those of datasketch's `MinHash(scheme="affine32", hashfunc=zlib.crc32)`
(stored fingerprints were made with it and must stay comparable), computed in one
vectorised pass:

1. each item is hashed to 32 bits with CRC-32;
2. the hash goes through the MurmurHash3 32-bit finaliser, a fixed bijection that spreads
   weak or structured input hashes;
3. permutation k maps it to `a[k] * h + b[k]` modulo 2**32 (uint32 arithmetic wraps), with
   `a[k]` odd so that the map is a bijection; `a` and `b` are drawn from
   `np.random.RandomState(seed)` exactly as datasketch draws them;
4. the MinHash is the minimum over the items of each permutation; an empty set keeps the
   largest uint32 everywhere.

`banding` gives the (bands, rows per band) that datasketch's `MinHashLSH` picks for a
threshold with its default weights: the pair minimising the mean of the false-positive
area (under the candidate curve `1 - (1 - s**r)**b`, below the threshold) and the
false-negative area (above the curve, above the threshold). The curve is a polynomial of
degree b * r <= num_perm, so Gauss-Legendre quadrature with num_perm // 2 + 1 nodes
integrates it exactly up to rounding.
"""

from __future__ import annotations

import zlib
from collections.abc import Collection, Iterable
from functools import lru_cache

import numpy as np

EMPTY = np.uint32(0xFFFFFFFF)  # the value of every permutation for the empty set

_M1 = np.uint32(0x85EBCA6B)  # MurmurHash3 fmix32 multipliers
_M2 = np.uint32(0xC2B2AE35)


@lru_cache(maxsize=8)
def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(a, b), uint32 arrays of `num_perm`: the affine permutations for `seed`, read-only.

    The draw order matters (it fixes every stored hash value): first the `num_perm` values
    of `a // 2` in [0, 2**31), then the `num_perm` values of `b` in [0, 2**32), both as
    uint32 draws of one `RandomState(seed)`."""
    if num_perm < 1:
        raise ValueError("num_perm must be positive")
    rng = np.random.RandomState(seed)
    half = rng.randint(0, 1 << 31, size=num_perm, dtype=np.uint32)
    a = half * np.uint32(2) + np.uint32(1)
    b = rng.randint(0, 1 << 32, size=num_perm, dtype=np.uint32)
    a.flags.writeable = False
    b.flags.writeable = False
    return a, b


def premix(hashes: np.ndarray) -> np.ndarray:
    """The MurmurHash3 32-bit finaliser of each uint32 in `hashes` (a new array)."""
    h = np.array(hashes, dtype=np.uint32)
    h ^= h >> np.uint32(16)
    h *= _M1
    h ^= h >> np.uint32(13)
    h *= _M2
    h ^= h >> np.uint32(16)
    return h


def min_hash(hashes: np.ndarray, num_perm: int, seed: int) -> np.ndarray:
    """MinHash (uint32 array of `num_perm`) of a set given as 32-bit hashes of its items
    (duplicates and order do not matter)."""
    a, b = permutations(num_perm, seed)
    if len(hashes) == 0:
        return np.full(num_perm, EMPTY, dtype=np.uint32)
    h = premix(hashes)
    permuted = np.multiply.outer(h, a)  # (items, num_perm), wrapping modulo 2**32
    permuted += b
    return permuted.min(axis=0)


def hash_values(items: Iterable[bytes], num_perm: int, seed: int) -> np.ndarray:
    """MinHash (uint32 array of `num_perm`) of a set of byte strings, items hashed with
    CRC-32."""
    if not isinstance(items, Collection):
        items = list(items)
    hashes = np.fromiter(map(zlib.crc32, items), dtype=np.uint32, count=len(items))
    return min_hash(hashes, num_perm, seed)


@lru_cache(maxsize=16)
def banding(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band), b * r <= num_perm, minimising the mean of the false-positive
    and false-negative areas at `threshold` (the first such pair with b, then r, rising,
    as datasketch's `MinHashLSH` chooses)."""
    if not 0.0 <= threshold <= 1.0:
        raise ValueError("threshold must be in [0, 1]")
    pairs = [(b, r) for b in range(1, num_perm + 1) for r in range(1, num_perm // b + 1)]
    bands = np.array([p[0] for p in pairs], dtype=np.float64)[:, None]
    rows = np.array([p[1] for p in pairs], dtype=np.float64)[:, None]
    nodes, weights = _gauss_legendre(num_perm // 2 + 1)
    # nodes on [-1, 1] mapped onto [0, threshold] and onto [threshold, 1]
    below = (nodes + 1.0) * (threshold / 2.0)
    above = threshold + (nodes + 1.0) * ((1.0 - threshold) / 2.0)
    false_positive = (1.0 - (1.0 - below**rows) ** bands) @ weights * (threshold / 2.0)
    false_negative = ((1.0 - above**rows) ** bands) @ weights * ((1.0 - threshold) / 2.0)
    error = 0.5 * false_positive + 0.5 * false_negative
    return pairs[int(np.argmin(error))]  # argmin: the first of equal minima


@lru_cache(maxsize=4)
def _gauss_legendre(n: int) -> tuple[np.ndarray, np.ndarray]:
    from numpy.polynomial.legendre import leggauss

    return leggauss(n)
