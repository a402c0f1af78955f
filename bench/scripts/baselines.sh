#!/usr/bin/env bash
# Runs the offline baselines (SpamAssassin local tests only, rspamd without network lookups) on
# the labelled corpus and prints recall / false-positive rate per subset, like `eval`.
# Everything listens on loopback only. Needs: apt-get install -y spamassassin rspamd
# Usage: bench/scripts/baselines.sh /path/to/corpus [outdir] [every]
#   every=N judges every N-th labelled message only (a stratified sample: SpamAssassin needs
#   about half a second per message).
set -euo pipefail
CORPUS=${1:?corpus folder with labels.csv}
OUT=${2:-/tmp/mailmoat-baselines}
EVERY=${3:-1}
mkdir -p "$OUT"
tail -n +2 "$CORPUS/labels.csv" | tr -d '\r' | awk -v n="$EVERY" '(NR - 1) % n == 0' > "$OUT/sample.csv"

# --- SpamAssassin: spamd on loopback, local tests only (-L), no auto-learning
spamd -L --listen=127.0.0.1:7830 --allowed-ips=127.0.0.1 --max-children=2 --pidfile="$OUT/spamd.pid" \
      --siteconfigpath=/etc/spamassassin -d
for i in $(seq 1 60); do spamc -d 127.0.0.1 -p 7830 -c </dev/null >/dev/null 2>&1 && break; sleep 1; done
start=$(date +%s.%N)
while IFS=, read -r path label; do
  score=$(spamc -d 127.0.0.1 -p 7830 -c < "$CORPUS/$path" || true)
  echo "$path,$label,$score"
done < "$OUT/sample.csv" > "$OUT/spamassassin.csv"
end=$(date +%s.%N)
echo "spamassassin_seconds=$(echo "$end - $start" | bc)" > "$OUT/spamassassin.time"
kill "$(cat "$OUT/spamd.pid")" || true

# --- rspamd: default configuration, DNS pointed at loopback (so no lookups leave the machine)
mkdir -p "$OUT/rspamd-local"
cat > "$OUT/rspamd-local/options.inc" <<'CONF'
dns { nameserver = ["127.0.0.1:53"]; timeout = 0.2s; retransmits = 0; }
CONF
cp "$OUT/rspamd-local/options.inc" /etc/rspamd/local.d/options.inc
cat > /etc/rspamd/local.d/worker-normal.inc <<'CONF'
bind_socket = "127.0.0.1:11333";
CONF
cat > /etc/rspamd/local.d/worker-controller.inc <<'CONF'
bind_socket = "127.0.0.1:11334";
CONF
cat > /etc/rspamd/local.d/worker-proxy.inc <<'CONF'
bind_socket = "127.0.0.1:11332";
CONF
setsid rspamd -f -u _rspamd -g _rspamd > "$OUT/rspamd.log" 2>&1 &
RSPAMD_PID=$!
for i in $(seq 1 60); do rspamc -h 127.0.0.1:11333 stat >/dev/null 2>&1 && break; sleep 1; done
start=$(date +%s.%N)
while IFS=, read -r path label; do
  res=$(rspamc -h 127.0.0.1:11333 < "$CORPUS/$path" 2>/dev/null | grep -E '^(Action|Score):' | tr '\n' ' ' || true)
  echo "$path,$label,$res"
done < "$OUT/sample.csv" > "$OUT/rspamd.csv"
end=$(date +%s.%N)
echo "rspamd_seconds=$(echo "$end - $start" | bc)" > "$OUT/rspamd.time"
kill "$RSPAMD_PID" || true

python3 - "$OUT" <<'PY'
import sys, collections
out = sys.argv[1]
def report(name, flagged_of):
    rows = [(l.rstrip('\n').split(',', 2) + [''])[:3] for l in open(f"{out}/{name}.csv")]
    sub = collections.defaultdict(lambda: [0, 0])
    tp = fn = fp = tn = 0
    for path, label, res in rows:
        f = flagged_of(res)
        s = path.split('/')[-1].split('-')[0] + (' (phish)' if label == 'phish' else ' (ham)')
        sub[s][0] += 1; sub[s][1] += f
        if label == 'phish': tp += f; fn += not f
        else: fp += f; tn += not f
    print(f"== {name}: recall={tp/(tp+fn):.3f} fpr={fp/(fp+tn):.3f}  (phish {tp}/{tp+fn}, ham {fp}/{fp+tn})")
    for k in sorted(sub): print(f"   {k:22s} {sub[k][0]:5d} messages {sub[k][1]:5d} flagged {sub[k][1]/sub[k][0]:.3f}")
# spamc -c prints "score/threshold"
report('spamassassin', lambda r: r.strip() != '' and float(r.split('/')[0]) >= float(r.split('/')[1]))
# rspamd: spam actions only (greylist is a temporary deferral, not a verdict)
report('rspamd', lambda r: any(a in r for a in ('add header', 'rewrite subject', 'reject')))
PY
cat "$OUT"/*.time
