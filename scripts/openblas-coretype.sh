#!/usr/bin/env bash
# Prints the OPENBLAS_CORETYPE that gives OpenBLAS its fast kernels on this CPU.
# Debian's OpenBLAS 0.3.21 misdetects recent CPUs (it ran Prescott kernels, ~4x slower, on an
# AVX-512 Xeon: ../shared/docs/swift-c-interop.md, pitfall 6). The variable must be set before
# the process starts; `starmill` also re-executes itself with it when it is missing.
if [ -n "${OPENBLAS_CORETYPE:-}" ]; then echo "$OPENBLAS_CORETYPE"; exit 0; fi
if grep -q avx512f /proc/cpuinfo 2>/dev/null; then echo SkylakeX
elif grep -q avx2 /proc/cpuinfo 2>/dev/null; then echo Haswell
fi
