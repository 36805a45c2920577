#!/usr/bin/env bash
# Where a sample's *time* goes, by function: `perf record -e cpu-clock` (a timer, so it works in
# VMs without hardware counters) over `starmill generate` of a copy of the recipe, one thread.
# Complements scripts/sample-instructions.sh: a function whose share of time exceeds its share of
# instructions is waiting on memory or mispredicted branches (session 8: `drawStamp` 12 % of the
# time, 9 % of the instructions).
#
#   scripts/sample-time-shares.sh [BINARY] [RECIPE] [SAMPLES] [ROWS]
#
# BINARY defaults to .build/release/starmill, RECIPE to Recipes/bench.yaml, SAMPLES to 3000 (in
# shards of 500), ROWS to 30. Prints the top functions by share of the run's samples (start-up,
# ≈ 0.3 s, included: use enough samples that it is small).
set -euo pipefail
binary=${1:-.build/release/starmill}
recipe=${2:-Recipes/bench.yaml}
samples=${3:-3000}
rows=${4:-30}
command -v perf >/dev/null || { echo "sample-time-shares: needs perf (apt install linux-perf)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed -e "s/^samples: .*/samples: $samples/" -e "s/^shard_size: .*/shard_size: 500/" "$recipe" > "$work/recipe.yaml"
perf record -q -F 2000 -e cpu-clock -o "$work/perf.data" "$binary" generate "$work/recipe.yaml" \
  --out "$work/shards" --threads 1 >/dev/null 2>&1
"$binary" --version
perf report -i "$work/perf.data" --no-children --sort dso,sym --stdio 2>/dev/null | swift demangle --simplified \
  | grep -v '^#' | grep -v '^$' | head -n "$rows" | cut -c1-160
