import Foundation

/// Gauss–Legendre nodes and weights on [−1, 1] (Abramowitz & Stegun 25.4.29), found by Newton
/// iteration on the Legendre polynomial from Chebyshev starting guesses; exact for polynomials
/// of degree ≤ 2n − 1.
///
/// A fixed rule for smooth integrands evaluated many times (pixel integrals of a PSF, IMF-weighted
/// sums between isochrone rows), where GSL's adaptive `Quadrature` would be needlessly costly.
public struct GaussLegendreRule: Sendable {
  public let nodes: [Double]
  public let weights: [Double]

  public init(order n: Int) {
    precondition(n >= 1, "Gauss–Legendre order must be ≥ 1")
    var nodes = [Double](repeating: 0, count: n)
    var weights = [Double](repeating: 0, count: n)
    for i in 0..<((n + 1) / 2) {
      var x = cos(Double.pi * (Double(i) + 0.75) / (Double(n) + 0.5))
      var derivative = 1.0
      for _ in 0..<100 {
        var p0 = 1.0
        var p1 = x
        for k in stride(from: 2, through: n, by: 1) {
          let pk = ((2 * Double(k) - 1) * x * p1 - (Double(k) - 1) * p0) / Double(k)
          p0 = p1
          p1 = pk
        }
        if n == 1 { p1 = x; p0 = 1 }
        derivative = Double(n) * (x * p1 - p0) / (x * x - 1)
        let step = p1 / derivative
        x -= step
        if abs(step) < 1e-16 { break }
      }
      nodes[i] = -x
      nodes[n - 1 - i] = x
      let weight = 2 / ((1 - x * x) * derivative * derivative)
      weights[i] = weight
      weights[n - 1 - i] = weight
    }
    self.nodes = nodes
    self.weights = weights
  }
}
