import Foundation

/// A circular Gaussian PSF integrated exactly over square pixels.
///
/// The pixel fraction is separable: `g(dx) · g(dy)` with
/// `g(d) = ½ [erf((d + ½)/(√2 σ)) − erf((d − ½)/(√2 σ))]` (the exact integral of a unit 1-D
/// Gaussian over one pixel).
///
/// Truncation: fractions are zero when `max(|dx|, |dy|) > truncationHalfWidthPixels`
/// (default `max(3, ⌈6σ⌉)` pixels, which discards less than 4·10⁻⁹ of the light; the profile is
/// not renormalised because the loss is far below Float32 resolution).
public struct GaussianPSF: PointSpreadFunction, Hashable {
  public let sigmaPixels: Double
  public let truncationHalfWidthPixels: Double

  public init(sigmaPixels: Double, truncationHalfWidthPixels: Double? = nil) throws(OpticsError) {
    guard sigmaPixels.isFinite, sigmaPixels > 0 else {
      throw .invalidParameter(name: "sigmaPixels", value: sigmaPixels, rule: "must be finite and > 0")
    }
    let halfWidth = truncationHalfWidthPixels ?? max(3, (6 * sigmaPixels).rounded(.up))
    guard halfWidth.isFinite, halfWidth >= 0.5 else {
      throw .invalidParameter(name: "truncationHalfWidthPixels", value: halfWidth, rule: "must be ≥ 0.5")
    }
    self.sigmaPixels = sigmaPixels
    self.truncationHalfWidthPixels = halfWidth
  }

  /// Full width at half maximum of the (unintegrated) profile: 2√(2 ln 2) σ.
  public var fwhmPixels: Double { 2 * (2 * log(2.0)).squareRoot() * sigmaPixels }

  public var supportHalfWidthPixels: Double { truncationHalfWidthPixels }

  /// The exact fraction of a unit 1-D Gaussian that falls in the pixel centred at offset `d`.
  public func pixelFraction1D(_ d: Double) -> Double {
    if abs(d) > truncationHalfWidthPixels { return 0 }
    let scale = 1 / (2.0.squareRoot() * sigmaPixels)
    // Subtract on the side of the tail where both erfc values are small: no cancellation.
    let upper = (abs(d) + 0.5) * scale
    let lower = (abs(d) - 0.5) * scale
    if lower > 0 { return 0.5 * (erfc(lower) - erfc(upper)) }
    return 0.5 * (erf(upper) - erf(lower))
  }

  public func pixelFraction(dx: Double, dy: Double) -> Double {
    pixelFraction1D(dx) * pixelFraction1D(dy)
  }

  /// Separable: 1-D fractions along each axis, then their outer product.
  public func pixelFractionGrid(offsetsX: [Double], offsetsY: [Double]) -> [Double] {
    let gx = offsetsX.map(pixelFraction1D)
    let gy = offsetsY.map(pixelFraction1D)
    var values = [Double](repeating: 0, count: gx.count * gy.count)
    for (row, vy) in gy.enumerated() {
      for (column, vx) in gx.enumerated() { values[row * gx.count + column] = vx * vy }
    }
    return values
  }
}
