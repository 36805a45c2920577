import Numerics

/// An instrument or noise parameter that cannot describe a detector.
///
/// Keeps the band (empty for instrument-wide fields) apart from the field (the parameter's
/// name in this module's API) because the pipeline's instrument loader maps the two back onto
/// the YAML node they came from, to report its file, line and column. Prints as the shared
/// `FieldError` shape, `bands[F814W].readNoiseElectrons = -1: must be finite and ≥ 0`.
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

  /// The error as a located field, with the field path `bands[BAND].FIELD` (or `FIELD` for an
  /// instrument-wide field) and no file: the loader that read the file adds it.
  public var fieldError: FieldError {
    FieldError(field: band.isEmpty ? field : "bands[\(band)].\(field)", value: value, rule: rule)
  }

  public var description: String { fieldError.description }
}
