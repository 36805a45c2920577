#ifndef STARMILL_CPU_TARGET_CHECK_H
#define STARMILL_CPU_TARGET_CHECK_H

/// The CPU target this binary's Swift code was compiled for: "haswell" (x86-64 with AVX2, FMA,
/// BMI1/2, F16C, MOVBE, LZCNT; `make release` on such a CPU) or "portable" (the compiler's
/// baseline). Set by the build (`-Xcc -DSTARMILL_TARGET_HASWELL`, see scripts/cpu-target.sh).
const char *starmill_cpu_target(void);

/// The CPU features the target needs that this CPU lacks, space-separated ("" when none):
/// what the start-up check below reports before stopping.
const char *starmill_cpu_target_missing_features(void);

#endif
