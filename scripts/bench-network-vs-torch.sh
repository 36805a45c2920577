#!/usr/bin/env bash
# Starmill's bundled ResNet against PyTorch (CPU) for the same architecture, side by side in one
# run: R alternating rounds of `starmill bench network` and scripts/bench-network-torch.py, then
# the median of each and their ratio. The machines are shared and noisy: only the ratio of
# interleaved runs means something.
#   scripts/bench-network-vs-torch.sh [ROUNDS]      (default 5; release build needed: make release)
# PyTorch is installed into .venv-bench on first use (CPU wheel; CI never needs it).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
venv=.venv-bench
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import torch" 2>/dev/null; then
  echo "bench: installing torch (CPU) into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q torch --index-url https://download.pytorch.org/whl/cpu \
    || "$venv/bin/pip" install -q torch
fi
exec "$venv/bin/python" scripts/bench-network-compare.py --rounds "$rounds" --starmill .build/release/starmill
