#!/bin/bash
# Submits a whole dataset: the generation array, then the index job that waits for it.
#
#   Recipes/slurm/submit.sh RECIPE.yaml OUT_DIR [TASKS=100]
#
# `afterany` (not `afterok`) so that the index job runs even when some tasks failed: it then
# fails itself and its log lists the missing shards and the `sbatch --array=…` line that reruns
# exactly their tasks. Rerun this script's second step (or `starmill index`) afterwards.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
RECIPE=${1:?usage: submit.sh RECIPE.yaml OUT_DIR [TASKS]}
OUT=${2:?usage: submit.sh RECIPE.yaml OUT_DIR [TASKS]}
TASKS=${3:-100}
mkdir -p logs  # Slurm opens the --output files before the script runs
array=$(sbatch --parsable --array=0-$((TASKS - 1)) "$here/starmill-generate.sbatch" "$RECIPE" "$OUT" "$TASKS")
array=${array%%;*}
index=$(sbatch --parsable --dependency=afterany:"$array" "$here/starmill-index.sbatch" "$RECIPE" "$OUT" "$TASKS")
echo "generation array $array (tasks 0-$((TASKS - 1))), index job $index"
