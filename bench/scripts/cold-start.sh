#!/usr/bin/env bash
# Cold start of each Lambda function: a fresh JVM per run, pinned to one core (taskset -c 0), with
# the template's JAVA_TOOL_OPTIONS and exactly the class path of the function's deployment zip
# (lib/*.jar, unzipped to a temporary directory) plus the driver (com.mailmoat.bench.coldstart.ColdStart)
# and Lambda's event serialisers. Each run handles the function's events/ sample against a running
# local runtime's DynamoDB Local, ElasticMQ, SES endpoint and Microsoft 365 simulator, with the
# environment the runtime writes for that function (<LogicalId>.env).
#
# Prints per function: zip size (zipped / unzipped = sum of lib/), the median of RUNS of
#   JVM start -> first response, its parts (init = handler constructor, first request), and the
#   first request after SnapStart priming (--prime: beforeCheckpoint/afterRestore run after init),
# and the load average beside each.
#
# Usage: bench/scripts/cold-start.sh [-n RUNS] [--prime] [--classes] [--zip-dir DIR] [function ...]
#   functions are module names (signup notification console-api sso-callback; default: all with a zip)
#   --prime    also RUNS runs that prime after init (SnapStart), for the first-request-after-priming column
#   --classes  one more run per function with -Xlog:class+load: classes loaded per phase, by origin
#   --zip-dir  take <function>.zip from DIR instead of functions/<function>/target/ (e.g. a variant)
# COLD_START_JAVA_OPTS adds JVM options to every run (experiments; the table header shows them).
# Build first: mvn -B -q package -DskipTests
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
runs=5
classes=false
prime=false
zipdir=
functions=()
while [ $# -gt 0 ]; do
  case $1 in
    -n) runs=$2; shift 2 ;;
    --classes) classes=true; shift ;;
    --prime) prime=true; shift ;;
    --zip-dir) zipdir=$2; shift 2 ;;
    *) functions+=("$1"); shift ;;
  esac
done
local_jar=local/target/mailmoat-local.jar
driver=bench/target/classes
[ -f "$local_jar" ] && [ -f "$driver/com/mailmoat/bench/coldstart/ColdStart.class" ] && [ -d bench/target/cold-start ] \
  || { echo "build first: mvn -B -q package -DskipTests" >&2; exit 1; }
if [ ${#functions[@]} -eq 0 ]; then
  for z in functions/*/target/*.zip; do functions+=("$(basename "$(dirname "$(dirname "$z")")")"); done
fi

work=$(mktemp -d)
local_pid=
cleanup() {
  [ -n "$local_pid" ] && kill "$local_pid" 2>/dev/null && wait "$local_pid" 2>/dev/null
  if [ -n "${KEEP_WORK:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

# One local runtime for all runs: its stand-ins are what the functions talk to.
java -jar "$local_jar" --in-memory --port 0 --demo >"$work/local.out" 2>"$work/local.err" &
local_pid=$!
until grep -qs '^Mailmoat console: ' "$work/local.out"; do
  kill -0 "$local_pid" 2>/dev/null || { echo "local runtime exited" >&2; cat "$work/local.err" >&2; exit 1; }
  sleep 0.2
done
console=$(sed -n 's/^Mailmoat console: //p' "$work/local.out")
envdir=$(sed -n 's/^Function environments: \([^ ]*\).*/\1/p' "$work/local.out")
read -r demo_email demo_password < <(sed -n 's/^Demo console login: //p' "$work/local.out")
# A real session in the local Tokens table, for the samples that need one.
session=$(curl -s -D - -o /dev/null -X POST "${console}api/login" -H "Origin: ${console%/}" \
  -H 'Content-Type: application/json' -d "{\"email\":\"$demo_email\",\"password\":\"$demo_password\"}" \
  | sed -n 's/^[Ss]et-[Cc]ookie: mm_session=\([^;]*\).*/\1/p')
[ -n "$session" ] || { echo "could not sign in to the local runtime" >&2; exit 1; }

# <LogicalId> and handler class of the function whose CodeUri is functions/<module>/target/<module>.zip
template_function() {
  awk -v uri="functions/$1/target/$1.zip" '
    /^  [A-Za-z0-9]+:$/ { id = substr($1, 1, length($1) - 1) }
    $1 == "CodeUri:" && $2 == uri { found = id }
    found == id && $1 == "Handler:" { split($2, h, "::"); print found, h[1]; exit }' template.yaml
}

# The sample each function runs, and how to make every run do the whole work.
sample_args() {
  case $1 in
    SignupFunction) echo "events/SignupFunction.json --unique admin@contoso.example" ;;
    NotificationFunction) echo "events/NotificationFunction.json --unique 5f0b8a52-3c8e-4b7e-9d8e-0d6c2b1f9a11" ;;
    ConsoleApiFunction) echo "events/ConsoleApiFunction.json --set replace-with-a-session-token=$session" ;;
    SsoCallbackFunction) echo "events/SsoCallbackFunction-consent.json --set replace-with-a-session-token=$session" ;;
    *) echo "events/$1.json" ;;
  esac
}

median() { sort -n | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}'; }
field() { sed -n "s/.* $1=\([0-9.]*\).*/\1/p"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "machine: $(nproc) cores, $(java -version 2>&1 | head -1), runs per figure: $runs, one core (taskset -c 0)${COLD_START_JAVA_OPTS:+, extra JVM options: $COLD_START_JAVA_OPTS}"
printf '| function | zip (zipped / unzipped) | JVM start -> first response, median (runs) | CPU time to it | init (handler constructor) | first request: event decode + handler | after priming: event decode + handler (priming took) | load at start |\n'
printf '|---|---|---|---|---|---|---|---|\n'
for module in "${functions[@]}"; do
  zip=${zipdir:+$zipdir/$module.zip}; zip=${zip:-functions/$module/target/$module.zip}
  read -r logical handler < <(template_function "$module")
  dir=$work/$module
  rm -rf "$dir" && mkdir -p "$dir" && unzip -q "$zip" -d "$dir"
  zipped=$(stat -c %s "$zip")
  unzipped=$(cat "$dir"/lib/*.jar | wc -c)
  mapfile -t envs < "$envdir/$logical.env"
  # The samples were written for the template's default console URL (their Origin header).
  envs+=("CONSOLE_URL=https://console.mailmoat.example/" "AWS_LAMBDA_FUNCTION_NAME=$logical")
  read -r -a sample < <(sample_args "$logical")
  cp="$dir/lib/*:$root/$driver:$root/bench/target/cold-start/*"
  run() { # extra java options..., then -- driver options
    local jopts=()
    while [ "$1" != "--" ]; do jopts+=("$1"); shift; done; shift
    # shellcheck disable=SC2086 # COLD_START_JAVA_OPTS: extra JVM options for experiments, split on spaces
    env -i PATH="$PATH" HOME="$HOME" "${envs[@]}" taskset -c 0 \
      java -Dcoldstart.t0="$(date +%s%N)" ${COLD_START_JAVA_OPTS:-} "${jopts[@]}" -cp "$cp" com.mailmoat.bench.coldstart.ColdStart \
      "$handler" "${sample[@]}" "$@" 2>>"$work/$module.err" | grep '^coldstart ' \
      || { echo "  $module: a run failed (last lines of its log below)" >&2; tail -5 "$work/$module.err" >&2; }
  }
  start_load=$(load)
  : >"$work/$module.plain"; : >"$work/$module.primed"
  for _ in $(seq "$runs"); do
    run -- >>"$work/$module.plain"
    if $prime; then run -- --prime >>"$work/$module.primed"; fi
  done
  total=$(field total_ms <"$work/$module.plain" | median)
  cpu=$(field cpu_ms <"$work/$module.plain" | median)
  init=$(field init_ms <"$work/$module.plain" | median)
  decode=$(field event_decode_ms <"$work/$module.plain" | median)
  handle=$(field handle_ms <"$work/$module.plain" | median)
  pdecode=$(field event_decode_ms <"$work/$module.primed" | median); pdecode=${pdecode:-n/a}
  phandle=$(field handle_ms <"$work/$module.primed" | median); phandle=${phandle:-n/a}
  priming=$(field prime_ms <"$work/$module.primed" | median); priming=${priming:-n/a}
  result=$(sed -n 's/.* result=//p' "$work/$module.plain" | sort | uniq -c | sort -rn | head -1 | sed 's/^ *[0-9]* //')
  printf '| %s | %.1f / %.1f MB | **%s ms** (%s) | %s ms | %s ms | %s + %s ms | %s + %s ms (%s ms) | %s |\n' "$module" \
    "$(echo "$zipped / 1000000" | bc -l)" "$(echo "$unzipped / 1000000" | bc -l)" "$total" \
    "$(field total_ms <"$work/$module.plain" | tr '\n' ' ' | sed 's/ $//')" "$cpu" "$init" "$decode" "$handle" \
    "$pdecode" "$phandle" "$priming" "$start_load"
  echo "  $module: $logical $handler, sample ${sample[0]} -> $result" >&2
  if $classes; then
    run -Xlog:class+load=info:file="$work/$module.classes":uptime -- >/dev/null
    echo "  $module class loading by phase (one more run, -Xlog:class+load; time = JVM uptime at the phase's end):" >&2
    awk -v top=6 '
      function origin(line,   o) {
        o = line; sub(/.*source: /, "", o)
        if (o ~ /^shared objects file/) return "jdk (CDS archive)"
        if (o ~ /^jrt:/) return "jdk (modules)"
        if (o ~ /__JVM_/ || o ~ /^instance of/ ) return "generated (lambdas, proxies)"
        if (o !~ /\//) return "generated (lambdas, proxies)"
        sub(/.*\//, "", o); sub(/\.jar$/, "", o); sub(/-[0-9][0-9.]*(-SNAPSHOT)?$/, "", o)
        return o
      }
      function flush(name, at,   n, o, line, k) {
        printf "    %-12s ends %6.0f ms  %5d classes:", name, at * 1000, count
        n = 0
        for (k = 0; k < top; k++) {
          best = ""; bestn = 0
          for (o in per) if (per[o] > bestn) { best = o; bestn = per[o] }
          if (best == "") break
          printf " %s %d,", best, bestn; delete per[best]
        }
        printf "\n"
        delete per; count = 0
      }
      /source:/ {
        t = $1; gsub(/[\[\]s]/, "", t)
        if ($2 ~ /ColdStart\$Phase\$/) { name = $2; sub(/.*\$/, "", name); flush(name == "Started" ? "JVM start" : name == "Initialised" ? "init" : name == "Decoded" ? "event decode" : name == "Responded" ? "handle" : name, t); next }
        if ($2 ~ /ColdStart/) next
        count++; per[origin($0)]++
      }' "$work/$module.classes" >&2
  fi
done
