"""Settings with defaults, overridable from the CLI, the API or NEWSGRAPH_* variables."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

DEFAULT_DB = "newsgraph.db"
DEFAULT_MODEL = "en_core_web_md"


@dataclass(frozen=True)
class Settings:
    """How a build runs. Every field has a default a new user can live with."""

    db: Path = Path(DEFAULT_DB)
    model: str = DEFAULT_MODEL  # spaCy pipeline name or path
    batch_size: int = 32  # documents per batch through spaCy and into the store
    processes: int = 1  # spaCy worker processes
    fetch: bool = False  # fetch URLs found in URL lists
    fetch_timeout: float = 20.0
    fetch_delay: float = 1.0  # seconds between requests to one host
    max_mb: float = 64.0  # inputs larger than this are refused
    text_fields: tuple[str, ...] = ("text", "body", "content", "article")
    html_fields: tuple[str, ...] = ("html", "raw_html")
    kb_paths: tuple[Path, ...] = field(default_factory=tuple)  # user actor files
    pattern_paths: tuple[Path, ...] = field(default_factory=tuple)  # user event pattern files
    analyse: bool = True  # run spaCy, actors and events (off: ingest and copies only)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        base = cls()
        env: dict[str, object] = {}
        if "NEWSGRAPH_DB" in os.environ:
            env["db"] = Path(os.environ["NEWSGRAPH_DB"])
        if "NEWSGRAPH_MODEL" in os.environ:
            env["model"] = os.environ["NEWSGRAPH_MODEL"]
        if "NEWSGRAPH_PROCESSES" in os.environ:
            env["processes"] = int(os.environ["NEWSGRAPH_PROCESSES"])
        env.update({k: v for k, v in overrides.items() if v is not None})
        return replace(base, **env)
