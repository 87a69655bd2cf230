#!/usr/bin/env bash
# Set everything up and run the main job on the demo corpus in examples/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
DB="${NEWSGRAPH_DB:-demo.db}"
.venv/bin/newsgraph build examples/ --db "$DB"
.venv/bin/newsgraph docs --db "$DB"
.venv/bin/newsgraph dupes --db "$DB" 2>/dev/null || true
.venv/bin/newsgraph events --db "$DB" --limit 25 2>/dev/null || true
echo
echo "Explore it: .venv/bin/newsgraph serve --db $DB   (then open http://127.0.0.1:8000)"
