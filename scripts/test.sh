#!/usr/bin/env bash
# The whole test suite: every crate, every feature, the oracle cross-checks in tests/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# A target folder outside the clone is reused between runs when it exists.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/atmokit-target}"
cargo test --workspace --all-features --locked "$@"
