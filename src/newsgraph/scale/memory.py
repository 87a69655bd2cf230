"""Giving freed memory back to the system between the batches of a long step.

glibc's allocator keeps the pages a batch freed in its heap for the next batch, but
when the heap's top is held by something still alive, free pages below it are never
returned: over a long run of batches that each allocate and free tens of megabytes
(the copy step's candidates, bodies and alignment matrices), the process's resident
size creeps up with the number of batches, which is to say with the corpus.
`malloc_trim(0)` hands every wholly free page back. It costs a walk of the heap (about
a millisecond), so the steps call it once per batch, not per document.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import lru_cache


@lru_cache(maxsize=1)
def _trim():
    """glibc's `malloc_trim`, or None on a C library without it (musl, macOS)."""
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        function = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_size_t]
    function.restype = ctypes.c_int
    return function


def release_free_memory() -> bool:
    """Return the C heap's free pages to the system; False where that is not possible.

    >>> release_free_memory() in (True, False)
    True
    """
    trim = _trim()
    if trim is None:
        return False
    trim(0)
    return True
