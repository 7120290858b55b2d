#!/usr/bin/env bash
# The Python side: a venv in a cache folder outside the clone (reused between runs) with the
# packages of scripts/python-requirements.txt (xarray, dask, pytest, act-atmos for comparisons),
# and the atmokit extension built from this checkout into it (`maturin develop`, editable).
# Prints the venv's python on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."
CACHE="${ATMOKIT_CACHE:-$HOME/.cache/atmokit}"
VENV="$CACHE/venv"
REQ=scripts/python-requirements.txt
mkdir -p "$CACHE"
if ! [ -x "$VENV/bin/python" ]; then
  PY="${PYTHON:-python3}"
  if ! "$PY" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    echo "python-env: installing python3-venv" >&2
    SUDO=""; if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends python3 python3-venv python3-pip >/dev/null
  fi
  echo "python-env: creating $VENV" >&2
  "$PY" -m venv "$VENV"
fi
stamp="$VENV/.atmokit-requirements.sha256"
want="$(sha256sum "$REQ" | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "python-env: installing $REQ" >&2
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -U pip >&2
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$REQ" >&2
  echo "$want" > "$stamp"
fi
# Build the extension with the same target folder as the Rust tests (cargo only rebuilds what changed).
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/atmokit-target}"
VIRTUAL_ENV="$VENV" PATH="$VENV/bin:$PATH" \
  "$VENV/bin/maturin" develop --quiet -m crates/atmokit-python/Cargo.toml ${ATMOKIT_PY_RELEASE:+--release} >&2 2> >(grep -v -e patchelf -e 'rpath' >&2)
echo "$VENV/bin/python"
