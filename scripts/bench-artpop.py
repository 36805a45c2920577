#!/usr/bin/env python3
"""ArtPop (Greco & Danieli 2022) on Starmill's standard render case, one thread.

3 bands, 80×80 pixels, a 5,000-star cluster: with --stars, the very star lists `starmill bench
render` draws (`starmill bench --write-standard-clusters FILE` writes them: 8 clusters, x and y in
pixels with pixel centres at integers, fluxes in e⁻); without it, drawn like
RenderBenchmark.standardCluster (Plummer, scale 5 px around (size−1)/2; dN/dF ∝ F⁻² from 240 to
240·10^(0.4·8) e⁻; ±0.3 mag uniform scatter per band) by numpy: the same distribution, not the
same numbers,
Moffat β = 2.5, FWHM 2 px, rendered with ArtPop's own imaging API:
  - "ideal": IdealImager.observe (stars binned to pixels, FFT-convolved with moffat_psf);
  - "poisson": ArtImager.observe with a sky of σ² = 56² = 3136 e⁻ per pixel, i.e.
    Poisson(I + σ²) − σ² per pixel, the noise that `starmill bench render` draws.
Magnitudes are m = Z − 2.5 log10(F) with the imagers' zero point Z (zpt_inst for ArtImager,
exposure 1 s, calibration 1), so the image counts are the fluxes in e⁻.
Timing: 8 clusters cycled, Source objects built untimed (as Starmill's star lists are), a
warm-up, then N images per mode; each image is 3 observe calls (one per band).
Optionally (--accuracy) the flux-placement error Σ|ΔI|/ΣI of the ideal image against exact
pixel integrals of the same Moffat (8×8 sub-samples per pixel, stamp radius 16 px as Starmill's
full stamps, pixel centres at integers as Starmill's).
  .venv-bench/bin/python scripts/bench-artpop.py [--images 200] [--accuracy] [--json]
"""
import argparse
import json
import os
import sys
import tempfile
import time

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[variable] = "1"
# ArtPop creates ~/.artpop/mist on import unless MIST_PATH is set; no MIST data is used here.
os.environ.setdefault("MIST_PATH", os.path.join(tempfile.gettempdir(), "starmill-artpop-mist"))

import warnings  # noqa: E402

import numpy as np  # noqa: E402
from astropy.utils.exceptions import AstropyDeprecationWarning  # noqa: E402

warnings.simplefilter("ignore", AstropyDeprecationWarning)
import artpop  # noqa: E402
from artpop import ArtImager, IdealImager, Source, moffat_psf  # noqa: E402

SIZE = 80
BANDS = ("b0", "b1", "b2")
STARS = 5000
BETA = 2.5
FWHM = 2.0
SKY_SIGMA = 56.0
ZPT = 27.0


def standard_cluster(seed, stars=STARS, size=None, bands=len(BANDS)):
    """x, y (pixel centres at integers) and fluxes [band][star] in e⁻."""
    size = SIZE if size is None else size
    rng = np.random.default_rng(seed)
    u = rng.uniform(np.finfo(float).tiny, 1.0, stars)
    radius = 5 * np.sqrt(u / (1 - u))
    angle = 2 * np.pi * rng.uniform(0, 1, stars)
    center = (size - 1) / 2
    x = center + radius * np.cos(angle)
    y = center + radius * np.sin(angle)
    lower, upper = 240.0, 240.0 * 10 ** (0.4 * 8)
    # dN/dF ∝ F⁻²: inverse CDF.
    reference = 1 / (1 / lower - rng.uniform(0, 1, stars) * (1 / lower - 1 / upper))
    flux = [reference * 10 ** (-0.4 * rng.uniform(-0.3, 0.3, stars)) for _ in range(bands)]
    return x, y, flux


def read_clusters(path):
    """The clusters of a `starmill bench --write-standard-clusters` CSV, as standard_cluster returns them."""
    table = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
    if table.shape[1] != 3 + len(BANDS):
        sys.exit(f"{path}: expected columns cluster, x, y and {len(BANDS)} fluxes, found {table.shape[1]} columns")
    clusters = []
    for index in np.unique(table[:, 0]):
        rows = table[table[:, 0] == index]
        clusters.append((rows[:, 1], rows[:, 2], [rows[:, 3 + band] for band in range(len(BANDS))]))
    return clusters


def make_source(x, y, flux):
    mags = {band: ZPT - 2.5 * np.log10(f) for band, f in zip(BANDS, flux)}
    # Source insists on odd dimensions (check_xy_dim); the imagers do not, so for the even 80×80 of
    # the standard case the source is made 81×81 and its public xy_dim set to 80×80 afterwards.
    source = Source(np.column_stack([x, y]), mags, SIZE | 1, pixel_scale=1.0)
    source.xy_dim = np.array([SIZE, SIZE])
    return source


def exact_image(x, y, f, radius=16, sub=8):
    """Σ over stars of the Moffat integrated over each pixel (sub×sub midpoint samples)."""
    gamma = FWHM / (2 * np.sqrt(2 ** (1 / BETA) - 1))
    norm = (BETA - 1) / (np.pi * gamma**2)
    image = np.zeros((SIZE, SIZE))
    offsets = (np.arange(sub) + 0.5) / sub - 0.5
    side = 2 * radius + 1
    grid = (np.arange(side) - radius)[:, None] + offsets[None, :]  # (side, sub)
    for i in range(len(x)):
        nx, ny = int(np.floor(x[i] + 0.5)), int(np.floor(y[i] + 0.5))
        dx = (nx + grid - x[i]).reshape(-1)
        dy = (ny + grid - y[i]).reshape(-1)
        r2 = dy[:, None] ** 2 + dx[None, :] ** 2
        values = norm * (1 + r2 / gamma**2) ** (-BETA)
        stamp = values.reshape(side, sub, side, sub).mean(axis=(1, 3)) * f[i]
        x0, y0 = nx - radius, ny - radius
        xa, xb = max(0, x0), min(SIZE, x0 + side)
        ya, yb = max(0, y0), min(SIZE, y0 + side)
        if xa < xb and ya < yb:
            image[ya:yb, xa:xb] += stamp[ya - y0:yb - y0, xa - x0:xb - x0]
    return image


def measure(images=200, warmup=20, shape=33, psf_mode="center", seed=7, stars_path=None):
    psf = moffat_psf(FWHM, pixel_scale=1.0, shape=shape, alpha=BETA, mode=psf_mode)
    clusters = read_clusters(stars_path) if stars_path else [standard_cluster(2024 + k) for k in range(8)]
    sources = [make_source(*c) for c in clusters]
    ideal = IdealImager()
    art = ArtImager(zpt_inst={band: ZPT for band in BANDS}, random_state=seed)
    sky_sb = ZPT - 2.5 * np.log10(SKY_SIGMA**2)  # zpt_inst: counts per pixel = 10^(0.4 (Z − sb)) · t

    def render_ideal(source):
        return [ideal.observe(source, band, psf=psf, zpt=ZPT).image for band in BANDS]

    def render_poisson(source):
        return [art.observe(source, band, exptime=1.0, sky_sb=sky_sb, psf=psf, zpt=ZPT).image for band in BANDS]

    results = {}
    for mode, render in (("ideal", render_ideal), ("poisson", render_poisson)):
        for k in range(warmup):
            render(sources[k % len(sources)])
        checksum = 0.0
        start = time.perf_counter()
        for k in range(images):
            cube = render(sources[k % len(sources)])
            checksum += cube[0][SIZE // 2, SIZE // 2]
        seconds = time.perf_counter() - start
        assert np.isfinite(checksum)
        results[mode] = images / seconds
    return results, psf, clusters, sources, ideal, art, sky_sb


def accuracy(psf, clusters, sources, ideal, art, sky_sb, count=2):
    """Flux-placement error of ArtPop's ideal image against exact pixel integrals (band 0)."""
    relative, worst, lost = [], [], []
    for (x, y, flux), source in zip(clusters[:count], sources[:count]):
        reference = exact_image(x, y, flux[0])
        image = ideal.observe(source, BANDS[0], psf=psf, zpt=ZPT).image
        relative.append(np.abs(image - reference).sum() / reference.sum())
        worst.append(np.abs(image - reference).max() / SKY_SIGMA)
        lost.append(1 - image.sum() / reference.sum())
    # Noise check: mean and variance of (image − ideal) on the image of one cluster, many draws.
    ideal_image = ideal.observe(sources[0], BANDS[0], psf=psf, zpt=ZPT).image
    draws = np.array([art.observe(sources[0], BANDS[0], exptime=1.0, sky_sb=sky_sb, psf=psf, zpt=ZPT).image
                      for _ in range(200)])
    residual = draws - ideal_image
    return {
        "sum_abs_dI_over_sum_I": max(relative),
        "max_abs_dI_over_sigma_sky": max(worst),
        "flux_fraction_missing_vs_exact": max(lost),
        "noise_mean_residual_e": float(residual.mean()),
        "noise_variance_over_(I+sky)": float((residual.var(axis=0) / (ideal_image + SKY_SIGMA**2)).mean()),
    }


def main():
    global SIZE
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=SIZE, help="image side (80: the standard case)")
    parser.add_argument("--images", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--psf-shape", type=int, default=33,
                        help="odd PSF image size; 33 = Starmill's full stamp (radius 16); ArtPop's default is 41")
    parser.add_argument("--psf-mode", default="center", help="moffat_psf discretisation (ArtPop's default: center)")
    parser.add_argument("--stars", help="CSV of `starmill bench --write-standard-clusters` (Starmill's own star lists)")
    parser.add_argument("--accuracy", action="store_true")
    parser.add_argument("--json", action="store_true", help="one JSON line instead of a table")
    args = parser.parse_args()
    SIZE = args.size
    results, *rest = measure(args.images, args.warmup, args.psf_shape, args.psf_mode, stars_path=args.stars)
    record = {"artpop": artpop.__version__, "numpy": np.__version__, "images": args.images, "size": SIZE,
              "psf_shape": args.psf_shape, "psf_mode": args.psf_mode,
              "stars": "Starmill's standard clusters" if args.stars else "numpy draws of the same distribution",
              "ideal_images_per_s": round(results["ideal"], 1),
              "poisson_images_per_s": round(results["poisson"], 1)}
    if args.accuracy:
        record["accuracy"] = accuracy(*rest)
    if args.json:
        print(json.dumps(record))
        return
    print(f"ArtPop {artpop.__version__}: 3 bands × {SIZE}×{SIZE}, {STARS} stars, Moffat β {BETA} FWHM {FWHM} px,"
          f" PSF {args.psf_shape}×{args.psf_shape} ({args.psf_mode}), one thread, {args.images} images per row")
    print("| imager | noise | images/s | µs/image |")
    print("| --- | --- | --- | --- |")
    for mode, label in (("ideal", "IdealImager | none"), ("poisson", "ArtImager | Poisson(I + σ²) − σ²")):
        print(f"| {label} | {results[mode]:.0f} | {1e6 / results[mode]:.0f} |")
    if args.accuracy:
        for key, value in record["accuracy"].items():
            print(f"{key}: {value:.3g}")


if __name__ == "__main__":
    sys.exit(main())
