#!/usr/bin/env bash
# The main job on the shipped samples in data/: summarise the met days read as one dataset.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/atmokit-target}"
# Same profile as the tests, so one build serves both.
cargo build --workspace --all-features --locked --quiet
atmokit="$CARGO_TARGET_DIR/debug/atmokit"
"$atmokit" info data/
