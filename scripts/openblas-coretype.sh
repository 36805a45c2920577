#!/usr/bin/env bash
# Prints the OPENBLAS_CORETYPE that gives OpenBLAS its fast kernels on this CPU (empty: none needed).
# Debian's OpenBLAS 0.3.21 misdetects recent CPUs (it ran Prescott kernels, ~4x slower, on an
# AVX-512 Xeon: ../shared/docs/swift-c-interop.md, pitfall 6). The variable must be set before
# the process starts; `starmill` also re-executes itself with it when OpenBLAS's own choice is
# weaker than the CPU allows. Keep this table identical to OpenBLASCoreType.choices
# (Sources/LinearAlgebra/OpenBLASCoreType.swift); a LinearAlgebra test compares the two.
# Forcing a core whose flags the CPU lacks crashes with SIGILL (SkylakeX on AMD EPYC), hence
# every required flag is checked.
if [ -n "${OPENBLAS_CORETYPE:-}" ]; then echo "$OPENBLAS_CORETYPE"; exit 0; fi
flags=" $(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | cut -d: -f2) "
has() { for f in "$@"; do [[ "$flags" == *" $f "* ]] || return 1; done; }
if has avx512f avx512bw avx512dq avx512vl avx2 fma; then echo SkylakeX
elif has avx2 fma; then echo Haswell
elif has avx; then echo Sandybridge
fi
