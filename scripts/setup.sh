#!/usr/bin/env bash
# Installs what Starmill needs on Debian/Ubuntu, and only what is missing (a no-op when all is there).
#   scripts/setup.sh            system packages (pkg-config + the four C libraries' -dev packages)
#   scripts/setup.sh --python   also a venv in .venv-interop with h5py, astropy and numpy, used by
#                               the interoperability tests (skipped with a message when absent)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(pkg-config libcfitsio-dev libhdf5-dev libgsl-dev libopenblas-dev zlib1g-dev libfftw3-dev)
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: system packages present (${packages[*]})"
fi

if [ "${1:-}" = "--python" ]; then
  venv=.venv-interop
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import h5py, astropy, numpy" 2>/dev/null; then
    echo "setup: creating $venv with h5py, astropy, numpy (for interoperability tests)"
    if python3 -m venv "$venv" 2>/dev/null && "$venv/bin/pip" install -q h5py astropy numpy; then
      echo "setup: $venv ready"
    else
      echo "setup: could not build $venv; interoperability tests will be skipped" >&2
    fi
  else
    echo "setup: $venv present"
  fi
fi
