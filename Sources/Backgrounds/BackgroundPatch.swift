import Numerics

/// One background field: a multi-band image of a piece of sky `[band][y][x]`, Float32, e⁻/s per
/// pixel, with where it came from and its measured statistics.
public struct BackgroundPatch: Sendable, Equatable {
  /// Where the patch was cut from: a source name (an input file, or a synthetic class and seed)
  /// and the 0-based pixel of that source image at the patch's pixel (0, 0).
  public struct Origin: Sendable, Equatable {
    public var source: String
    public var x: Int
    public var y: Int

    public init(source: String, x: Int, y: Int) {
      self.source = source
      self.x = x
      self.y = y
    }
  }

  public let bandCount: Int
  public let width: Int
  public let height: Int
  /// Pixels `[band][y][x]`, row-major, e⁻/s.
  public let pixels: [Float]
  public let origin: Origin
  /// Star-density class label (e.g. "outer-disk"); free text for imported fields.
  public let densityClass: String
  /// Mean pixel value per band (e⁻/s), accumulated in Double.
  public let meanElectronsPerSecond: [Double]
  /// Robust noise σ per band (e⁻/s): 1.4826 × the median absolute deviation from the median.
  public let noiseSigmaElectronsPerSecond: [Double]

  /// A patch from its pixels; the statistics are measured here.
  public init(bandCount: Int, width: Int, height: Int, pixels: [Float], origin: Origin, densityClass: String)
    throws(FieldError)
  {
    guard bandCount >= 1, width >= 1, height >= 1, pixels.count == bandCount * width * height else {
      throw FieldError(
        field: "patch[\(origin.source)].shape", value: "\(bandCount)×\(height)×\(width)",
        rule: "needs ≥ 1 band and pixel, and exactly bands × height × width = \(pixels.count) pixels")
    }
    if let bad = pixels.firstIndex(where: { !$0.isFinite }) {
      throw FieldError(
        field: "patch[\(origin.source)].pixels[\(bad)]", value: "\(pixels[bad])",
        rule: "background pixels must be finite")
    }
    self.bandCount = bandCount
    self.width = width
    self.height = height
    self.pixels = pixels
    self.origin = origin
    self.densityClass = densityClass
    let size = width * height
    var means: [Double] = []
    var sigmas: [Double] = []
    for band in 0..<bandCount {
      let slice = pixels[(band * size)..<((band + 1) * size)]
      means.append(slice.reduce(0.0) { $0 + Double($1) } / Double(size))
      sigmas.append(Self.robustSigma(slice))
    }
    meanElectronsPerSecond = means
    noiseSigmaElectronsPerSecond = sigmas
  }

  /// Pixel (x, y) of band `band`.
  @inline(__always) public func value(band: Int, x: Int, y: Int) -> Float {
    pixels[(band * height + y) * width + x]
  }

  /// 1.4826 · MAD: the σ of a Gaussian with the same median absolute deviation (robust against
  /// the stars in the field).
  public static func robustSigma(_ values: some Collection<Float>) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    let n = sorted.count
    let median = Double(sorted[n / 2])
    // The deviations |x − median| of the sorted values are two sorted runs, falling to the left of
    // the median and rising from it: walk outwards from the median, taking the smaller deviation
    // each time, to the (n/2)-th smallest (the upper median of the deviations) — one sort, not two.
    return sorted.withUnsafeBufferPointer { x in
      var left = n / 2 - 1
      var right = n / 2
      var deviation = 0.0
      for _ in 0...(n / 2) {
        let fromLeft = left >= 0 ? median - Double(x[left]) : .infinity
        let fromRight = right < n ? Double(x[right]) - median : .infinity
        if fromLeft < fromRight {
          deviation = fromLeft
          left -= 1
        } else {
          deviation = fromRight
          right += 1
        }
      }
      return 1.4826 * deviation
    }
  }

  /// The median of `values` (upper median for even counts).
  public static func median(_ values: some Collection<Float>) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    return Double(sorted[sorted.count / 2])
  }
}
