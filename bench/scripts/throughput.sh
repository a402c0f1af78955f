#!/bin/sh
# Runs the engine's eval RUNS times (default 3) on a labels file and prints each run's last line
# (recall, FPR, single-thread msgs/s of CPU time) and the machine's load beside it: on a shared
# machine one run can be far off, so compare the best and the median, not a single figure.
# Usage: throughput.sh LABELS.csv [RUNS]
set -eu
labels=$1
runs=${2:-3}
jar=$(dirname "$0")/../../functions/detect/target/mailmoat-detect.jar
i=0
while [ "$i" -lt "$runs" ]; do
  line=$(java -jar "$jar" eval --labels "$labels" | tail -1)
  echo "$line   load: $(cut -d' ' -f1 /proc/loadavg)"
  i=$((i + 1))
done
