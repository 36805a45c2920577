"""Cross-check of Starmill's FITS writer with astropy (run by Tests/FITSTests/FITSInteropTests.swift).

usage: check_fits.py read PATH      check a file the Swift test wrote; exit 1 with a message on mismatch
       check_fits.py write PATH     write a file with astropy for the Swift test to read
"""
import sys

import numpy as np
from astropy.io import fits


def expected_cube():
    k, j, i = np.meshgrid(np.arange(3), np.arange(5), np.arange(7), indexing="ij")
    return (10000 * k + 100 * j + i + 0.25).astype(np.float32)


def check(path):
    problems = []

    def expect(condition, what):
        if not condition:
            problems.append(what)

    with fits.open(path) as hdul:
        expect(len(hdul) == 3, f"{len(hdul)} HDUs")
        cube = hdul["CUBE"]
        expect(cube.data.shape == (3, 5, 7), f"cube shape {cube.data.shape}")
        expect(cube.data.dtype == np.dtype(">f4"), f"cube dtype {cube.data.dtype}")
        expect(np.array_equal(cube.data, expected_cube()), "cube values differ")
        header = cube.header
        expect(header["PIXSCALE"] == 0.1, f"PIXSCALE {header['PIXSCALE']!r}")
        expect(header.comments["PIXSCALE"] == "arcsec / pixel", f"comment {header.comments['PIXSCALE']!r}")
        expect(header["NBANDS"] == 3 and isinstance(header["NBANDS"], int), f"NBANDS {header['NBANDS']!r}")
        expect(header["NOISY"] is False, f"NOISY {header['NOISY']!r}")
        expect(header["BAND"] == "F475W", f"BAND {header['BAND']!r}")
        table = hdul["STARS"].data
        expect(list(table.columns.names) == ["ID", "MAG", "XY", "GOOD", "NAME"], f"columns {table.columns.names}")
        expect(list(table["ID"]) == [1, 2, 3], f"ID {list(table['ID'])}")
        expect(np.array_equal(table["MAG"], [21.0, 22.5, 23.25]), f"MAG {table['MAG']}")
        expect(np.array_equal(table["XY"], [[1, 2], [3, 4], [5, 6]]), f"XY {table['XY']}")
        expect(list(table["GOOD"]) == [True, False, True], f"GOOD {table['GOOD']}")
        expect(list(table["NAME"]) == ["alpha", "b", "gamma"], f"NAME {list(table['NAME'])}")
    return problems


def write(path):
    primary = fits.PrimaryHDU()
    primary.header["ORIGIN"] = ("astropy", "writer")
    image = fits.ImageHDU(data=np.arange(24, dtype=np.float64).reshape(2, 3, 4) * 0.5 + 10.0, name="SCALED")
    image.scale("int16", bscale=0.5, bzero=10.0)  # stored as int16 with BSCALE/BZERO
    image.header["GAIN"] = (2.5, "e-/ADU")
    columns = fits.ColDefs([
        fits.Column(name="FLUX", format="E", array=np.float32([1.5, -2.0])),
        fits.Column(name="ID", format="J", array=np.int32([7, 8])),
        fits.Column(name="VEC", format="3D", array=np.array([[1, 2, 3], [4, 5, 6]], dtype=float)),
    ])
    table = fits.BinTableHDU.from_columns(columns, name="TAB")
    fits.HDUList([primary, image, table]).writeto(path, overwrite=True)


if __name__ == "__main__":
    mode, path = sys.argv[1], sys.argv[2]
    if mode == "write":
        write(path)
        print("ok")
    else:
        problems = check(path)
        print("\n".join(problems) if problems else "ok")
        sys.exit(1 if problems else 0)
