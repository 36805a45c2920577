#!/usr/bin/env bash
# Starmill's renderer against ArtPop (Greco & Danieli 2022) for the standard render case (3 bands,
# 80×80, a 5,000-star cluster, Moffat β 2.5 FWHM 2 px), side by side in one run: R alternating
# rounds of `starmill bench render` and scripts/bench-artpop.py, then the median images/s of each
# and their ratio. The machines are shared and noisy: only the ratio of interleaved runs means
# something.
#   scripts/bench-render-vs-artpop.sh [ROUNDS] [STARMILL]   (defaults 5, .build/release/starmill;
#   STARMILL may also come from $STARMILL; release build needed: make release)
# ArtPop is installed into .venv-bench on first use (from PyPI; CI never needs it). Rows compared:
# Starmill's "shared" PSF rows, full stamps (exact) and split ε = 0.010 σ (the fast mode), without
# noise and with "tables on xoshiro" (Poisson(I + σ²) − σ², what generation uses), against
# ArtPop's IdealImager (no noise) and ArtImager (Poisson with the same sky).
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-5}
starmill=${2:-${STARMILL:-.build/release/starmill}}
images=${ARTPOP_IMAGES:-400}
venv=.venv-bench
# ArtPop creates ~/.artpop/mist on import unless MIST_PATH is set; no MIST data is used here.
export MIST_PATH=${MIST_PATH:-${TMPDIR:-/tmp}/starmill-artpop-mist}
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import artpop" 2>/dev/null; then
  echo "bench: installing artpop into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q artpop
fi
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Both sides render the very same star lists: Starmill's standard clusters, exported once.
"$starmill" bench --write-standard-clusters "$work/stars.csv"
for round in $(seq 1 "$rounds"); do
  "$starmill" bench render >"$work/starmill-$round.txt"
  "$venv/bin/python" scripts/bench-artpop.py --images "$images" --stars "$work/stars.csv" --json >>"$work/artpop.jsonl"
  echo "round $round/$rounds done" >&2
done
"$venv/bin/python" - "$work" "$rounds" <<'PY'
import json, statistics, sys

work, rounds = sys.argv[1], int(sys.argv[2])
rows = {("full stamps (exact)", "none"): "exact, no noise", ("full stamps (exact)", "tables on xoshiro"): "exact, Poisson",
        ("split ε = 0.010 σ", "none"): "fast, no noise", ("split ε = 0.010 σ", "tables on xoshiro"): "fast, Poisson"}
starmill = {key: [] for key in rows}
for path in (f"{work}/starmill-{r}.txt" for r in range(1, rounds + 1)):
    found = set()
    for line in open(path):
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 4 and cells[0] == "shared" and (cells[1], cells[2]) in rows:
            starmill[(cells[1], cells[2])].append(float(cells[3]))
            found.add((cells[1], cells[2]))
    if found != set(rows):
        sys.exit(f"could not read all compared rows of `starmill bench render` in {path}: found {sorted(found)}")
records = [json.loads(line) for line in open(f"{work}/artpop.jsonl")]
artpop = {"none": [r["ideal_images_per_s"] for r in records], "tables on xoshiro": [r["poisson_images_per_s"] for r in records]}
print(f"Standard render case (3 bands × 80×80, 5,000 stars, Moffat β 2.5 FWHM 2 px, one thread); medians of"
      f" {rounds} interleaved rounds; ArtPop {records[0]['artpop']} (numpy {records[0]['numpy']},"
      f" PSF {records[0]['psf_shape']}² '{records[0]['psf_mode']}', {records[0]['images']} images per mode;"
      f" stars: {records[0]['stars']})")
print("| Starmill row | Starmill images/s | ArtPop | ArtPop images/s | Starmill / ArtPop | per round (Starmill / ArtPop) |")
print("| --- | --- | --- | --- | --- | --- |")
for key, label in rows.items():
    s, a = statistics.median(starmill[key]), statistics.median(artpop[key[1]])
    imager = "IdealImager" if key[1] == "none" else "ArtImager (Poisson)"
    per_round = ", ".join(f"{x:.0f}/{y:.0f}" for x, y in zip(starmill[key], artpop[key[1]]))
    print(f"| shared, {label} | {s:.0f} | {imager} | {a:.0f} | {s / a:.2f}× | {per_round} |")
PY
