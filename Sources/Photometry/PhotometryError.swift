/// Errors raised by the photometry values when their inputs break a rule.
///
/// Each case names the thing that was wrong (a band, a spectrum, a grid), the value, and the
/// rule it broke, so the caller (usually a file adapter in the pipeline) can add the file name.
public enum PhotometryError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A tabulated curve (filter or spectrum) broke a rule: too short, unsorted, negative, non-finite.
  case invalidCurve(name: String, index: Int, value: Double, rule: String)
  /// A band has no overlap with the spectrum it must be integrated over, or integrates to zero.
  case noOverlap(band: String, spectrum: String, detail: String)
  /// A model-atmosphere grid is malformed (shape, axes, missing wavelengths).
  case invalidGrid(detail: String)
  /// A parameter is out of its physical domain (e.g. R_V ≤ 0, negative temperature).
  case invalidParameter(name: String, value: Double, rule: String)

  public var description: String {
    switch self {
    case .invalidCurve(let name, let index, let value, let rule):
      return "curve '\(name)': point \(index) has value \(value): \(rule)"
    case .noOverlap(let band, let spectrum, let detail):
      return "band '\(band)' cannot be integrated over spectrum '\(spectrum)': \(detail)"
    case .invalidGrid(let detail):
      return "atmosphere grid: \(detail)"
    case .invalidParameter(let name, let value, let rule):
      return "parameter \(name) = \(value): \(rule)"
    }
  }
}
