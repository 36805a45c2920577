import Optics

/// The slow, direct renderer used to check `Renderer`: every pixel of every star's support is
/// `flux · psf.pixelFraction(x_pixel − x_star, y_pixel − y_star)`, accumulated in Double, with no
/// phase tables and no wing cut. For an analytic PSF this is the exact pixel-integrated image.
public enum RenderReference {
  /// Renders `stars` through one PSF per band; returns Double pixels `[band][y][x]`.
  public static func render(
    _ stars: RenderStarList, psfs: [any PointSpreadFunction], width: Int, height: Int
  ) throws(RenderError) -> [Double] {
    guard stars.bandCount == psfs.count else {
      throw .bandCountMismatch(field: "star fluxes", expected: psfs.count, found: stars.bandCount)
    }
    guard width >= 1, height >= 1 else { throw .invalidImageSize(width: width, height: height) }
    var pixels = [Double](repeating: 0, count: psfs.count * width * height)
    for (band, psf) in psfs.enumerated() {
      let reach = psf.supportHalfWidthPixels
      for star in 0..<stars.count {
        let flux = stars.flux[band][star]
        if flux == 0 { continue }
        let x = stars.x[star]
        let y = stars.y[star]
        let x0 = max(0, Int((x - reach).rounded(.up)))
        let x1 = min(width - 1, Int((x + reach).rounded(.down)))
        let y0 = max(0, Int((y - reach).rounded(.up)))
        let y1 = min(height - 1, Int((y + reach).rounded(.down)))
        if x0 > x1 || y0 > y1 { continue }
        let offsetsX = (x0...x1).map { Double($0) - x }
        let offsetsY = (y0...y1).map { Double($0) - y }
        let values = psf.pixelFractionGrid(offsetsX: offsetsX, offsetsY: offsetsY)
        for (row, py) in (y0...y1).enumerated() {
          for (column, px) in (x0...x1).enumerated() {
            pixels[(band * height + py) * width + px] += flux * values[row * offsetsX.count + column]
          }
        }
      }
    }
    return pixels
  }
}
