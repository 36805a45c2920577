#!/usr/bin/env bash
# Instructions per sample of `starmill generate`, by part, under callgrind: the repeatable
# measure on shared machines, where wall-clock rates move by up to 2× (docs/scaling.md).
#
#   scripts/sample-instructions.sh [BINARY] [RECIPE] [SAMPLES]
#
# BINARY defaults to .build/release/starmill, RECIPE to Recipes/bench.yaml, SAMPLES to 60 (the
# recipe is copied with that many samples in one shard; one thread). Valgrind 3.19 cannot read
# DWARF 5, so a copy stripped of debug info is profiled, beside the original so that its
# resources resolve. Prints millions of instructions per sample for the whole sample and its
# parts, and the whole process (start-up included).
set -euo pipefail
binary=${1:-.build/release/starmill}
recipe=${2:-Recipes/bench.yaml}
samples=${3:-60}
command -v valgrind >/dev/null || { echo "sample-instructions: needs valgrind (apt install valgrind)" >&2; exit 1; }
work=$(mktemp -d)
profiled="$(dirname "$binary")/.starmill-callgrind-$$"
trap 'rm -rf "$work" "$profiled"' EXIT
cp "$binary" "$profiled"
strip --strip-debug "$profiled"
sed -e "s/^samples: .*/samples: $samples/" -e "s/^shard_size: .*/shard_size: $samples/" "$recipe" > "$work/recipe.yaml"
valgrind --tool=callgrind --callgrind-out-file="$work/out.cg" "$profiled" generate "$work/recipe.yaml" \
  --out "$work/shards" --threads 1 >/dev/null 2>&1
callgrind_annotate --inclusive=yes --threshold=100 "$work/out.cg" 2>/dev/null | swift demangle --simplified \
  > "$work/inclusive.txt"
"$binary" --version
awk -v samples="$samples" '
  function part(label, pattern) {
    for (i = 1; i <= n; i++) if (index(name[i], pattern)) { printf "%-34s %8.2f\n", label, count[i] / samples / 1e6; return }
    printf "%-34s %8s\n", label, "–"
  }
  # The sum of two functions that do not call each other (first match of each).
  function sum(label, first, second,    i, total, found) {
    for (i = 1; i <= n; i++) if (index(name[i], first)) { total += count[i]; found++; break }
    for (i = 1; i <= n; i++) if (index(name[i], second)) { total += count[i]; found++; break }
    if (found == 2) printf "%-34s %8.2f\n", label, total / samples / 1e6
    else printf "%-34s %8s\n", label, "–"
  }
  /PROGRAM TOTALS/ { gsub(",", "", $1); total = $1 }
  /\?\?\?:/ { n++; c = $1; gsub(",", "", c); count[n] = c; name[n] = $0 }
  END {
    printf "%-34s %8s\n", "part (M instructions per sample)", "M"
    part("whole sample (simulate)", "DatasetPlan.simulate(sampleIndex:)")
    part("  scene", "DatasetPlan.scene(sampleIndex:")
    part("  render", "Renderer.render(_:workspace:)")
    part("  pixel noise", "NoiseModel.addNoise(to:band:generator:)")
    # Images in batches as samples arrive (append), then the columns and close (finish).
    sum("shard write", "ShardStreamWriter.append(", "ShardStreamWriter.finish(")
    printf "%-34s %8.0f M\n", "whole process, start-up included", total / 1e6
  }' "$work/inclusive.txt"
