import Foundation

/// A PSF whose outer rim is faded to zero by a radial raised-cosine window, so that its
/// truncation leaves no edge in an image.
///
/// Why: a sampled PSF ends where its file ends — ±1.5″ (30 grid pixels) for the bundled PHAT
/// ePSFs, where the scattered-light halo is still ≈ 10⁻⁴ of the peak. Around a young cluster's
/// supergiant of 10⁶ e⁻ that hard cut is a square step of 20–30 e⁻ per pixel, about 2 σ of the
/// sky: a box around every bright star that no real image has and that a network can learn.
///
/// Window, with r the distance (pixels) of the pixel centre from the star and R the base PSF's
/// `supportHalfWidthPixels`:
///
///     w(r) = 1                                   r ≤ r₀
///     w(r) = ½ [1 + cos(π (r − r₀) / (R − r₀))]   r₀ < r < R
///     w(r) = 0                                   r ≥ R
///
/// `pixelFraction` is c · w · the base's, where c gives back the light the window takes (the
/// outer ring's and the square's corners beyond R): the tapered PSF holds the base's total light
/// (1 for the normalised ePSFs), averaged over a 4 × 4 grid of sub-pixel phases, so the
/// rendered star keeps the magnitude it is labelled with. The core is scaled by c (1.002–1.021
/// for the bundled ePSFs, `Instruments/psf/README.md`), as the ePSF files' own normalisation
/// already scales it for the light beyond R.
public struct TaperedPSF: PointSpreadFunction {
  public let base: any PointSpreadFunction
  /// r₀: where the fade begins (pixels).
  public let taperStartPixels: Double
  /// c: the base's total light over the windowed light (phase averages).
  public let lightRestoringScale: Double
  /// R: the base's `supportHalfWidthPixels`, read once (the window is evaluated per grid point,
  /// and the base is an existential whose getter may compute).
  let taperEndPixels: Double

  /// - Parameters:
  ///   - base: the PSF to fade.
  ///   - taperStartFraction: r₀ / R, in [0, 1) (0.75: the outer quarter of the support fades).
  public init(base: any PointSpreadFunction, taperStartFraction: Double = 0.75) throws(OpticsError) {
    guard taperStartFraction >= 0, taperStartFraction < 1 else {
      throw .invalidParameter(name: "taperStartFraction", value: taperStartFraction, rule: "must be in [0, 1)")
    }
    self.base = base
    taperEndPixels = base.supportHalfWidthPixels
    taperStartPixels = taperStartFraction * taperEndPixels
    // Total light at phases (p, q)/4 of a pixel, with and without the window.
    let radius = Int(taperEndPixels.rounded(.up)) + 1
    var baseLight = 0.0
    var windowedLight = 0.0
    for q in 0..<4 {
      for p in 0..<4 {
        let offsetsX = (-radius...radius).map { Double($0) - Double(p) / 4 }
        let offsetsY = (-radius...radius).map { Double($0) - Double(q) / 4 }
        let values = base.pixelFractionGrid(offsetsX: offsetsX, offsetsY: offsetsY)
        var index = 0
        for dy in offsetsY {
          for dx in offsetsX {
            baseLight += values[index]
            windowedLight +=
              values[index]
              * Self.window(
                radiusPixels: (dx * dx + dy * dy).squareRoot(), start: taperStartPixels, end: taperEndPixels)
            index += 1
          }
        }
      }
    }
    guard windowedLight > 0 else {
      throw .invalidParameter(
        name: "taperStartFraction", value: taperStartFraction, rule: "leaves the PSF no light inside its support")
    }
    lightRestoringScale = baseLight / windowedLight
  }

  public var supportHalfWidthPixels: Double { taperEndPixels }

  /// w(r) of the type's discussion.
  public func window(radiusPixels r: Double) -> Double {
    Self.window(radiusPixels: r, start: taperStartPixels, end: taperEndPixels)
  }

  @inline(__always) static func window(radiusPixels r: Double, start: Double, end: Double) -> Double {
    if r <= start { return 1 }
    if r >= end { return 0 }
    return 0.5 * (1 + cos(Double.pi * (r - start) / (end - start)))
  }

  public func pixelFraction(dx: Double, dy: Double) -> Double {
    lightRestoringScale * base.pixelFraction(dx: dx, dy: dy) * window(radiusPixels: (dx * dx + dy * dy).squareRoot())
  }

  /// The base's grid times c · w, row by row through the buffer (the same products as
  /// `pixelFraction`, bit for bit).
  public func pixelFractionGrid(offsetsX: [Double], offsetsY: [Double]) -> [Double] {
    var values = base.pixelFractionGrid(offsetsX: offsetsX, offsetsY: offsetsY)
    let (scale, start, end) = (lightRestoringScale, taperStartPixels, taperEndPixels)
    values.withUnsafeMutableBufferPointer { grid in
      offsetsX.withUnsafeBufferPointer { xs in
        var index = 0
        for dy in offsetsY {
          for dx in xs {
            grid[index] *= scale * Self.window(radiusPixels: (dx * dx + dy * dy).squareRoot(), start: start, end: end)
            index += 1
          }
        }
      }
    }
    return values
  }
}
