/// The rule that decides whether a square of a real mosaic is usable as a background patch.
///
/// A candidate patch (all bands) is rejected when, in any band:
/// 1. a pixel is NaN or ±∞ (no data, masked, or outside the footprint);
/// 2. zero weight: more than `maximumZeroFraction` of its pixels are exactly 0, or a whole edge
///    row or column is exactly 0 (drizzle writes 0 where no exposure contributed: chip gaps and
///    mosaic borders);
/// 3. a saturated or bleeding core: a pixel reaches `saturationElectronsPerSecond` (when given for
///    that band), or rises more than `maximumPeakSigmas` robust σ (1.4826 · MAD) above the patch
///    median — a star far brighter than anything a training cluster should sit next to.
public struct PatchScreening: Sendable, Equatable {
  public enum Rejection: Sendable, Equatable, CustomStringConvertible {
    case nonFinite(band: String, count: Int)
    case zeroWeight(band: String, zeroFraction: Double, zeroEdge: Bool)
    case saturated(band: String, peak: Double, limit: Double)
    case brightCore(band: String, peakSigmas: Double)

    public var description: String {
      switch self {
      case .nonFinite(let band, let count): "\(band): \(count) NaN/∞ pixels"
      case .zeroWeight(let band, let fraction, let edge):
        "\(band): zero weight (\(Int((fraction * 100).rounded())) % zeros\(edge ? ", an all-zero edge" : ""))"
      case .saturated(let band, let peak, let limit): "\(band): peak \(peak) e⁻/s ≥ saturation \(limit)"
      case .brightCore(let band, let sigmas): "\(band): peak \(Int(sigmas)) σ above the median"
      }
    }
  }

  public var maximumZeroFraction: Double
  public var maximumPeakSigmas: Double
  /// Per band (by name): the count rate at which the data saturate, e⁻/s.
  public var saturationElectronsPerSecond: [String: Double]

  public init(
    maximumZeroFraction: Double = 0.01, maximumPeakSigmas: Double = 5000,
    saturationElectronsPerSecond: [String: Double] = [:]
  ) {
    self.maximumZeroFraction = maximumZeroFraction
    self.maximumPeakSigmas = maximumPeakSigmas
    self.saturationElectronsPerSecond = saturationElectronsPerSecond
  }

  /// The first rule `patch` (one band, `width` × `height`, row-major) breaks, or nil.
  public func rejection(band: String, patch: [Float], width: Int, height: Int) -> Rejection? {
    let nonFinite = patch.reduce(0) { $0 + ($1.isFinite ? 0 : 1) }
    if nonFinite > 0 { return .nonFinite(band: band, count: nonFinite) }
    let zeros = patch.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
    let fraction = Double(zeros) / Double(patch.count)
    let top = (0..<width).allSatisfy { patch[$0] == 0 }
    let bottom = (0..<width).allSatisfy { patch[(height - 1) * width + $0] == 0 }
    let left = (0..<height).allSatisfy { patch[$0 * width] == 0 }
    let right = (0..<height).allSatisfy { patch[$0 * width + width - 1] == 0 }
    let zeroEdge = top || bottom || left || right
    if fraction > maximumZeroFraction || zeroEdge {
      return .zeroWeight(band: band, zeroFraction: fraction, zeroEdge: zeroEdge)
    }
    let peak = Double(patch.max()!)
    if let limit = saturationElectronsPerSecond[band], peak >= limit {
      return .saturated(band: band, peak: peak, limit: limit)
    }
    let sigma = BackgroundPatch.robustSigma(patch)
    let median = BackgroundPatch.median(patch)
    if sigma > 0, (peak - median) / sigma > maximumPeakSigmas {
      return .brightCore(band: band, peakSigmas: (peak - median) / sigma)
    }
    return nil
  }
}
