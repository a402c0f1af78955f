#!/usr/bin/env bash
# Time from `java -jar local/target/mailmoat-local.jar` to its ready line ("Mailmoat console: ..."),
# for a plain start and a --demo start (which also generates and loads the demo tenant).
# Usage: bench/scripts/local-startup.sh [runs]   (build first: mvn -B -q package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
jar=local/target/mailmoat-local.jar
[ -f "$jar" ] || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }

measure() {
  local label=$1; shift
  local times=()
  for _ in $(seq "$runs"); do
    local out; out=$(mktemp)
    local start; start=$(date +%s%N)
    java -jar "$jar" --port 0 --in-memory "$@" >"$out" 2>/dev/null &
    local pid=$!
    until grep -q '^Mailmoat console: ' "$out"; do
      kill -0 "$pid" 2>/dev/null || { echo "runtime exited" >&2; cat "$out" >&2; exit 1; }
      sleep 0.05
    done
    local end; end=$(date +%s%N)
    kill "$pid"; wait "$pid" 2>/dev/null || true
    rm -f "$out"
    times+=("$(( (end - start) / 1000000 ))")
  done
  printf '%s: ready after %s ms (runs: %s)\n' "$label" \
    "$(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')" "${times[*]}"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg), cores: $(nproc)"
measure "plain" 
measure "--demo" --demo
