#ifndef COPENBLAS_SHIM_H
#define COPENBLAS_SHIM_H
#include <cblas.h>   /* via openblas.pc's -I; also declares openblas_set_num_threads, openblas_get_corename */
/* The address the dynamic linker bound `cblas_sgemm` to for code in this module (pitfall 5:
   libgslcblas also exports it). Compared with /proc/self/maps to name the providing library. */
static inline const void *copenblas_bound_sgemm_address(void) { return (const void *)&cblas_sgemm; }
#endif
