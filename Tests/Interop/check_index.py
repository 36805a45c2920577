"""Reads a `starmill index` file with h5py only and checks it against its shards.

Usage: python3 check_index.py INDEX.h5

The virtual datasets must have the whole dataset's length, be ordinary numpy arrays to h5py,
and equal the shards' own datasets concatenated in sample order; the root attributes must be
the shards' with sample_count = the whole dataset. Prints "index ok: N samples from K shards".
"""
import os
import sys

import h5py
import numpy as np


def main(path):
    folder = os.path.dirname(os.path.abspath(path))
    with h5py.File(path, "r") as index:
        sources = [s.decode() if isinstance(s, bytes) else s for s in index.attrs["index_sources"]]
        n = int(index.attrs["sample_count"])
        assert index["images"].is_virtual, "/images is not a virtual dataset"
        assert index["images"].shape[0] == n, (index["images"].shape, n)
        columns = [f"labels/{k}" for k in index["labels"]] + [f"truth/{k}" for k in index["truth"]]
        shards = [h5py.File(os.path.join(folder, s), "r") for s in sources]
        for name in ["images"] + columns:
            whole = index[name][...]
            parts = np.concatenate([s[name][...] for s in shards])
            assert whole.dtype == parts.dtype, (name, whole.dtype, parts.dtype)
            assert np.array_equal(whole, parts), f"{name} differs from the shards"
        assert np.array_equal(index["truth/sample_index"][...], np.arange(n))
        # Random access one sample at a time, as a DataLoader does.
        images = np.concatenate([s["images"][...] for s in shards])
        for k in range(n):
            assert np.array_equal(index["images"][k], images[k]), f"images[{k}]"
        for key, value in shards[0].attrs.items():
            if key in ("first_sample", "sample_count", "shard_index"):
                continue
            assert np.array_equal(np.asarray(index.attrs[key]), np.asarray(value)), key
        assert int(index.attrs["first_sample"]) == 0
        print(f"index ok: {n} samples from {len(sources)} shards, {len(columns)} columns")


if __name__ == "__main__":
    main(sys.argv[1])
