#!/bin/sh
# End-to-end Threat Scan benchmark against the simulator (see bench/README.md, "Threat Scan at scale").
#   bench/scripts/scan-bench.sh --mailboxes 200 --messages 300 --latency-ms 40 [--workers 16] [--slots 16]
#       [--batch 20] [--page 50] [--memory-mb 1536] [--faults "throttle=0.1"] [--aws-latency-ms 0] [--report FILE]
# The report goes to stderr (and FILE); the functions' JSON logs to ${SCAN_BENCH_LOGS:-/tmp/scan-bench-logs.json}.
set -e
cd "$(dirname "$0")/../.."
if [ ! -f bench/scan/target/classpath.txt ]; then
  mvn -B -q package -DskipTests -pl bench/scan -am
fi
echo "load before: $(uptime)" >&2
java -Xmx8g -cp "bench/scan/target/classes:$(cat bench/scan/target/classpath.txt)" \
  com.mailmoat.bench.scan.ScanBenchmark "$@" > "${SCAN_BENCH_LOGS:-/tmp/scan-bench-logs.json}"
echo "load after: $(uptime)" >&2
