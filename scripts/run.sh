#!/usr/bin/env bash
# The main job on the shipped samples in data/, as an instrument mentor runs it each morning:
# summarise the met days, apply QC (ARM -> CF cleanup plus two extra tests), list what the tests
# flagged, make the quicklook pages with their QC flag plots, and track heatwaves in the SST sample.
# Everything is written under out/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/atmokit-target}"
# Same profile as the tests, so one build serves both.
cargo build --workspace --all-features --locked --quiet
atmokit="$CARGO_TARGET_DIR/debug/atmokit"
mkdir -p out/qc out/track

"$atmokit" info data/atkmetS1.b1.*.cdf
for f in data/atkmetS1.b1.*.cdf; do
  "$atmokit" qc "$f" --cleanup \
    --test temp_mean:outside:-20,45:Suspect \
    --test rh_mean:persistence:10,0.0001 \
    -o "out/qc/$(basename "$f" .cdf).nc"
done
"$atmokit" qc-summary out/qc/*.nc
"$atmokit" quicklook out/qc --out out/quicklook
"$atmokit" track data/sst_cube.nc --var sst --percentile 90 --radius 3 --min-size-quantile 0.75 -o out/track/labels.nc
echo "quicklooks: out/quicklook/index.html; tracked objects: out/track/labels_objects.csv"
