import Foundation

/// How raw shard pixels (e⁻/s) become network inputs: per band, an asinh stretch
/// `u = asinh(x / s_b)` (Lupton, Gunn & Szalay 1999: linear for |x| ≲ s_b, logarithmic for bright
/// pixels, so faint outskirts and bright cores both stay in range), then standardisation
/// `(u − mean_b) / deviation_b`. Stored in the model file, so inference sees exactly what
/// training saw.
public struct InputNormalization: Codable, Sendable, Equatable {
  public var bands: [String]
  /// s_b, in the shard's pixel units.
  public var stretchScales: [Double]
  public var means: [Double]
  public var deviations: [Double]

  public init(bands: [String], stretchScales: [Double], means: [Double], deviations: [Double]) {
    self.bands = bands
    self.stretchScales = stretchScales
    self.means = means
    self.deviations = deviations
  }

  /// Fits the scales to `count` images `[band][y][x]`: s_b is the robust noise level of band b
  /// (1.4826 × the median absolute deviation of its pixels, the Gaussian-equivalent σ), floored
  /// at 10⁻⁶ of the band's largest |pixel| (and at 10⁻³⁰) so a noiseless band still gives finite
  /// values; the standardisation is then the stretched pixels' mean and standard deviation.
  public static func fit(images: [Float], count: Int, bands: [String], pixelsPerBand: Int) -> InputNormalization {
    precondition(images.count == count * bands.count * pixelsPerBand && count > 0)
    var scales: [Double] = []
    var means: [Double] = []
    var deviations: [Double] = []
    for band in bands.indices {
      var values: [Double] = []
      values.reserveCapacity(count * pixelsPerBand)
      for n in 0..<count {
        let start = (n * bands.count + band) * pixelsPerBand
        for p in 0..<pixelsPerBand { values.append(Double(images[start + p])) }
      }
      let median = Self.median(values)
      let mad = Self.median(values.map { abs($0 - median) })
      let largest = values.reduce(0) { max($0, abs($1)) }
      let scale = max(1.4826 * mad, 1e-6 * largest, 1e-30)
      var sum: Double = 0
      var squares: Double = 0
      for value in values {
        let u = asinh(value / scale)
        sum += u
        squares += u * u
      }
      let mean = sum / Double(values.count)
      let variance = max(squares / Double(values.count) - mean * mean, 0)
      scales.append(scale)
      means.append(mean)
      deviations.append(max(variance.squareRoot(), 1e-6))
    }
    return InputNormalization(bands: bands, stretchScales: scales, means: means, deviations: deviations)
  }

  /// Applies the stretch and standardisation in place to `[n][band][y][x]` pixels.
  public func apply(to pixels: inout [Float], pixelsPerBand: Int) {
    let bandCount = bands.count
    precondition(pixels.count % (bandCount * pixelsPerBand) == 0, "InputNormalization: pixel count mismatch")
    let inverseScales = stretchScales.map { 1 / $0 }
    pixels.withUnsafeMutableBufferPointer { values in
      for plane in 0..<(values.count / pixelsPerBand) {
        let band = plane % bandCount
        let inverse = inverseScales[band]
        let mean = means[band]
        let inverseDeviation = 1 / deviations[band]
        let line = values.baseAddress! + plane * pixelsPerBand
        for p in 0..<pixelsPerBand {
          line[p] = Float((asinh(Double(line[p]) * inverse) - mean) * inverseDeviation)
        }
      }
    }
  }

  static func median(_ values: [Double]) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle])
  }
}
