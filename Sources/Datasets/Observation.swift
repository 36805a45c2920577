/// One simulated sample as it goes into a shard: the image, its labels and its truth.
///
/// Columns are named and typed so that the shard format can grow without changing this type:
/// every label becomes `/labels/<name>` (float64 [N]); every truth column `/truth/<name>`
/// (float64 or int64 [N], or float64 [N, B] for per-band values).
public struct Observation: Sendable {
  /// Pixels `[band][y][x]`, Float32, row-major; count = bands × height × width.
  public var pixels: [Float]
  public var labels: [String: Double]
  public var truthReals: [String: Double]
  public var truthIntegers: [String: Int64]
  /// Per-band truth (e.g. integrated magnitudes), one value per band in the dataset's band order.
  public var truthPerBand: [String: [Double]]

  public init(
    pixels: [Float], labels: [String: Double], truthReals: [String: Double] = [:],
    truthIntegers: [String: Int64] = [:], truthPerBand: [String: [Double]] = [:]
  ) {
    self.pixels = pixels
    self.labels = labels
    self.truthReals = truthReals
    self.truthIntegers = truthIntegers
    self.truthPerBand = truthPerBand
  }
}
