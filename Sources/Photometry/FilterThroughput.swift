import Foundation

/// A band's transmission curve: wavelengths (Å, strictly increasing) and a non-negative
/// throughput, tagged photon- or energy-counting.
///
/// Between tabulated points the curve is linear; outside them it is zero. Everything that
/// integrates a spectrum through the band goes through ``photonWeight``: the photon-counting
/// weight S(λ) such that the detected signal is ∝ ∫ F_λ S(λ) λ dλ (Bessell & Murphy 2012, eq. A11):
/// S = T for photon-counting curves and S = R/λ for energy-response curves (see ``DetectorCounting``).
public struct FilterThroughput: Sendable, Hashable {
  /// Band name as used on the command line and in shards (e.g. `F475W`, `V`).
  public let name: String
  public let wavelengthsAngstrom: [Double]
  public let throughput: [Double]
  public let counting: DetectorCounting

  /// Validates the curve: at least two points, finite, strictly increasing positive wavelengths,
  /// finite non-negative throughput with at least one positive value.
  public init(name: String, wavelengthsAngstrom: [Double], throughput: [Double], counting: DetectorCounting) throws {
    guard wavelengthsAngstrom.count == throughput.count else {
      throw PhotometryError.invalidCurve(
        name: name, index: min(wavelengthsAngstrom.count, throughput.count), value: Double(throughput.count),
        rule: "wavelength and throughput columns must have the same length (\(wavelengthsAngstrom.count))")
    }
    guard wavelengthsAngstrom.count >= 2 else {
      throw PhotometryError.invalidCurve(
        name: name, index: 0, value: Double(wavelengthsAngstrom.count), rule: "a filter curve needs at least 2 points")
    }
    for (index, wavelength) in wavelengthsAngstrom.enumerated() {
      guard wavelength.isFinite, wavelength > 0 else {
        throw PhotometryError.invalidCurve(
          name: name, index: index, value: wavelength, rule: "wavelength must be finite and > 0 Å")
      }
      if index > 0, wavelength <= wavelengthsAngstrom[index - 1] {
        throw PhotometryError.invalidCurve(
          name: name, index: index, value: wavelength,
          rule: "wavelengths must be strictly increasing (previous \(wavelengthsAngstrom[index - 1]))")
      }
    }
    for (index, value) in throughput.enumerated() where !(value.isFinite && value >= 0) {
      throw PhotometryError.invalidCurve(
        name: name, index: index, value: value, rule: "throughput must be finite and ≥ 0")
    }
    guard throughput.contains(where: { $0 > 0 }) else {
      throw PhotometryError.invalidCurve(name: name, index: 0, value: 0, rule: "throughput is zero everywhere")
    }
    self.name = name
    self.wavelengthsAngstrom = wavelengthsAngstrom
    self.throughput = throughput
    self.counting = counting
  }

  /// The photon-counting weight S(λ) at each tabulated wavelength (T, or R/λ for energy curves).
  ///
  /// For an energy curve the tabulated R/λ is then interpolated linearly; with the dense
  /// tabulations used here (≤ 10 Å steps) the difference from interpolating R first is < 10⁻⁵.
  public var photonWeight: [Double] {
    switch counting {
    case .photon: return throughput
    case .energy: return zip(throughput, wavelengthsAngstrom).map { $0 / $1 }
    }
  }

  /// The wavelength range where the curve is non-zero (first to last positive point, widened by
  /// one tabulation step on each side where the curve ramps from zero).
  public var supportAngstrom: ClosedRange<Double> {
    let first = throughput.firstIndex(where: { $0 > 0 })!
    let last = throughput.lastIndex(where: { $0 > 0 })!
    return wavelengthsAngstrom[max(first - 1, 0)]...wavelengthsAngstrom[min(last + 1, throughput.count - 1)]
  }

  /// Pivot wavelength λ_p = √(∫ S λ dλ / ∫ S/λ dλ) (Koornneef et al. 1986; Tokunaga & Vacca 2005,
  /// eq. A3), with S the photon-counting weight. It is source-independent and converts F_ν ↔ F_λ:
  /// ⟨F_ν⟩ = ⟨F_λ⟩ λ_p²/c. Integrals are exact for the piecewise-linear S.
  public var pivotWavelengthAngstrom: Double {
    let weight = photonWeight
    var numerator = 0.0
    var denominator = 0.0
    for index in 0..<(wavelengthsAngstrom.count - 1) {
      let a = wavelengthsAngstrom[index]
      let b = wavelengthsAngstrom[index + 1]
      let sa = weight[index]
      let sb = weight[index + 1]
      // ∫ S λ dλ over a segment where S is linear: Simpson's rule is exact for the quadratic.
      numerator += (b - a) / 6 * (sa * a + 2 * (sa + sb) * (a + b) / 2 + sb * b)
      // ∫ S / λ dλ exactly, S = sa + q (λ − a): sa ln(b/a) + q a (u − ln(1 + u)), u = (b − a)/a.
      // u − ln(1 + u) is summed as a series for small u, where the difference would cancel.
      let q = (sb - sa) / (b - a)
      let u = (b - a) / a
      let logRatio = log1p(u)
      let remainder = u < 1e-3 ? u * u * (0.5 - u / 3 + u * u / 4 - u * u * u / 5) : u - logRatio
      denominator += sa * logRatio + q * a * remainder
    }
    return (numerator / denominator).squareRoot()
  }
}
