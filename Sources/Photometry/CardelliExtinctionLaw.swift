import Foundation

/// The Cardelli, Clayton & Mathis (1989, ApJ 345, 245; "CCM89") extinction law
/// A_λ/A_V = a(x) + b(x)/R_V, x = 1/λ in μm⁻¹, with R_V = 3.1 by default.
///
/// Segments (CCM89 eqs. 2–5): infrared 0.3 ≤ x < 1.1 (power law), optical/NIR 1.1 ≤ x < 3.3
/// (7th-order polynomials in y = x − 1.82), ultraviolet 3.3 ≤ x < 8 (with the far-UV curvature
/// terms above x = 5.9), far-UV 8 ≤ x ≤ 10. Outside the law's range the infrared power law is
/// continued to x < 0.3 (it is a power law, so this is its natural extension) and values beyond
/// x = 10 (λ < 1,000 Å) are held at x = 10; no HST/ground band here reaches either.
///
/// ``OpticalCoefficients/odonnell1994`` replaces the optical polynomials by O'Donnell's (1994,
/// ApJ 422, 158) revision. That "CCM89 + O'Donnell 94" law is what the PARSEC/CMD web service
/// uses, and it reproduces the PHAT A_X/A_V table of the data README (F336W 1.68, F814W 0.60),
/// which plain CCM89 misses by 0.04 in F336W. It is therefore the default.
public struct CardelliExtinctionLaw: Sendable, Hashable {
  public enum OpticalCoefficients: String, Sendable, Hashable, CaseIterable {
    /// CCM89 eq. 3a/3b.
    case cardelli1989
    /// O'Donnell 1994, eq. 2 (coefficients for 1.1 ≤ x < 3.3).
    case odonnell1994
  }

  public let rV: Double
  public let optical: OpticalCoefficients

  public init(rV: Double = 3.1, optical: OpticalCoefficients = .odonnell1994) throws {
    guard rV.isFinite, rV > 0 else {
      throw PhotometryError.invalidParameter(name: "R_V", value: rV, rule: "must be finite and > 0")
    }
    self.rV = rV
    self.optical = optical
  }

  /// A_λ / A_V at `wavelengthAngstrom`.
  public func relativeExtinction(wavelengthAngstrom: Double) -> Double {
    let x = min(1e4 / wavelengthAngstrom, 10)
    let (a, b) = coefficients(inverseMicrons: x)
    return a + b / rV
  }

  /// a(x), b(x) of CCM89 for x in μm⁻¹.
  public func coefficients(inverseMicrons x: Double) -> (a: Double, b: Double) {
    if x < 1.1 {
      let p = pow(x, 1.61)
      return (0.574 * p, -0.527 * p)
    }
    if x < 3.3 {
      let y = x - 1.82
      switch optical {
      case .cardelli1989:
        return (
          Self.polynomial([1, 0.17699, -0.50447, -0.02427, 0.72085, 0.01979, -0.77530, 0.32999], y),
          Self.polynomial([0, 1.41338, 2.28305, 1.07233, -5.38434, -0.62251, 5.30260, -2.09002], y)
        )
      case .odonnell1994:
        return (
          Self.polynomial([1, 0.104, -0.609, 0.701, 1.137, -1.718, -0.827, 1.647, -0.505], y),
          Self.polynomial([0, 1.952, 2.908, -3.989, -7.985, 11.102, 5.491, -10.805, 3.347], y)
        )
      }
    }
    if x < 8 {
      var fa = 0.0
      var fb = 0.0
      if x >= 5.9 {
        let d = x - 5.9
        fa = -0.04473 * d * d - 0.009779 * d * d * d
        fb = 0.2130 * d * d + 0.1207 * d * d * d
      }
      let a = 1.752 - 0.316 * x - 0.104 / ((x - 4.67) * (x - 4.67) + 0.341) + fa
      let b = -3.090 + 1.825 * x + 1.206 / ((x - 4.62) * (x - 4.62) + 0.263) + fb
      return (a, b)
    }
    let d = x - 8
    return (
      -1.073 - 0.628 * d + 0.137 * d * d - 0.070 * d * d * d,
      13.670 + 4.257 * d - 0.420 * d * d + 0.374 * d * d * d
    )
  }

  private static func polynomial(_ coefficients: [Double], _ y: Double) -> Double {
    coefficients.reversed().reduce(0) { $0 * y + $1 }
  }
}
