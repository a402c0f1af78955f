#!/usr/bin/env bash
# The catch-up's benchmark (issue 17): starts a local runtime (in memory) whose catch-up schedule
# runs every PERIOD seconds (15 minutes in AWS), then runs com.mailmoat.bench.realtime.CatchUpBench
# on the mail-events function's deployment class path:
#   1. an account in Protect with one Graph subscription per mailbox; malicious messages delivered at
#      a steady rate while the simulator drops DROP of the change notifications: delivery -> checked
#      (in quarantine), p50 / p99 / max, and how many were moved more than once;
#   2. with no mail, the Graph requests the catch-up makes per mailbox and run, and per mailbox and day
#      at AWS's 15-minute schedule.
# Prints the machine's load beside each figure.
#
# Usage: bench/scripts/catchup.sh [--period 30] [--drop 0.3] [--quiet-periods 4] [--mailboxes 5]
#                                 [--messages 60] [--rate 1] [--latency-ms 40]
# Build first: mvn -B -q package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/../.."
local_jar=local/target/mailmoat-local.jar
zip=functions/mail-events/target/mail-events.zip
[ -f "$local_jar" ] && [ -f "$zip" ] && [ -f bench/target/classes/com/mailmoat/bench/realtime/CatchUpBench.class ] \
  || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
work=$(mktemp -d)
local_pid=
cleanup() {
  local status=$?
  # The stopped runtime's wait answers 143: under set -e that must not end the trap.
  { [ -n "$local_pid" ] && kill "$local_pid" 2>/dev/null && wait "$local_pid" 2>/dev/null; } || true
  if [ -n "${KEEP_WORK:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
  exit "$status" # the benchmark's status, not the stopped runtime's
}
trap cleanup EXIT

period=30
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  [ "${args[$i]}" = "--period" ] && period=${args[$((i + 1))]}
done
java -Xmx1g -jar "$local_jar" --in-memory --port 0 \
  --set "MAILMOAT_LOCAL_SCHEDULE_SECONDS.CatchUpScheduleFunction.CatchUp=$period" >"$work/local.out" 2>"$work/local.err" &
local_pid=$!
until grep -qs '^Mailmoat console: ' "$work/local.out"; do
  kill -0 "$local_pid" 2>/dev/null || { echo "local runtime exited" >&2; tail -20 "$work/local.err" >&2; exit 1; }
  sleep 0.2
done
envdir=$(sed -n 's/^Function environments: \([^ ]*\).*/\1/p' "$work/local.out")
simulator=$(sed -n 's/^Microsoft 365 simulator: //p' "$work/local.out")
mkdir -p "$work/zip" && unzip -q "$zip" -d "$work/zip"
echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), load at start $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx512m -cp "$work/zip/lib/*:bench/target/classes" com.mailmoat.bench.realtime.CatchUpBench \
  --env-dir "$envdir" --simulator "$simulator" "$@" >"$work/bench.out" 2>"$work/bench.err" \
  || { echo "the benchmark failed; last lines of its log:" >&2; tail -30 "$work/bench.err" >&2; exit 1; }
# The handler's JSON log lines go to stdout as Lambda's do; the results are the other lines.
grep -v '^{' "$work/bench.out"
