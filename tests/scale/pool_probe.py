"""Functions the pool tests send to worker processes (they must be importable by name,
in the fork server too, so they live in a module of their own, not in a test file)."""

from __future__ import annotations

import gc
import os
import time

# (tag, pid) of each `warm` run in this process's history (a forked worker inherits
# the fork server's).
WARMED: list[tuple[str, int]] = []


def warm(tag: str) -> None:
    WARMED.append((tag, os.getpid()))


def report(index: int) -> dict:
    """What a worker knows about how it was started."""
    return {
        "index": index,
        "pid": os.getpid(),
        "ppid": os.getppid(),
        "warmed": list(WARMED),
        "frozen": gc.get_freeze_count(),
    }


def slow(index: int, seconds: float) -> tuple[int, int]:
    time.sleep(seconds)
    return index, os.getpid()
