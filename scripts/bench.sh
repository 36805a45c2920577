#!/usr/bin/env bash
# Prints every benchmark table Starmill has, from the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.build/release/starmill
"$bin" bench all
