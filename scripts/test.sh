#!/usr/bin/env bash
# Set everything up (test tools and chromium included) and run lint and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --dev
echo "test: ruff"
.venv/bin/ruff check src tests bench
echo "test: pytest"
.venv/bin/python -m pytest -q "$@"
