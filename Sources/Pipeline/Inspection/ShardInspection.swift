import Datasets
import Foundation

/// What `starmill inspect` finds in one shard: its layout, label statistics, and every problem
/// (a damaged shard has at least one).
public struct ShardReport: Sendable, Codable {
  public struct LabelSummary: Sendable, Codable {
    public var name: String
    public var minimum: Double
    public var maximum: Double
    public var mean: Double
    /// Counts in 10 equal bins over [minimum, maximum].
    public var histogram: [Int]
  }
  public var path: String
  public var formatVersion: Int?
  public var recipeName: String?
  public var recipeSHA256: String?
  public var samples: Int
  public var firstSample: Int
  public var bands: [String]
  public var imageHeight: Int
  public var imageWidth: Int
  public var pixelScaleArcsec: Double
  public var units: String
  public var labels: [LabelSummary]
  public var pixelMinimum: Double
  public var pixelMaximum: Double
  public var problems: [String]

  public var isDamaged: Bool { !problems.isEmpty }
}

/// Checks shards written by `ShardWriter`: format, shapes, NaN/Inf in images, labels and truth,
/// the sample index range against the provenance attributes, and labels against the truth
/// columns of the same name.
public enum ShardInspection {
  public static func inspect(path: String) -> ShardReport {
    var report = ShardReport(
      path: path, formatVersion: nil, recipeName: nil, recipeSHA256: nil, samples: 0, firstSample: 0, bands: [],
      imageHeight: 0, imageWidth: 0, pixelScaleArcsec: 0, units: "", labels: [], pixelMinimum: .nan,
      pixelMaximum: .nan, problems: [])
    let reader: ShardReader
    do {
      reader = try ShardReader(path: path)
    } catch {
      report.problems.append("\(error)")
      return report
    }
    let m = reader.metadata
    report.formatVersion = ShardMetadata.formatVersion
    report.recipeName = m.recipeName
    report.recipeSHA256 = m.recipeSHA256
    report.samples = m.sampleCount
    report.firstSample = m.firstSample
    report.bands = m.bands
    report.imageHeight = m.imageHeightPixels
    report.imageWidth = m.imageWidthPixels
    report.pixelScaleArcsec = m.pixelScaleArcsec
    report.units = m.units
    do {
      // Images, a few samples at a time to bound memory.
      var nonFinite = 0
      var low = Float.infinity
      var high = -Float.infinity
      let batch = 64
      for start in stride(from: 0, to: m.sampleCount, by: batch) {
        let pixels = try reader.images(start..<min(start + batch, m.sampleCount))
        for value in pixels {
          if !value.isFinite {
            nonFinite += 1
          } else {
            low = min(low, value)
            high = max(high, value)
          }
        }
      }
      if nonFinite > 0 { report.problems.append("/images holds \(nonFinite) NaN or infinite pixels") }
      report.pixelMinimum = Double(low)
      report.pixelMaximum = Double(high)

      let indices = try reader.sampleIndices()
      if indices != Array(m.sampleRange) {
        report.problems.append("/truth/sample_index is not \(m.sampleRange) as the attributes say")
      }
      if m.sampleRange.upperBound > m.datasetSamples {
        report.problems.append("samples \(m.sampleRange) exceed the dataset's \(m.datasetSamples)")
      }
      if reader.labelNames.isEmpty { report.problems.append("no /labels datasets") }
      for name in reader.labelNames {
        let values = try reader.label(name)
        if values.count != m.sampleCount {
          report.problems.append("/labels/\(name) has \(values.count) values for \(m.sampleCount) samples")
          continue
        }
        if values.contains(where: { !$0.isFinite }) { report.problems.append("/labels/\(name) holds NaN or Inf") }
        report.labels.append(summary(name, values))
        if reader.truthNames.contains(name), try reader.truth(name) != values {
          report.problems.append("/labels/\(name) disagrees with /truth/\(name)")
        }
      }
      for name in reader.truthNames {
        let shape = try reader.truthShape(name)
        if shape.first != m.sampleCount {
          report.problems.append("/truth/\(name) has shape \(shape) for \(m.sampleCount) samples")
        }
        if name == "integrated_mag" && shape != [m.sampleCount, m.bands.count] {
          report.problems.append(
            "/truth/integrated_mag has shape \(shape), expected [\(m.sampleCount), \(m.bands.count)]")
        }
      }
    } catch {
      report.problems.append("cannot read: \(error)")
    }
    return report
  }

  static func summary(_ name: String, _ values: [Double]) -> ShardReport.LabelSummary {
    let finite = values.filter(\.isFinite)
    let low = finite.min() ?? .nan
    let high = finite.max() ?? .nan
    var histogram = [Int](repeating: 0, count: 10)
    if high > low {
      for value in finite { histogram[min(9, Int((value - low) / (high - low) * 10))] += 1 }
    } else {
      histogram[0] = finite.count
    }
    let mean = finite.isEmpty ? .nan : finite.reduce(0, +) / Double(finite.count)
    return .init(name: name, minimum: low, maximum: high, mean: mean, histogram: histogram)
  }
}
