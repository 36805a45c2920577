#!/usr/bin/env bash
# The main job on the bundled defaults. It grows as the pipeline does (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/starmill
"$bin" --version
"$bin" --help
