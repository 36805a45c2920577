/// A point-spread function seen through a detector: how a star's light falls into pixels.
///
/// Contract (the "effective PSF" convention of Anderson & King 2000, PASP 112, 1360):
/// `pixelFraction(dx:dy:)` is the fraction of a unit-flux star's light that a detector pixel
/// receives when the pixel's centre lies at offset `(dx, dy)` pixels from the star. The pixel
/// response is already folded in, so rendering a star of flux `F` at `(x, y)` is exactly
/// `image[j][i] = F · pixelFraction(i − x, j − y)` — no further integration.
///
/// - `pixelFraction` is zero whenever `max(|dx|, |dy|) > supportHalfWidthPixels`; renderers use
///   that as the stamp half-width. Truncation is part of each model and stated by it.
/// - Summed over all pixels of a grid (any sub-pixel placement), the fractions give the model's
///   total light: 1 for normalised models, less for a truncated profile that is deliberately
///   not renormalised.
public protocol PointSpreadFunction: Sendable {
  /// Fraction of a unit star's light in the pixel centred at offset `(dx, dy)` pixels.
  func pixelFraction(dx: Double, dy: Double) -> Double

  /// `pixelFraction` on the grid `offsetsY × offsetsX`, row-major (y outer). Models override it
  /// when separability or symmetry makes the grid cheaper than point-by-point evaluation.
  func pixelFractionGrid(offsetsX: [Double], offsetsY: [Double]) -> [Double]

  /// Half-width (pixels, in pixel-centre offsets) of the square outside which the fraction is 0.
  var supportHalfWidthPixels: Double { get }
}

extension PointSpreadFunction {
  public func pixelFractionGrid(offsetsX: [Double], offsetsY: [Double]) -> [Double] {
    var values: [Double] = []
    values.reserveCapacity(offsetsX.count * offsetsY.count)
    for dy in offsetsY {
      for dx in offsetsX { values.append(pixelFraction(dx: dx, dy: dy)) }
    }
    return values
  }
}
