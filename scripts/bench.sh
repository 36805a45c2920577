#!/usr/bin/env bash
# Prints every benchmark table Starmill has, from the release build (`make bench`).
# The machines are shared and noisy: compare numbers within one run, quote ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
.build/release/starmill bench "${@:-all}"
