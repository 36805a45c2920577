#!/usr/bin/env python3
"""SHA-256 over the contents of every dataset of every shard in a folder (or of the given files).

Used to check determinism by hand: the same recipe and seed must give the same digest whatever
--threads, and the portable and haswell release builds must agree (docs/scaling.md). The HDF5
files' own bytes could differ only in metadata layout; this digest covers what a reader loads:
each dataset's path and its values, in sorted file order and HDF5's visit order.

    python3 scripts/shard-digest.py shards/quickstart
    python3 scripts/shard-digest.py shards/quickstart/*.h5
"""
import glob
import hashlib
import os
import sys

import h5py
import numpy as np


def main(arguments):
    if not arguments:
        sys.exit(__doc__)
    files = []
    for argument in arguments:
        files += sorted(glob.glob(os.path.join(argument, "*.h5"))) if os.path.isdir(argument) else [argument]
    if not files:
        sys.exit(f"shard-digest: no .h5 files in {' '.join(arguments)}")
    digest = hashlib.sha256()

    def add(name, item):
        if isinstance(item, h5py.Dataset):
            digest.update(name.encode())
            digest.update(np.ascontiguousarray(item[()]).tobytes())

    for path in files:
        with h5py.File(path, "r") as shard:
            shard.visititems(add)
    print(digest.hexdigest())


if __name__ == "__main__":
    main(sys.argv[1:])
