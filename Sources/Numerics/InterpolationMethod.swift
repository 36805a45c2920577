internal import CGSL

/// The interpolation schemes of GSL's `gsl_interp` (GSL Reference Manual, "Interpolation").
public enum InterpolationMethod: Sendable, Hashable, CaseIterable {
  /// Piecewise linear (≥ 2 points). Exact for linear functions.
  case linear
  /// Natural cubic spline: zero second derivative at both ends (≥ 3 points).
  case cubicSpline
  /// Steffen (1990, A&A 239, 443) monotone cubic: no overshoot between nodes (≥ 3 points).
  case steffen
  /// Akima (1970) non-rounded spline with natural end conditions (≥ 5 points).
  case akima

  var gslType: UnsafePointer<gsl_interp_type> {
    switch self {
    case .linear: return cgsl_interp_linear()
    case .cubicSpline: return cgsl_interp_cspline()
    case .steffen: return cgsl_interp_steffen()
    case .akima: return cgsl_interp_akima()
    }
  }

  /// The fewest nodes GSL accepts for this method.
  public var minimumPointCount: Int { Int(gsl_interp_type_min_size(gslType)) }
}
