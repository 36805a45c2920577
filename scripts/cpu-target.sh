#!/usr/bin/env bash
# Prints the CPU target of Starmill's release build on this machine: `haswell` (x86-64 with AVX2,
# FMA, BMI1/2, F16C, MOVBE, LZCNT: Intel Haswell and later, AMD Excavator/Zen and later) when the
# CPU has every one of those flags, otherwise `portable` (the compiler's baseline: SSE2 on x86-64,
# and every non-x86 machine). STARMILL_CPU in the environment wins (`make release STARMILL_CPU=portable`
# for a binary that must also run on older x86-64 nodes of a cluster).
#
# Why: Swift's SIMD8<Float> and the Double array kernels run in 256-bit registers only with AVX2;
# measured on bench.yaml: −21 % instructions per sample and 1.27× samples/s on one core
# (docs/scaling.md, "Session 7: the AVX2 build"). Both builds write the same bytes: Swift never
# fuses a·b + c into an FMA unless the code asks for it, so every floating-point result is the
# same IEEE operation on either target. A haswell binary started on a CPU without these flags
# stops with an error that says so (Sources/CPUTargetCheck), never with SIGILL. Build through
# `make release`: by hand, pass both `-Xswiftc -target-cpu -Xswiftc haswell` and
# `-Xcc -DSTARMILL_TARGET_HASWELL`, or the binary calls itself portable and the check is off.
set -euo pipefail
if [ -n "${STARMILL_CPU:-}" ]; then
  case "$STARMILL_CPU" in
    haswell|portable) echo "$STARMILL_CPU"; exit 0 ;;
    *) echo "scripts/cpu-target.sh: STARMILL_CPU=$STARMILL_CPU: must be haswell or portable" >&2; exit 1 ;;
  esac
fi
if [ "$(uname -m)" != x86_64 ]; then echo portable; exit 0; fi
flags=" $(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | cut -d: -f2) "
for f in avx avx2 fma bmi1 bmi2 f16c movbe abm; do
  [[ "$flags" == *" $f "* ]] || { echo portable; exit 0; }
done
echo haswell
