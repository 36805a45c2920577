import Foundation

/// One inferred parameter: where it comes from in a shard, how it is transformed, and how it is
/// standardised for training (`(value − mean) / deviation`, undone on prediction).
public struct LabelSpecification: Codable, Sendable, Equatable {
  public enum Transform: String, Codable, Sendable {
    case identity
    case log10
  }

  /// The predicted quantity's name (`log_r_h_pc`).
  public var name: String
  /// The shard label it is computed from (`/labels/r_h_pc`).
  public var source: String
  public var transform: Transform
  public var mean: Double
  public var deviation: Double

  public init(name: String, source: String, transform: Transform, mean: Double = 0, deviation: Double = 1) {
    self.name = name
    self.source = source
    self.transform = transform
    self.mean = mean
    self.deviation = deviation
  }

  /// The bundled model's labels: log age, log mass and log half-light radius.
  public static let clusterParameters: [LabelSpecification] = [
    LabelSpecification(name: "log_age", source: "log_age", transform: .identity),
    LabelSpecification(name: "log_mass", source: "log_mass", transform: .identity),
    LabelSpecification(name: "log_r_h_pc", source: "r_h_pc", transform: .log10),
  ]

  /// The transformed value of a shard label (NaN for a non-positive value under log10).
  public func transformed(_ source: Double) -> Double {
    switch transform {
    case .identity: source
    case .log10: source > 0 ? Foundation.log10(source) : .nan
    }
  }

  public func standardized(_ value: Double) -> Double { (value - mean) / deviation }
  public func physical(_ standardized: Double) -> Double { standardized * deviation + mean }
}
