#!/usr/bin/env bash
# Long netCDF-4 fuzz run: restarts the harness after a crash or hang at the next seed, records
# every finding and counts executions.
#   bash tests/fuzz/netcdf4-long.sh FUZZ_BINARY TOTAL_EXECUTIONS [FIRST_SEED] [LOG_DIR]
# FUZZ_BINARY is the `fuzz` test binary (cargo test --release -p atmokit-tests --features fuzz
# --test fuzz --no-run prints it). Findings go to LOG_DIR/findings.txt (seed, file, exit code)
# with the case file kept as LOG_DIR/seed<N>.nc; totals to LOG_DIR/summary.txt.
set -uo pipefail
bin="$1"
total="$2"
seed="${3:-1}"
logs="${4:-$(mktemp -d)}"
mkdir -p "$logs"
state="$logs/state"
done_execs=0
runs=0
while [ "$done_execs" -lt "$total" ]; do
  runs=$((runs + 1))
  ATMOKIT_FUZZ_SEED="$seed" ATMOKIT_FUZZ_STATE="$state" ATMOKIT_FUZZ_SECS="${ATMOKIT_FUZZ_SECS:-600}" \
    "$bin" netcdf4 --nocapture >"$logs/run.log" 2>&1
  rc=$?
  line=$(grep -a "fuzz netcdf4: .* executions in" "$logs/run.log" | tail -n 1)
  if [ "$rc" -eq 0 ] && [ -n "$line" ]; then
    n=$(echo "$line" | sed -E 's/.*fuzz netcdf4: ([0-9]+) executions.*/\1/')
    done_execs=$((done_execs + n))
    seed=$((seed + n))
    echo "$line" >>"$logs/runs.txt"
  else
    read -r bad file <"$state"
    done_execs=$((done_execs + bad - seed + 1))
    echo "seed $bad $file exit $rc" >>"$logs/findings.txt"
    grep -a -E "hangs|panicked|free\(\)|corruption|read took" "$logs/run.log" | head -n 3 >>"$logs/findings.txt"
    ATMOKIT_FUZZ_SEED="$bad" ATMOKIT_FUZZ_WRITE="$logs/seed$bad.nc" "$bin" netcdf4 --nocapture >/dev/null 2>&1
    seed=$((bad + 1))
  fi
  findings=$(grep -c '^seed' "$logs/findings.txt" 2>/dev/null || echo 0)
  echo "executions $done_execs, runs $runs, next seed $seed, findings $findings" >"$logs/summary.txt"
done
cat "$logs/summary.txt"
