#!/usr/bin/env bash
# Set up ita_xl on a fresh Debian/Ubuntu machine: system packages for the PDF report
# (LibreOffice, poppler, Thai fonts), then a virtual environment with the package and its extras.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-writer libreoffice-calc)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
# LibreOffice's uno for the system Python: `regenerate --reports` and `export` of many agencies keep
# one LibreOffice running and drive it over UNO (about 0.6 s a PDF instead of 2 s).
/usr/bin/python3 -c "import uno" >/dev/null 2>&1 || need_apt+=(python3-uno)
# The font list is read whole first: `fc-list | grep -q` under pipefail fails at random when grep
# exits at its first match and fc-list dies of SIGPIPE (exit 141).
fonts="$(fc-list 2>/dev/null || true)"
grep -qi laksaman <<<"$fonts" || need_apt+=(fonts-thai-tlwg fontconfig)
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
  if [ "$(id -u)" -eq 0 ] || [ -n "$SUDO" ]; then
    echo "setup: installing ${need_apt[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
  else
    echo "setup: cannot install ${need_apt[*]} (not root, no sudo); PDF output and its tests will be skipped" >&2
  fi
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e ".[all,test]"

# The Lite test (tests/test_lite_pyodide.py) runs the workbook's main.py in Pyodide under Node,
# offline: the npm package into a project-local, git-ignored folder, and the wheels Lite installs
# (xlwings' pure wheel; micropip and packaging, which the npm package does not carry) into .cache/wheels.
PYODIDE_VERSION=0.27.7  # Python 3.12, as xlwings Lite's runtime
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  if [ ! -f .cache/pyodide/node_modules/pyodide/pyodide.mjs ] \
     || ! grep -q "\"version\": \"$PYODIDE_VERSION\"" .cache/pyodide/node_modules/pyodide/package.json; then
    mkdir -p .cache/pyodide
    npm install --silent --no-save --no-package-lock --no-audit --no-fund --prefix .cache/pyodide "pyodide@$PYODIDE_VERSION"
  fi
  lite_wheels="$(.venv/bin/python - <<'PY'
import json, xlwings
lock = json.load(open(".cache/pyodide/node_modules/pyodide/pyodide-lock.json"))["packages"]
print(f"xlwings=={xlwings.__version__}", *(f"{n}=={lock[n]['version']}" for n in ("micropip", "packaging")))
PY
)"
  # shellcheck disable=SC2086  # one requirement per word
  .venv/bin/python -m pip download -q --no-deps --only-binary=:all: --platform any --implementation py \
    --python-version 3.12 -d .cache/wheels $lite_wheels
else
  echo "setup: node/npm not found: the Pyodide test of the Lite workbook will be skipped" >&2
fi
echo "setup: ready (.venv)"
