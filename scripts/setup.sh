#!/usr/bin/env bash
# Set up countybrief on a fresh Debian/Ubuntu machine: system packages (Chromium for PDF,
# Noto CJK fonts, poppler-utils), then a virtual environment in .venv with the package.
# Safe to re-run. Set COUNTYBRIEF_SKIP_APT=1 to skip the apt step, COUNTYBRIEF_EXTRAS to choose
# the extras installed (default test,dask).
set -euo pipefail
cd "$(dirname "$0")/.."

SYSTEM_PACKAGES=(chromium fonts-noto-cjk poppler-utils python3-venv)

have_chromium() { command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null || [ -n "${COUNTYBRIEF_CHROMIUM:-}" ]; }
have_cjk_font() { fc-list :lang=zh 2>/dev/null | grep -qi "Noto Sans CJK"; }
have_poppler() { command -v pdftotext >/dev/null && command -v pdffonts >/dev/null; }

if [ -z "${COUNTYBRIEF_SKIP_APT:-}" ] && { ! have_chromium || ! have_cjk_font || ! have_poppler; }; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO="sudo"; else SUDO="none"; fi
  fi
  if command -v apt-get >/dev/null && [ "$SUDO" != none ]; then
    echo "setup: installing ${SYSTEM_PACKAGES[*]} with apt-get" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${SYSTEM_PACKAGES[@]}" fontconfig >/dev/null
  fi
fi

missing=()
have_chromium || missing+=("chromium (Debian/Ubuntu: apt-get install chromium; or set COUNTYBRIEF_CHROMIUM=/path/to/chrome)")
have_cjk_font || missing+=("Noto Sans CJK fonts (apt-get install fonts-noto-cjk)")
have_poppler || missing+=("poppler-utils: pdftotext, pdffonts (apt-get install poppler-utils; needed by the tests)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: these system parts are missing and could not be installed (no apt-get or no root):" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  echo "setup: install them, then re-run scripts/setup.sh" >&2
  exit 1
fi

PYTHON="${PYTHON:-python3}"
"$PYTHON" - <<'PY' || { echo "setup: countybrief needs Python >= 3.10 (found $("$PYTHON" --version 2>&1))" >&2; exit 1; }
import sys; sys.exit(sys.version_info < (3, 10))
PY
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
# The package with the extras the test suite needs: test (pytest, pypdf, pyftpdlib, jupytext)
# and dask (the --scheduler path is tested on a LocalCluster). `pip install .` alone is enough
# for the main job, JupyterLab included.
EXTRAS="${COUNTYBRIEF_EXTRAS:-test,dask}"
.venv/bin/python -m pip install -q -e ".[$EXTRAS]"
echo "setup: ready (.venv/bin/countybrief)" >&2
