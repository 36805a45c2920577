#ifndef COPENBLAS_SHIM_H
#define COPENBLAS_SHIM_H
#include <cblas.h>   /* via openblas.pc's -I; also declares openblas_set_num_threads, openblas_get_corename */
#endif
