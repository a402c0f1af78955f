#!/bin/sh
# Splits a labels file (path,label) into the tuning half and the held-out half of the detection
# rules' development: a message belongs to the tuning half when the first byte of the MD5 of its
# file name is even. Rules were tuned looking only at the tuning half; the held-out half shows
# how the rules generalise. The tuning half is split again into two folds for cross-validation
# inside it (labels-tune-a.csv: second byte of the MD5 even; labels-tune-b.csv: odd), which is how
# the learning layer's settings were chosen. Usage: split-halves.sh LABELS.csv OUT_DIR
set -eu
labels=$1
out=$2
mkdir -p "$out"
echo "path,label" > "$out/labels-tune.csv"
echo "path,label" > "$out/labels-holdout.csv"
echo "path,label" > "$out/labels-tune-a.csv"
echo "path,label" > "$out/labels-tune-b.csv"
tail -n +2 "$labels" | while IFS=, read -r path label; do
  name=$(basename "$path")
  md5=$(printf '%s' "$name" | md5sum)
  byte=$(printf '%s' "$md5" | cut -c1-2)
  second=$(printf '%s' "$md5" | cut -c3-4)
  if [ $(( 0x$byte % 2 )) -eq 0 ]; then
    echo "$path,$label" >> "$out/labels-tune.csv"
    if [ $(( 0x$second % 2 )) -eq 0 ]; then
      echo "$path,$label" >> "$out/labels-tune-a.csv"
    else
      echo "$path,$label" >> "$out/labels-tune-b.csv"
    fi
  else
    echo "$path,$label" >> "$out/labels-holdout.csv"
  fi
done
wc -l "$out/labels-tune.csv" "$out/labels-holdout.csv" "$out/labels-tune-a.csv" "$out/labels-tune-b.csv"
