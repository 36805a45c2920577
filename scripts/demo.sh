#!/usr/bin/env bash
# The main job on the bundled defaults: a small training set from Recipes/quickstart.yaml,
# checked, with a preview contact sheet. Run by `make demo` after the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/starmill
out=${STARMILL_DEMO_OUT:-shards/quickstart}
"$bin" --version
"$bin" validate Recipes/quickstart.yaml
rm -rf "$out"
"$bin" generate Recipes/quickstart.yaml --out "$out"
"$bin" inspect "$out"/*.h5
mkdir -p previews
"$bin" check "$out"/*.h5 --model Models/phat-cnn/model.h5 --plot previews/quickstart-check.png
"$bin" preview Recipes/quickstart.yaml --count 16 --out previews/quickstart.png
echo "shards: $out/   preview: previews/quickstart.png"
