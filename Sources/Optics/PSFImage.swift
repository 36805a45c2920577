/// A plain PSF image: the light of a point source binned into square sample cells that need not
/// match the detector's pixels (TinyTim's output, Krist, Hook & Stoehr 2011, Proc. SPIE 8127).
/// Unlike an `EffectivePSF` it is *not* convolved with the detector pixel.
///
/// Contract: sample `(i, j)` holds the light falling in the cell of side `sampleSpacingPixels`
/// (in detector pixels) centred at offset `((i − centerX)·s, (j − centerY)·s)` from the star.
/// `s = 1/k` for an image k× oversampled; TinyTim's 0.0495″ samples on the 0.05″ ACS/WFC grid
/// have `s = 0.99`.
public struct PSFImage: Sendable {
  public let width: Int
  public let height: Int
  public let sampleSpacingPixels: Double
  public let centerX: Double
  public let centerY: Double
  /// Row-major (y outer) light per cell.
  public let samples: [Double]

  public init(
    samples: [Double], width: Int, height: Int, sampleSpacingPixels: Double, centerX: Double, centerY: Double
  ) throws(OpticsError) {
    guard width >= 1, height >= 1, samples.count == width * height else {
      throw .invalidGrid(detail: "\(samples.count) samples for a \(width)×\(height) image")
    }
    guard sampleSpacingPixels.isFinite, sampleSpacingPixels > 0 else {
      throw .invalidParameter(name: "sampleSpacingPixels", value: sampleSpacingPixels, rule: "must be > 0")
    }
    if let bad = samples.firstIndex(where: { !$0.isFinite }) {
      throw .invalidGrid(detail: "sample \(bad) (x \(bad % width), y \(bad / width)) is not finite")
    }
    self.width = width
    self.height = height
    self.sampleSpacingPixels = sampleSpacingPixels
    self.centerX = centerX
    self.centerY = centerY
    self.samples = samples
  }
}
