"""Shared fixtures. Tests use real parts: a real SQLite file, the real spaCy model."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared when it exists (benchmarks, seeds); tests that need it skip otherwise."""
    if not SHARED.exists():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(scope="session")
def seeds(shared: Path) -> Path:
    path = shared / "corpus" / "seeds"
    if not path.exists():
        pytest.skip("../shared/corpus/seeds is not present")
    return path


@pytest.fixture(scope="session")
def nlp():
    from newsgraph.annotate import load_pipeline

    return load_pipeline("en_core_web_md")


@pytest.fixture()
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "test.db"
