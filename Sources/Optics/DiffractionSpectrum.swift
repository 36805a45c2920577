import Foundation

/// Wavelength nodes and photon-counting weights for integrating a PSF over a passband.
///
/// A photon-counting detector sees a source of spectral flux density F_λ through a system
/// throughput T(λ) with photon rate ∝ T(λ) · λ · F_λ dλ (e.g. Bessell & Murphy 2012, PASP 124,
/// 140, eq. A1; the HST synphot convention). The band — where T ≥ `thresholdFraction` of its
/// peak — is cut into `count` equal-width bins; each node sits at its bin's centre and carries
/// the bin's integral of T·λ·F_λ (trapezoid rule on the curve's own sampling).
public struct DiffractionSpectrum: Sendable, Equatable {
  public struct Node: Sendable, Equatable {
    public let wavelengthNanometres: Double
    public let weight: Double

    public init(wavelengthNanometres: Double, weight: Double) {
      self.wavelengthNanometres = wavelengthNanometres
      self.weight = weight
    }
  }

  public let nodes: [Node]

  public init(nodes: [Node]) {
    precondition(!nodes.isEmpty && nodes.allSatisfy { $0.weight >= 0 && $0.wavelengthNanometres > 0 })
    self.nodes = nodes
  }

  /// A single wavelength.
  public static func monochromatic(wavelengthNanometres: Double) -> DiffractionSpectrum {
    DiffractionSpectrum(nodes: [Node(wavelengthNanometres: wavelengthNanometres, weight: 1)])
  }

  /// Nodes for a throughput curve (`wavelengthsNanometres` ascending, `throughput` ≥ 0) and a
  /// source spectrum F_λ (default flat in F_λ).
  public static func photonWeighted(
    wavelengthsNanometres: [Double], throughput: [Double], count: Int, thresholdFraction: Double = 0.005,
    sourceFLambda: @Sendable (Double) -> Double = { _ in 1 }
  ) -> DiffractionSpectrum {
    precondition(wavelengthsNanometres.count == throughput.count && wavelengthsNanometres.count >= 2 && count >= 1)
    let peak = throughput.max() ?? 0
    precondition(peak > 0, "throughput is zero everywhere")
    let cut = thresholdFraction * peak
    let first = throughput.firstIndex { $0 >= cut }!
    let last = throughput.lastIndex { $0 >= cut }!
    let lower = wavelengthsNanometres[first]
    let upper = wavelengthsNanometres[last]
    let width = (upper - lower) / Double(count)
    func integrand(_ k: Int) -> Double {
      throughput[k] * wavelengthsNanometres[k] * sourceFLambda(wavelengthsNanometres[k])
    }
    func interpolated(_ lambda: Double) -> Double {
      // Linear interpolation of the integrand at lambda (inside the curve's range).
      var hi = wavelengthsNanometres.firstIndex { $0 >= lambda } ?? (wavelengthsNanometres.count - 1)
      hi = max(hi, 1)
      let lo = hi - 1
      let x0 = wavelengthsNanometres[lo]
      let x1 = wavelengthsNanometres[hi]
      let f = x1 > x0 ? (lambda - x0) / (x1 - x0) : 0
      return integrand(lo) + f * (integrand(hi) - integrand(lo))
    }
    var nodes: [Node] = []
    for bin in 0..<count {
      let a = lower + Double(bin) * width
      let b = a + width
      // Trapezoid over the curve's samples inside [a, b], with the end points interpolated.
      var xs = [a]
      var ys = [interpolated(a)]
      for k in wavelengthsNanometres.indices where wavelengthsNanometres[k] > a && wavelengthsNanometres[k] < b {
        xs.append(wavelengthsNanometres[k])
        ys.append(integrand(k))
      }
      xs.append(b)
      ys.append(interpolated(b))
      var integral = 0.0
      for k in 1..<xs.count { integral += 0.5 * (ys[k] + ys[k - 1]) * (xs[k] - xs[k - 1]) }
      nodes.append(Node(wavelengthNanometres: a + width / 2, weight: max(0, integral)))
    }
    return DiffractionSpectrum(nodes: nodes)
  }

  /// Photon-weighted mean wavelength of the nodes.
  public var meanWavelengthNanometres: Double {
    let total = nodes.reduce(0) { $0 + $1.weight }
    return nodes.reduce(0) { $0 + $1.weight * $1.wavelengthNanometres } / total
  }

  public var shortestWavelengthNanometres: Double { nodes.map(\.wavelengthNanometres).min()! }
  public var longestWavelengthNanometres: Double { nodes.map(\.wavelengthNanometres).max()! }
}
