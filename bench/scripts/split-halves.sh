#!/bin/sh
# Splits a labels file (path,label) into the tuning half and the held-out half of the detection
# rules' development: a message belongs to the tuning half when the first byte of the MD5 of its
# file name is even. Rules were tuned looking only at the tuning half; the held-out half shows
# how the rules generalise. Usage: split-halves.sh LABELS.csv OUT_DIR
set -eu
labels=$1
out=$2
mkdir -p "$out"
echo "path,label" > "$out/labels-tune.csv"
echo "path,label" > "$out/labels-holdout.csv"
tail -n +2 "$labels" | while IFS=, read -r path label; do
  name=$(basename "$path")
  byte=$(printf '%s' "$name" | md5sum | cut -c1-2)
  if [ $(( 0x$byte % 2 )) -eq 0 ]; then
    echo "$path,$label" >> "$out/labels-tune.csv"
  else
    echo "$path,$label" >> "$out/labels-holdout.csv"
  fi
done
wc -l "$out/labels-tune.csv" "$out/labels-holdout.csv"
