"""Fixtures for the explore tests: a real store and a real server on 127.0.0.1."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parent))  # importlib mode: make the helper importable
from tests_explore_store import build_store  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`newsgraph serve` in a child process, stopped by the fixture that started it."""

    def __init__(self, db: Path, *extra: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        exe = Path(sys.executable).parent / "newsgraph"
        self.proc = subprocess.Popen(
            [str(exe), "serve", "--db", str(db), "--port", str(self.port), *extra],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("server exited: " + self.proc.stdout.read().decode())
            try:
                if httpx.get(self.base + "/api/types", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("server did not start within 30 s")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


@pytest.fixture(scope="session")
def store(tmp_path_factory) -> dict:
    return build_store(tmp_path_factory.mktemp("explore"))


@pytest.fixture(scope="session")
def server(store):
    srv = Server(store["db"])
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def writable_server(store, tmp_path_factory):
    copy = tmp_path_factory.mktemp("writable") / "explore.db"
    shutil.copy(store["db"], copy)
    srv = Server(copy, "--allow-writes")
    yield srv, copy
    srv.stop()


@pytest.fixture(scope="session")
def api(server):
    with httpx.Client(base_url=server.base, timeout=30) as client:
        yield client
