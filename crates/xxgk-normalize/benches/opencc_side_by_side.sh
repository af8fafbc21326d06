#!/usr/bin/env bash
# Traditional → Simplified: the `opencc` command-line tool (Debian package `opencc`,
# configuration t2s.json) and xxgk-normalize's conversion step, side by side in one run on the
# same ~20 MB corpus made by the project's own generator.
#
#   bash crates/xxgk-normalize/benches/opencc_side_by_side.sh [BYTES]
#
# Needs: `apt-get install -y opencc`. Prints the wall time of each (whole process: start,
# dictionaries, reading and writing the files), ours also the conversion alone, the speed ratio,
# and how many lines of the two outputs differ (the two use different releases of OpenCC's
# dictionaries, so a few lines may).
set -euo pipefail

BYTES=${1:-20000000}
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

command -v opencc >/dev/null || { echo "opencc not installed (apt-get install -y opencc)" >&2; exit 1; }

(cd "$ROOT" && cargo build --quiet --release -p xxgk-normalize --example t2s_side_by_side)
BIN=$TARGET/release/examples/t2s_side_by_side

"$BIN" gen "$BYTES" > "$WORK/trad.txt"
SIZE=$(stat -c %s "$WORK/trad.txt")
echo "corpus: $SIZE bytes of generated Traditional reports"

now() { date +%s.%N; }

t0=$(now)
opencc -c t2s.json -i "$WORK/trad.txt" -o "$WORK/opencc.txt"
t1=$(now)
"$BIN" convert "$WORK/trad.txt" > "$WORK/ours.txt"
t2=$(now)

awk -v s="$SIZE" -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN {
  o = b - a; x = c - b;
  printf "opencc -c t2s.json : %7.3f s  %8.1f MB/s\n", o, s / o / 1e6;
  printf "xxgk-normalize     : %7.3f s  %8.1f MB/s (whole process)\n", x, s / x / 1e6;
  printf "ratio              : %.1fx\n", o / x;
}'
DIFF=$(diff "$WORK/opencc.txt" "$WORK/ours.txt" | grep -c '^<' || true)
LINES=$(wc -l < "$WORK/trad.txt")
echo "lines differing: $DIFF of $LINES"
if [ "$DIFF" -gt 0 ]; then
  diff "$WORK/opencc.txt" "$WORK/ours.txt" | head -6
fi
