#ifndef CFFTW_SHIM_H
#define CFFTW_SHIM_H
/* FFTW 3 (double precision, and single precision for FFT2D.PrunedSinglePrecisionPlan), wrapped by the
   Numerics module only (FFT2D).
   fftw_complex is double[2] here (no <complex.h> first): Swift sees a (Double, Double) tuple. */
#include <fftw3.h>
/* FFTW_FORWARD/BACKWARD and the planner flags are macros with casts or shifts: give them to Swift. */
static inline int cfftw_forward(void) { return FFTW_FORWARD; }
static inline int cfftw_backward(void) { return FFTW_BACKWARD; }
static inline unsigned cfftw_estimate(void) { return FFTW_ESTIMATE; }
#endif
