#!/usr/bin/env python3
"""Interleaves `starmill bench network` with the PyTorch timing of the same network
(bench-network-torch.py, imported) and prints medians and Starmill/PyTorch ratios.

Each round runs Starmill once (a subprocess: it prints a Markdown table whose rows are
`| threads | inference folded | inference folded, batch split | inference BN | training |`; the
faster of the two folded paths is taken) and PyTorch once, so both see the same
machine load. The ratio of the medians is what to quote.
"""
import argparse
import os
import statistics
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
bench_torch = __import__("bench-network-torch")


def starmill_round(binary):
    text = subprocess.run([binary, "bench", "network"], check=True, capture_output=True, text=True).stdout
    rows = {}
    for line in text.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] in ("1", "2"):
            # Best Starmill inference path at this thread count: one network, or batch split.
            rows[int(cells[0])] = (max(float(cells[1]), float(cells[2])), float(cells[4]))
    if set(rows) != {1, 2}:
        sys.exit(f"could not read `{binary} bench network` output:\n{text}")
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--starmill", default=".build/release/starmill")
    args = parser.parse_args()
    samples = {(who, kind, threads): [] for who in ("starmill", "torch") for kind in ("infer", "train")
               for threads in (1, 2)}
    for round_index in range(args.rounds):
        for threads, (infer, train) in starmill_round(args.starmill).items():
            samples[("starmill", "infer", threads)].append(infer)
            samples[("starmill", "train", threads)].append(train)
        for threads, (infer, train) in bench_torch.measure().items():
            samples[("torch", "infer", threads)].append(infer)
            samples[("torch", "train", threads)].append(train)
        print(f"round {round_index + 1}/{args.rounds} done", file=sys.stderr)
    print(f"Bundled ResNet (width 16, 3×64×64, batch 64); medians of {args.rounds} interleaved rounds;"
          f" PyTorch {bench_torch.torch.__version__}")
    print("| threads | Starmill inference img/s | PyTorch inference img/s | ratio | Starmill training img/s"
          " | PyTorch training img/s | ratio |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for threads in (1, 2):
        values = {key: statistics.median(samples[key]) for key in samples if key[2] == threads}
        si, ti = values[("starmill", "infer", threads)], values[("torch", "infer", threads)]
        st, tt = values[("starmill", "train", threads)], values[("torch", "train", threads)]
        print(f"| {threads} | {si:.0f} | {ti:.0f} | {si / ti:.2f}× | {st:.0f} | {tt:.0f} | {st / tt:.2f}× |")


if __name__ == "__main__":
    main()
