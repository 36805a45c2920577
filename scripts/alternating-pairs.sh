#!/usr/bin/env bash
# Two builds' process CPU time for `starmill generate`, in N pairs of runs whose order alternates
# (A B, B A, A B, …), so that neither build always runs first on a machine whose speed drifts
# between minutes. Prints each build's median CPU and wall time and the median of the pairwise
# CPU ratios B/A, with how many pairs B won. On the shared 2-core VM of session 9, fourteen pairs
# resolve ≈ 3 %; smaller differences are noise (compare instruction counts instead:
# scripts/sample-instructions.sh).
#
#   scripts/alternating-pairs.sh BINARY_A BINARY_B [PAIRS] [RECIPE] [SAMPLES]
#
# PAIRS defaults to 14, RECIPE to Recipes/bench.yaml, SAMPLES to 1000 (shards of 500), one thread.
set -euo pipefail
a=${1:?usage: alternating-pairs.sh BINARY_A BINARY_B [PAIRS] [RECIPE] [SAMPLES]}
b=${2:?usage: alternating-pairs.sh BINARY_A BINARY_B [PAIRS] [RECIPE] [SAMPLES]}
pairs=${3:-14}
recipe=${4:-Recipes/bench.yaml}
samples=${5:-1000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed -e "s/^samples: .*/samples: $samples/" -e "s/^shard_size: .*/shard_size: 500/" "$recipe" > "$work/recipe.yaml"
echo "A: $a ($("$a" --version))"
echo "B: $b ($("$b" --version))"
echo "$samples samples of $recipe, --threads 1, $pairs pairs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for i in $(seq 1 "$pairs"); do
  if (( i % 2 )); then order="A B"; else order="B A"; fi
  for build in $order; do
    binary=$a
    [ "$build" = B ] && binary=$b
    rm -rf "$work/shards"
    /usr/bin/time -f "$build $i %U %S %e" -a -o "$work/times" "$binary" generate "$work/recipe.yaml" \
      --out "$work/shards" --threads 1 >/dev/null 2>&1
  done
done
python3 - "$work/times" <<'PY'
import statistics, sys
runs = {}
for line in open(sys.argv[1]):
    build, pair, user, system, wall = line.split()
    runs.setdefault(build, {})[int(pair)] = (float(user) + float(system), float(wall))
for build in "AB":
    cpu = [v[0] for v in runs[build].values()]
    wall = [v[1] for v in runs[build].values()]
    print(f"{build}: CPU s median {statistics.median(cpu):.3f} (min {min(cpu):.3f}), wall s median {statistics.median(wall):.3f}")
ratios = [runs["B"][p][0] / runs["A"][p][0] for p in sorted(runs["A"])]
print(f"B/A CPU: median {statistics.median(ratios):.3f}, B faster in {sum(r < 1 for r in ratios)} of {len(ratios)} pairs"
      f" ({' '.join(f'{r:.2f}' for r in ratios)})")
PY
