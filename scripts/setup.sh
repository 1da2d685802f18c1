#!/usr/bin/env bash
# Set up ita_xl on a fresh Debian/Ubuntu machine: system packages for the PDF report
# (LibreOffice, poppler, Thai fonts), then a virtual environment with the package and its extras.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v soffice >/dev/null 2>&1 || need_apt+=(libreoffice-writer libreoffice-calc)
command -v pdftoppm >/dev/null 2>&1 || need_apt+=(poppler-utils)
# Gnumeric's ssconvert recalculates the workbook as a second engine in tests/test_rounding.py.
command -v ssconvert >/dev/null 2>&1 || need_apt+=(gnumeric)
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

# The Lite test's Pyodide runtimes (the one xlwings Lite runs now and the one before), offline:
# each npm package and the wheels Lite installs into its own folder of the git-ignored .cache/.
bash scripts/setup_pyodide.sh
echo "setup: ready (.venv)"
