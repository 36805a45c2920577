// Start-up check of the CPU target (see include/CPUTargetCheck.h and scripts/cpu-target.sh).
//
// Swift code built with `-target-cpu haswell` may execute AVX2/FMA/BMI2 instructions anywhere,
// even before `main` does anything, and on a CPU without them it dies with SIGILL and no
// explanation. This file is C, compiled without that target, and its constructor runs before
// any Swift code: on such a CPU it prints what is missing and how to rebuild, and exits 1.
#include "CPUTargetCheck.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

const char *starmill_cpu_target(void) {
#if defined(STARMILL_TARGET_HASWELL)
  return "haswell";
#else
  return "portable";
#endif
}

const char *starmill_cpu_target_missing_features(void) {
  static char missing[96];
  missing[0] = '\0';
#if defined(STARMILL_TARGET_HASWELL)
#if defined(__x86_64__)
  __builtin_cpu_init();
  // __builtin_cpu_supports checks that the OS saves the YMM registers, too (XGETBV).
  if (!__builtin_cpu_supports("avx")) strcat(missing, " avx");
  if (!__builtin_cpu_supports("avx2")) strcat(missing, " avx2");
  if (!__builtin_cpu_supports("fma")) strcat(missing, " fma");
  if (!__builtin_cpu_supports("bmi")) strcat(missing, " bmi1");
  if (!__builtin_cpu_supports("bmi2")) strcat(missing, " bmi2");
  unsigned int eax = 0, ebx = 0, ecx = 0, edx = 0;
  // CPUID leaf 1: ECX bit 22 MOVBE, bit 29 F16C (Intel SDM vol. 2A, table 3-10).
  if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx) || !(ecx & (1u << 22))) strcat(missing, " movbe");
  if (!(ecx & (1u << 29))) strcat(missing, " f16c");
  // CPUID leaf 0x80000001: ECX bit 5 LZCNT (ABM).
  if (!__get_cpuid(0x80000001u, &eax, &ebx, &ecx, &edx) || !(ecx & (1u << 5))) strcat(missing, " lzcnt");
#else
  strcat(missing, " x86-64");
#endif
#endif
  return missing[0] == ' ' ? missing + 1 : missing;
}

__attribute__((constructor)) static void starmill_check_cpu_target(void) {
  const char *missing = starmill_cpu_target_missing_features();
  if (missing[0] == '\0') return;
  fprintf(stderr,
          "starmill: error: this binary was built for CPU target %s (x86-64 with AVX2, FMA, BMI1/2, "
          "F16C, MOVBE, LZCNT), and this CPU lacks: %s. Rebuild it on this machine, or for any "
          "x86-64 CPU with `make release STARMILL_CPU=portable`.\n",
          starmill_cpu_target(), missing);
  _exit(1);
}
