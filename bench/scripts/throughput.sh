#!/bin/sh
# Runs the engine's eval RUNS times (default 5) on a labels file and prints each run's last line
# (recall, FPR, single-thread msgs/s: the median of the run's timed passes, in CPU time of the
# thread) with the machine's load before it: on a shared machine quote the median of the runs and
# the loads, never one run. JAVA_OPTS defaults to the serial collector, which AWS Lambda's Java
# runtimes use; the JVM's own default (G1) costs the evaluating thread about a fifth more CPU per
# message through its barriers. Set JAVA_OPTS= (empty) to measure with the JVM default.
# Usage: throughput.sh LABELS.csv [RUNS]      (build first: mvn -B -o -q -pl functions/detect -am package -DskipTests)
set -eu
labels=$1
runs=${2:-5}
opts=${JAVA_OPTS--XX:+UseSerialGC}
jar=$(dirname "$0")/../../functions/detect/target/mailmoat-detect.jar
i=0
while [ "$i" -lt "$runs" ]; do
  load=$(cut -d' ' -f1 /proc/loadavg)
  # shellcheck disable=SC2086
  line=$(java $opts -jar "$jar" eval --labels "$labels" | tail -1)
  echo "$line   load before: $load, after: $(cut -d' ' -f1 /proc/loadavg)   java $opts"
  i=$((i + 1))
done
