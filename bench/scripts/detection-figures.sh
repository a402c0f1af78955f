#!/bin/sh
# Every detection figure of bench/README.md in one go: the rules alone on the whole corpus, the
# tuning half and the held-out half; a model trained on the tuning half (never on the held-out
# half), scored on the held-out half, the tuning half (its own training mail) and the whole corpus.
# Prints each eval's last line and its brand and sahard rows. The model file stays in OUT_DIR: it
# is trained on ../shared and must never be committed or shipped.
# Usage: detection-figures.sh CORPUS_DIR [OUT_DIR]     (build first: mvn -B -o -q -pl functions/detect -am package -DskipTests)
set -eu
corpus=$1
out=${2:-/tmp/mailmoat-figures}
jar=$(dirname "$0")/../../functions/detect/target/mailmoat-detect.jar
mkdir -p "$out"
"$(dirname "$0")/split-halves.sh" "$corpus/labels.csv" "$out" >/dev/null
run() {
  name=$1; shift
  java -jar "$jar" eval "$@" > "$out/$name.txt"
  printf '%-28s %s   load %s\n' "$name" "$(tail -1 "$out/$name.txt")" "$(cut -d' ' -f1 /proc/loadavg)"
  grep -E '^  (brand|sahard) ' "$out/$name.txt" | sed 's/^/      /'
}
run rules-whole     --labels "$corpus/labels.csv"
run rules-tuning    --labels "$out/labels-tune.csv" --root "$corpus"
run rules-held-out  --labels "$out/labels-holdout.csv" --root "$corpus"
java -jar "$jar" train --labels "$out/labels-tune.csv" --root "$corpus" --out "$out/model-tune.bin" | sed 's/^/train: /'
run model-held-out  --labels "$out/labels-holdout.csv" --root "$corpus" --model "$out/model-tune.bin"
run model-tuning    --labels "$out/labels-tune.csv" --root "$corpus" --model "$out/model-tune.bin"
run model-whole     --labels "$corpus/labels.csv" --model "$out/model-tune.bin"
