#!/bin/sh
# "Report a missed threat" in a large tenant: the learner's search for the message and its copies,
# one mailbox at a time against several at once (see bench/README.md, "Report a missed threat").
#   bench/scripts/missed-threat-search.sh --mailboxes 500 --copies 25 --latency-ms 40 --threads 8
set -e
cd "$(dirname "$0")/../.."
if [ ! -f bench/scan/target/classpath.txt ]; then
  mvn -B -q package -DskipTests -pl bench/scan -am
fi
echo "load before: $(uptime)" >&2
java -Xmx2g -cp "bench/scan/target/classes:$(cat bench/scan/target/classpath.txt)" \
  com.mailmoat.bench.scan.MissedThreatSearchBenchmark "$@" > /dev/null
echo "load after: $(uptime)" >&2
