/// A sampled effective PSF (ePSF; Anderson & King 2000, PASP 112, 1360): an oversampled grid
/// whose value at offset `(dx, dy)` pixels from the star is the fraction of the star's light that
/// a detector pixel centred there receives. This is the form of the HST "PSFSTD" libraries
/// (Anderson & King 2006, ACS ISR 2006-01): 101×101 samples, 4× oversampled, centre sample 50.
///
/// Contract:
/// - sample `(i, j)` sits at offset `((i − centerX)/oversampling, (j − centerY)/oversampling)`;
/// - a sample *is* a pixel fraction. The oversampling² interleaved sub-grids are each one placement
///   of the star, so `Σ samples = oversampling² · totalLight`; samples are normalised to
///   `totalLight = 1` unless the caller asks otherwise (PSFSTD planes sum to about 16 = 4²);
/// - between samples the ePSF is an interpolating cubic B-spline (see `CubicBSplineSurface`),
///   outside the grid it is zero.
public struct EffectivePSF: PointSpreadFunction {
  public let width: Int
  public let height: Int
  /// Samples per detector pixel along each axis.
  public let oversampling: Int
  /// Sample coordinates of the star's position.
  public let centerX: Double
  public let centerY: Double
  /// Row-major samples (y outer), normalised as stated above.
  public let samples: [Double]
  let surface: CubicBSplineSurface

  /// - Parameter normalizedTotal: the light the grid should hold (`nil` keeps the samples as given).
  public init(
    samples: [Double], width: Int, height: Int, oversampling: Int, centerX: Double, centerY: Double,
    normalizedTotal: Double? = 1
  ) throws(OpticsError) {
    guard width >= 4, height >= 4, samples.count == width * height else {
      throw .invalidGrid(detail: "\(samples.count) samples for a \(width)×\(height) grid (need ≥ 4×4)")
    }
    guard oversampling >= 1 else {
      throw .invalidParameter(name: "oversampling", value: Double(oversampling), rule: "must be ≥ 1")
    }
    guard centerX >= 0, centerY >= 0, centerX <= Double(width - 1), centerY <= Double(height - 1) else {
      throw .invalidGrid(detail: "centre (\(centerX), \(centerY)) outside the \(width)×\(height) grid")
    }
    if let bad = samples.firstIndex(where: { !$0.isFinite }) {
      throw .invalidGrid(detail: "sample \(bad) (x \(bad % width), y \(bad / width)) is not finite")
    }
    var values = samples
    if let total = normalizedTotal {
      let sum = samples.reduce(0, +)
      guard sum > 0 else { throw .invalidGrid(detail: "samples sum to \(sum); cannot normalise") }
      let scale = total * Double(oversampling * oversampling) / sum
      for k in values.indices { values[k] *= scale }
    }
    self.width = width
    self.height = height
    self.oversampling = oversampling
    self.centerX = centerX
    self.centerY = centerY
    self.samples = values
    surface = CubicBSplineSurface(samples: values, width: width, height: height)
  }

  /// Total light: Σ samples / oversampling².
  public var totalLight: Double { samples.reduce(0, +) / Double(oversampling * oversampling) }

  /// The farthest offset (pixels) from the centre to the grid's edge along either axis.
  public var supportHalfWidthPixels: Double {
    max(centerX, Double(width - 1) - centerX, centerY, Double(height - 1) - centerY) / Double(oversampling)
  }

  public func pixelFraction(dx: Double, dy: Double) -> Double {
    let scale = Double(oversampling)
    return surface.value(u: centerX + dx * scale, v: centerY + dy * scale)
  }

  /// `pixelFraction` on a grid, evaluated separably (`CubicBSplineSurface.values`: equal to
  /// rounding, 3–4× fewer products).
  public func pixelFractionGrid(offsetsX: [Double], offsetsY: [Double]) -> [Double] {
    let scale = Double(oversampling)
    return surface.values(us: offsetsX.map { centerX + $0 * scale }, vs: offsetsY.map { centerY + $0 * scale })
  }

  /// The sample at grid index `(i, j)` as a pixel fraction (no interpolation).
  public func sample(_ i: Int, _ j: Int) -> Double { samples[j * width + i] }
}
