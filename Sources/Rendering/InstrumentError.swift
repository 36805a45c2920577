/// An instrument or noise parameter that cannot describe a detector.
///
/// Carries the band (empty for instrument-wide fields), the field as written in an instrument
/// file, the offending value and the rule broken, so the pipeline's loader can add file and line.
public struct InstrumentError: Error, Sendable, Equatable, CustomStringConvertible {
  public let band: String
  public let field: String
  public let value: String
  public let rule: String

  public init(band: String, field: String, value: String, rule: String) {
    self.band = band
    self.field = field
    self.value = value
    self.rule = rule
  }

  public var description: String {
    (band.isEmpty ? "" : "band \(band): ") + "\(field) = \(value): \(rule)"
  }
}
