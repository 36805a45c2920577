import Foundation

/// The magnitude at which a photometric catalogue reaches a given S/N (its depth), measured
/// *at fixed magnitude*: the median S/N of stars in magnitude bins, as a function of magnitude.
///
/// Why at fixed magnitude: a rendered star has a fixed input magnitude, and its S/N is measured
/// over noise realisations. The other reading — the median magnitude of stars whose S/N is
/// near 5, as `phat_band_summary.ecsv` tabulates — is biased wherever the catalogue is cut near
/// that depth: in `b15_data_test.fits` (selected at F475W ≤ 27.6) the only F475W stars with
/// S/N ≈ 5 are brighter stars scattered low, which puts "S/N = 5" at 27.52 instead of ≈ 27.77.
///
/// Method: stars with a finite magnitude < 90 (DOLPHOT writes 99.999 for non-detections) and
/// S/N > 0 are binned in magnitude (`binWidthMagnitudes`); bins with at least `minimumBinCount`
/// stars give (median magnitude, median S/N). The depth is where log10 of the median S/N crosses
/// log10(target), linearly interpolated between the first pair of neighbouring bins that
/// brackets it; if the catalogue stops before reaching the target, a least-squares line through
/// the faintest (up to four) bins with median S/N < 3 × target is extrapolated, at most
/// `maximumExtrapolationMagnitudes` beyond the faintest bin.
public struct NoiseDepthEstimate: Sendable, Equatable {
  public enum Method: Sendable, Equatable {
    case interpolated
    case extrapolated(bins: Int)
  }

  public let magnitude: Double
  public let method: Method
  /// The (median magnitude, median S/N) of the bins used.
  public let bins: [(magnitude: Double, signalToNoise: Double)]

  public static func == (lhs: NoiseDepthEstimate, rhs: NoiseDepthEstimate) -> Bool {
    lhs.magnitude == rhs.magnitude && lhs.method == rhs.method && lhs.bins.count == rhs.bins.count
      && zip(lhs.bins, rhs.bins).allSatisfy { $0.magnitude == $1.magnitude && $0.signalToNoise == $1.signalToNoise }
  }

  /// Returns nil when the catalogue neither reaches nor nearly reaches the target.
  public init?(
    magnitudes: [Double], signalToNoise: [Double], target: Double = 5, binWidthMagnitudes: Double = 0.2,
    minimumBinCount: Int = 20, maximumExtrapolationMagnitudes: Double = 0.5
  ) {
    precondition(magnitudes.count == signalToNoise.count, "NoiseDepthEstimate: column lengths differ")
    var stars: [(Double, Double)] = []
    for (m, s) in zip(magnitudes, signalToNoise) where m.isFinite && m < 90 && s.isFinite && s > 0 {
      stars.append((m, s))
    }
    guard let lowest = stars.map(\.0).min() else { return nil }
    let origin = (lowest / binWidthMagnitudes).rounded(.down) * binWidthMagnitudes
    var grouped: [Int: [(Double, Double)]] = [:]
    for star in stars {
      grouped[Int(((star.0 - origin) / binWidthMagnitudes).rounded(.down)), default: []].append(star)
    }
    func median(_ values: [Double]) -> Double {
      let sorted = values.sorted()
      let n = sorted.count
      return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2])
    }
    let bins = grouped.keys.sorted().compactMap { key -> (magnitude: Double, signalToNoise: Double)? in
      let members = grouped[key]!
      guard members.count >= minimumBinCount else { return nil }
      return (median(members.map(\.0)), median(members.map(\.1)))
    }
    let logTarget = log10(target)
    for (bright, faint) in zip(bins, bins.dropFirst())
    where log10(bright.signalToNoise) >= logTarget && log10(faint.signalToNoise) < logTarget {
      let a = log10(bright.signalToNoise)
      let b = log10(faint.signalToNoise)
      magnitude = bright.magnitude + (logTarget - a) * (faint.magnitude - bright.magnitude) / (b - a)
      method = .interpolated
      self.bins = bins
      return
    }
    let candidates = bins.filter { $0.signalToNoise < 3 * target && $0.signalToNoise >= target }.suffix(4)
    guard candidates.count >= 2, let faintest = bins.last, faintest.signalToNoise >= target else { return nil }
    let n = Double(candidates.count)
    let meanM = candidates.map(\.magnitude).reduce(0, +) / n
    let meanL = candidates.map { log10($0.signalToNoise) }.reduce(0, +) / n
    var sxy = 0.0
    var sxx = 0.0
    for bin in candidates {
      sxy += (bin.magnitude - meanM) * (log10(bin.signalToNoise) - meanL)
      sxx += (bin.magnitude - meanM) * (bin.magnitude - meanM)
    }
    let slope = sxy / sxx
    guard slope < 0 else { return nil }
    let estimate = meanM + (logTarget - meanL) / slope
    guard estimate - faintest.magnitude <= maximumExtrapolationMagnitudes else { return nil }
    magnitude = estimate
    method = .extrapolated(bins: candidates.count)
    self.bins = bins
  }
}
