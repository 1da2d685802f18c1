#!/usr/bin/env bash
# The Lite test's runtimes (tests/test_lite_pyodide.py), for offline runs: for each line of
# tests/support/pyodide_runtimes.txt, the npm package `pyodide` of that version into
# .cache/<folder>/node_modules, and the wheels Lite installs there — xlwings' pure wheel, micropip and
# packaging at the versions of that runtime's pyodide-lock.json (the npm package does not carry
# them), for its Python (3.12 for 0.27, 3.14 for 314) — into .cache/<folder>/wheels. Each runtime
# has a folder of its own, so installing one never changes another. Called by scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "setup: node/npm not found: the Pyodide test of the Lite workbook will be skipped" >&2
  exit 0
fi
while read -r version folder _; do
  case "$version" in ''|'#'*) continue ;; esac
  dir=".cache/$folder"
  pkg="$dir/node_modules/pyodide"
  if [ ! -f "$pkg/pyodide.mjs" ] || ! grep -q "\"version\": \"$version\"" "$pkg/package.json"; then
    mkdir -p "$dir"
    npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix "$dir" "pyodide@$version"
  fi
  read -r python wheels <<<"$("$PY" - "$pkg/pyodide-lock.json" <<'PY'
import json, sys, xlwings
lock = json.load(open(sys.argv[1], encoding="utf-8"))
python = ".".join(lock["info"]["python"].split(".")[:2])
pins = [f"xlwings=={xlwings.__version__}"] + [f"{n}=={lock['packages'][n]['version']}" for n in ("micropip", "packaging")]
print(python, " ".join(pins))
PY
)"
  # shellcheck disable=SC2086  # one requirement per word
  "$PY" -m pip download -q --no-deps --only-binary=:all: --platform any --implementation py \
    --python-version "$python" -d "$dir/wheels" $wheels
  echo "setup: pyodide $version (Python $python) in $dir"
done < tests/support/pyodide_runtimes.txt
