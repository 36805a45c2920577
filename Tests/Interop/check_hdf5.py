"""Cross-check of Starmill's HDF5 writer with h5py (run by Tests/HDF5Tests/HDF5InteropTests.swift).

usage: check_hdf5.py read PATH      check a file the Swift test wrote; exit 1 with a message on mismatch
       check_hdf5.py write PATH     write a file with h5py for the Swift test to read
"""
import sys

import h5py
import numpy as np


def expected_images(n_images):
    n, band, y, x = np.meshgrid(np.arange(n_images), np.arange(3), np.arange(8), np.arange(8), indexing="ij")
    return (n * 1000 + band * 100 + y * 10 + x + 0.5).astype(np.float32)


def check(path):
    problems = []

    def expect(condition, what):
        if not condition:
            problems.append(what)

    with h5py.File(path, "r") as f:
        images = f["images"]
        expect(images.shape == (11, 3, 8, 8), f"images shape {images.shape}")
        expect(images.dtype == np.dtype("<f4"), f"images dtype {images.dtype}")
        expect(images.chunks == (4, 3, 8, 8), f"images chunks {images.chunks}")
        expect(images.maxshape == (None, 3, 8, 8), f"images maxshape {images.maxshape}")
        expect(images.compression == "gzip" and images.shuffle, f"filters {images.compression} {images.shuffle}")
        expect(np.array_equal(images[...], expected_images(11)), "image values differ")
        log_age = f["labels/log_age"]
        expect(log_age.dtype == np.dtype("<f8"), f"log_age dtype {log_age.dtype}")
        expect(np.array_equal(log_age[...], 6.6 + 0.05 * np.arange(11)), "log_age values differ")
        expect(f["truth/seed"].dtype == np.dtype("<i8"), f"seed dtype {f['truth/seed'].dtype}")
        expect(list(f["truth/seed"][...]) == [7 * i for i in range(11)], "seed values differ")
        names = [s.decode() if isinstance(s, bytes) else s for s in f["truth/background"][...]]
        expect(names == ["synthetic-0", "M31 Ω field"], f"background names {names}")
        attrs = f.attrs
        expect(attrs["format"] == "starmill-shard" and isinstance(attrs["format"], str), f"format {attrs['format']!r}")
        expect(attrs["version"] == 2 and attrs["version"].dtype == np.int64, f"version {attrs['version']!r}")
        expect(attrs["pixel_scale_arcsec"] == 0.05, f"pixel scale {attrs['pixel_scale_arcsec']!r}")
        expect(attrs["zero_points"].dtype == np.float32, f"zero_points dtype {attrs['zero_points'].dtype}")
        expect(np.array_equal(attrs["zero_points"], np.float32([26.19, 25.52])), "zero points differ")
        expect(list(attrs["bands"]) == ["F475W", "F814W"], f"bands {list(attrs['bands'])}")
        expect(images.attrs["units"] == "e-/s", f"units {images.attrs['units']!r}")
    return problems


def write(path):
    with h5py.File(path, "w") as f:
        d = f.create_dataset("images", data=expected_images(5), chunks=(2, 3, 8, 8), compression="gzip",
                             shuffle=True, maxshape=(None, 3, 8, 8))
        d.attrs["units"] = "e-/s"
        f.create_dataset("labels/mass", data=np.array([1e3, 2e4, 3e5]))
        f.create_dataset("ids", data=np.arange(4, dtype=np.uint16))
        f.attrs["title"] = "written by h5py"
        f.attrs["fixed"] = np.bytes_("fixed-length")
        f.attrs["exposure"] = np.float32(1310.0)
        f.attrs["counts"] = np.array([1, 2, 3], dtype=np.int16)
        f.attrs["names"] = np.array(["a", "bc"], dtype=h5py.string_dtype())


if __name__ == "__main__":
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "write":
        write(path)
        print("ok")
    else:
        problems = check(path)
        print("\n".join(problems) if problems else "ok")
        sys.exit(1 if problems else 0)
