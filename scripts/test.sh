#!/usr/bin/env bash
# The whole test suite: every crate, every feature, the oracle cross-checks in tests/, then the
# Python package (tests/python, against ACT) unless ATMOKIT_SKIP_PYTHON=1.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# A target folder outside the clone is reused between runs when it exists.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/atmokit-target}"
# The Python venv first: some Rust tests write their HDF5 fixtures with its h5py / netCDF4-python.
if [ "${ATMOKIT_SKIP_PYTHON:-0}" != 1 ]; then
  PY="$(bash scripts/python-env.sh | tail -n 1)"
fi
cargo test --workspace --all-features --locked "$@"
if [ "${ATMOKIT_SKIP_PYTHON:-0}" != 1 ]; then
  bash scripts/browser-env.sh
  # The CLI that `cargo test` just built (the browser test runs it; no second build).
  if [ -x "$CARGO_TARGET_DIR/debug/atmokit" ]; then export ATMOKIT_BIN="${ATMOKIT_BIN:-$CARGO_TARGET_DIR/debug/atmokit}"; fi
  # pytest's exit code 5 (no tests collected) fails the run like any other failure.
  "$PY" -m pytest -q -p no:cacheprovider tests/python
fi
