#!/usr/bin/env bash
# Two starmill binaries side by side on one recipe, in interleaved pairs (A, B, A, B, …): the
# way to compare speed on a shared machine, where the load moves rates by up to 2× between runs
# but rarely within a pair. Also checks that both wrote the same shard contents.
#
#   scripts/compare-builds.sh BINARY_A BINARY_B [RECIPE] [PAIRS] [THREADS]
#
# RECIPE defaults to Recipes/bench.yaml, PAIRS to 3, THREADS to 1. Prints, per pair, samples/s
# and process CPU seconds of each, and the median ratio B/A of each.
set -euo pipefail
a=${1:?usage: compare-builds.sh BINARY_A BINARY_B [RECIPE] [PAIRS] [THREADS]}
b=${2:?usage: compare-builds.sh BINARY_A BINARY_B [RECIPE] [PAIRS] [THREADS]}
recipe=${3:-Recipes/bench.yaml}
pairs=${4:-3}
threads=${5:-1}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "A: $a ($("$a" --version))"
echo "B: $b ($("$b" --version))"
echo "recipe $recipe, --threads $threads, load average $(cut -d' ' -f1-3 /proc/loadavg)"
run() {  # binary label → "samples/s cpu-seconds"
  rm -rf "$work/$2"
  local line
  line=$( { /usr/bin/time -f "cpu %U %S" "$1" generate "$recipe" --out "$work/$2" --threads "$threads" >"$work/log" ; } 2>&1 )
  local rate
  rate=$(grep -o '[0-9.]* samples/s' "$work/log" | tail -1 | cut -d' ' -f1)
  echo "$rate $(echo "$line" | awk '/^cpu/ { print $2 + $3 }')"
}
printf "%-5s %12s %12s %10s %10s\n" pair "A samples/s" "B samples/s" "A CPU s" "B CPU s"
ratios=(); cpuRatios=()
for ((i = 1; i <= pairs; i++)); do
  read -r rateA cpuA < <(run "$a" a)
  read -r rateB cpuB < <(run "$b" b)
  printf "%-5s %12s %12s %10s %10s\n" "$i" "$rateA" "$rateB" "$cpuA" "$cpuB"
  ratios+=("$(awk -v x="$rateB" -v y="$rateA" 'BEGIN { printf "%.3f", x / y }')")
  cpuRatios+=("$(awk -v x="$cpuA" -v y="$cpuB" 'BEGIN { printf "%.3f", x / y }')")
done
median() { printf "%s\n" "$@" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "B/A samples/s: $(median "${ratios[@]}")× median (pairs: ${ratios[*]}); A/B CPU s: $(median "${cpuRatios[@]}")× median"
digest="$(dirname "$0")/shard-digest.py"
if python3 -c "import h5py" 2>/dev/null; then
  if [ "$(python3 "$digest" "$work/a")" = "$(python3 "$digest" "$work/b")" ]; then
    echo "shard contents: identical"
  else
    echo "shard contents: DIFFERENT"
  fi
fi
