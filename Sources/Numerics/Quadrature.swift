internal import CGSL

/// Adaptive numerical integration by GSL's QUADPACK routines (Piessens et al. 1983, QUADPACK;
/// GSL Reference Manual, "Numerical Integration").
///
/// Every routine stops when `|estimate − I| ≤ max(absoluteTolerance, relativeTolerance·|I|)`
/// (GSL's criterion) and throws a `NumericsError` with GSL's message, the best estimate and its
/// error estimate when it cannot reach that (e.g. `GSL_EROUND`, `GSL_EMAXITER`, `GSL_EDIVERGE`).
/// `f` is called synchronously on the calling thread; concurrent calls are independent
/// (each call owns its workspace).
public enum Quadrature {
  /// The most subintervals the adaptive bisection may create (the GSL workspace size).
  public static let subintervalLimit = 1000

  /// An integral estimate with GSL's estimate of its absolute error.
  public struct Estimate: Sendable, Equatable {
    public let value: Double
    public let absoluteError: Double
  }

  /// ∫ₐᵇ f(x) dx by `gsl_integration_qags` (21-point Gauss–Kronrod with Wynn-ε extrapolation:
  /// handles integrable endpoint singularities such as x^(-1/2)). b < a gives −∫_b^a.
  public static func integrate(
    from a: Double, to b: Double, absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-10,
    _ f: (Double) -> Double
  ) throws -> Double {
    try estimate(
      from: a, to: b, absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance, f
    ).value
  }

  /// `integrate(from:to:…)` with GSL's error estimate.
  public static func estimate(
    from a: Double, to b: Double, absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-10,
    _ f: (Double) -> Double
  ) throws -> Estimate {
    try run("Quadrature.integrate on [\(a), \(b)]", absoluteTolerance, relativeTolerance, f) {
      function, workspace, result, error in
      gsl_integration_qags(
        function, a, b, absoluteTolerance, relativeTolerance, subintervalLimit, workspace, result, error)
    }
  }

  /// ∫ₐ^∞ f(x) dx by `gsl_integration_qagiu` (maps x = a + (1−t)/t onto t ∈ (0, 1] and runs QAGS).
  public static func integrateToInfinity(
    from a: Double, absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-10,
    _ f: (Double) -> Double
  ) throws -> Double {
    try estimateToInfinity(
      from: a, absoluteTolerance: absoluteTolerance, relativeTolerance: relativeTolerance, f
    ).value
  }

  /// `integrateToInfinity(from:…)` with GSL's error estimate.
  public static func estimateToInfinity(
    from a: Double, absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-10,
    _ f: (Double) -> Double
  ) throws -> Estimate {
    try run("Quadrature.integrateToInfinity from \(a)", absoluteTolerance, relativeTolerance, f) {
      function, workspace, result, error in
      gsl_integration_qagiu(
        function, a, absoluteTolerance, relativeTolerance, subintervalLimit, workspace, result, error)
    }
  }

  /// ∫_{−∞}^{∞} f(x) dx by `gsl_integration_qagi` (x = (1−t)/t on both halves, then QAGS).
  public static func integrateOverRealLine(
    absoluteTolerance: Double = 0, relativeTolerance: Double = 1e-10, _ f: (Double) -> Double
  ) throws -> Double {
    try run("Quadrature.integrateOverRealLine", absoluteTolerance, relativeTolerance, f) {
      function, workspace, result, error in
      gsl_integration_qagi(
        function, absoluteTolerance, relativeTolerance, subintervalLimit, workspace, result, error)
    }.value
  }

  private static func run(
    _ operation: @autoclosure () -> String, _ absoluteTolerance: Double, _ relativeTolerance: Double,
    _ f: (Double) -> Double,
    _ routine: (
      UnsafeMutablePointer<gsl_function>, UnsafeMutablePointer<gsl_integration_workspace>,
      UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>
    ) -> Int32
  ) throws -> Estimate {
    GSLRuntime.configureOnce()
    guard absoluteTolerance >= 0, relativeTolerance >= 0, absoluteTolerance > 0 || relativeTolerance > 0 else {
      throw NumericsError(
        operation: operation(),
        reason: "tolerances must be ≥ 0 and not both 0, got absolute \(absoluteTolerance), "
          + "relative \(relativeTolerance)")
    }
    guard let workspace = gsl_integration_workspace_alloc(subintervalLimit) else {
      throw NumericsError(operation: operation(), reason: "gsl_integration_workspace_alloc failed (out of memory)")
    }
    defer { gsl_integration_workspace_free(workspace) }
    var result = 0.0
    var error = 0.0
    let status = GSLFunction.with(f) { function in routine(function, workspace, &result, &error) }
    guard status == GSL_SUCCESS else {
      throw NumericsError(
        gslStatus: status, operation: operation(),
        detail: "best estimate \(result) ± \(error) after \(workspace.pointee.size) subintervals "
          + "(tolerances: absolute \(absoluteTolerance), relative \(relativeTolerance))")
    }
    return Estimate(value: result, absoluteError: error)
  }
}
