internal import CGSL

/// Bracketing root finders (GSL Reference Manual, "One Dimensional Root-Finding").
public enum RootFinding {
  /// A root of `f` in `[lower, upper]` by Brent's method (Brent 1973, "Algorithms for
  /// Minimization without Derivatives", ch. 4) through `gsl_root_fsolver_brent`.
  ///
  /// `f(lower)` and `f(upper)` must not have the same sign. Iterates until the bracket
  /// `[a, b]` satisfies GSL's `gsl_root_test_interval`:
  /// `|b − a| < absoluteTolerance + relativeTolerance · min(|a|, |b|)` (with min = 0 when the
  /// bracket contains 0), and returns the best estimate. Throws a `NumericsError` when the
  /// endpoints do not bracket a root (with both function values), when `f` returns a
  /// non-finite value, or after `maxIterations` iterations (with the last bracket).
  public static func brent(
    in lower: Double, _ upper: Double, absoluteTolerance: Double = 1e-12, relativeTolerance: Double = 1e-12,
    maxIterations: Int = 200, _ f: (Double) -> Double
  ) throws -> Double {
    GSLRuntime.configureOnce()
    let operation = "RootFinding.brent on [\(lower), \(upper)]"
    guard lower.isFinite, upper.isFinite, lower < upper else {
      throw NumericsError(operation: operation, reason: "the bracket must be finite with lower < upper")
    }
    guard absoluteTolerance >= 0, relativeTolerance >= 0, maxIterations > 0 else {
      throw NumericsError(
        operation: operation,
        reason: "tolerances must be ≥ 0 and maxIterations > 0, got absolute \(absoluteTolerance), "
          + "relative \(relativeTolerance), maxIterations \(maxIterations)")
    }
    guard let solver = gsl_root_fsolver_alloc(cgsl_root_brent()) else {
      throw NumericsError(operation: operation, reason: "gsl_root_fsolver_alloc failed (out of memory)")
    }
    defer { gsl_root_fsolver_free(solver) }
    return try GSLFunction.with(f) { function in
      let setStatus = gsl_root_fsolver_set(solver, function, lower, upper)
      guard setStatus == GSL_SUCCESS else {
        throw NumericsError(
          gslStatus: setStatus, operation: operation,
          detail: "the endpoints must straddle y = 0, but f(\(lower)) = \(f(lower)) and f(\(upper)) = \(f(upper))")
      }
      for _ in 0..<maxIterations {
        let status = gsl_root_fsolver_iterate(solver)
        guard status == GSL_SUCCESS else {
          throw NumericsError(
            gslStatus: status, operation: operation,
            detail: "at bracket [\(gsl_root_fsolver_x_lower(solver)), \(gsl_root_fsolver_x_upper(solver))]")
        }
        let a = gsl_root_fsolver_x_lower(solver)
        let b = gsl_root_fsolver_x_upper(solver)
        let test = gsl_root_test_interval(a, b, absoluteTolerance, relativeTolerance)
        if test == GSL_SUCCESS { return gsl_root_fsolver_root(solver) }
        guard test == GSL_CONTINUE else {
          throw NumericsError(gslStatus: test, operation: operation, detail: "convergence test failed")
        }
      }
      throw NumericsError(
        gslStatus: Int32(GSL_EMAXITER), operation: operation,
        detail: "no convergence in \(maxIterations) iterations; last bracket "
          + "[\(gsl_root_fsolver_x_lower(solver)), \(gsl_root_fsolver_x_upper(solver))]")
    }
  }
}
