import Datasets
import Foundation
import Network

/// The result of checking one shard against a model (`starmill check`), JSON-encodable.
public struct ShardCheckReport: Codable, Sendable {
  public struct ParameterResult: Codable, Sendable {
    public var name: String
    public var metrics: RegressionMetrics
    public var thresholds: CheckThresholds
    public var violations: [String]
    public var passed: Bool { violations.isEmpty }
  }

  /// One grid node's results (informational: a node may sit where the model is weak).
  public struct NodeResult: Codable, Sendable {
    public var node: Int
    public var count: Int
    public var parameters: [ParameterResult]
  }

  public var shard: String
  public var samples: Int
  public var passed: Bool
  public var parameters: [ParameterResult]
  public var nodes: [NodeResult]
}

/// One shard checked by `ShardChecker.check`: the report, every sample's predictions and true
/// labels (`[sample][label]`, model label order and units), and the samples the report judged.
public struct ShardCheckResult: Sendable {
  public var report: ShardCheckReport
  public var predicted: [[Double]]
  public var truth: [[Double]]
  /// Indices (ascending) of the samples inside the checker's `selection`: the ones `report`
  /// judged. Callers use these rather than evaluating the selection again.
  public var selected: [Int]
}

/// Checks shards with a model: predicts every image, compares with the shard's labels
/// (transformed as the model's labels say), and applies per-parameter limits (the model card's
/// defaults unless overridden). A shard whose bands, image size or pixel scale differ from the
/// model's is refused before any prediction.
public final class ShardChecker {
  public let model: RegressionModel
  public let thresholds: [String: CheckThresholds]
  /// Whether each image is predicted as the average over its eight flips and quarter turns.
  public let symmetrized: Bool
  /// Only samples whose true labels lie in these closed ranges (label name → range, in the
  /// model's label units, e.g. `log_r_h_pc`) are judged; empty: all samples.
  public let selection: [String: ClosedRange<Double>]
  let inference: BatchParallelInference

  public init(
    model: RegressionModel, overrides: [String: ThresholdOverride] = [:], symmetrized: Bool = false,
    selection: [String: ClosedRange<Double>] = [:], threads: Int = 1
  ) throws {
    self.model = model
    self.symmetrized = symmetrized
    for name in selection.keys where !model.labels.contains(where: { $0.name == name }) {
      throw TrainingError.options(
        "--range \(name): not a label of the model (it predicts \(model.labels.map(\.name).joined(separator: ", ")))")
    }
    self.selection = selection
    var thresholds: [String: CheckThresholds] = [:]
    for label in model.labels {
      let override = overrides[label.name] ?? overrides["*"] ?? ThresholdOverride()
      guard var limits = model.card.checkThresholds[label.name] ?? override.complete else {
        throw TrainingError.options(
          "the model card has no check thresholds for '\(label.name)': give --max-bias, --max-scatter, "
            + "--max-outlier-fraction and --outlier-delta for it")
      }
      override.apply(to: &limits)
      thresholds[label.name] = limits
    }
    for name in overrides.keys where name != "*" && !model.labels.contains(where: { $0.name == name }) {
      throw TrainingError.options(
        "threshold for unknown parameter '\(name)' (the model predicts \(model.labels.map(\.name).joined(separator: ", ")))"
      )
    }
    self.thresholds = thresholds
    inference = try BatchParallelInference(network: model.network, threads: threads)
  }

  /// Why `metadata` cannot be checked with this model, or nil.
  public func incompatibility(_ metadata: ShardMetadata) -> String? {
    let card = model.card
    if metadata.bands != model.bands {
      return
        "bands \(metadata.bands.joined(separator: ",")) differ from the model's \(model.bands.joined(separator: ","))"
    }
    if metadata.imageHeightPixels != model.imageShape[1] || metadata.imageWidthPixels != model.imageShape[2] {
      return "image size \(metadata.imageHeightPixels)×\(metadata.imageWidthPixels) differs from the model's "
        + "\(model.imageShape[1])×\(model.imageShape[2])"
    }
    if abs(metadata.pixelScaleArcsec - card.pixelScaleArcsec) > 1e-6 * card.pixelScaleArcsec {
      return "pixel scale \(metadata.pixelScaleArcsec)″ differs from the model's \(card.pixelScaleArcsec)″"
    }
    return nil
  }

  /// Predictions and truths `[sample][label]` of one shard, plus its grid nodes (nil when not a grid).
  public func predict(_ path: String) throws -> (predicted: [[Double]], truth: [[Double]], nodes: [Int]?) {
    let set = try TrainingShardSet(paths: [path])
    if let problem = incompatibility(set.metadata) {
      throw TrainingError.incompatibleShard(path: path, problem: problem)
    }
    let truth = try set.labelValues(model.labels)
    var predicted: [[Double]] = []
    let reader = set.readers[0]
    let chunk = 256
    var start = 0
    while start < set.samples.count {
      let end = min(start + chunk, set.samples.count)
      let images = try reader.images(start..<end)
      predicted +=
        model.predict(
          rawImages: images, count: end - start, parallel: inference, symmetrized: symmetrized
        ).means
      start = end
    }
    let nodes = try set.truthColumn("grid_node").map { $0.map { Int($0) } }
    return (predicted, truth, nodes.flatMap { $0.contains { $0 >= 0 } ? $0 : nil })
  }

  /// Predicts every sample of the shard at `path` and judges those inside `selection`.
  public func check(_ path: String) throws -> ShardCheckResult {
    let (predicted, truth, nodes) = try predict(path)
    let selected = predicted.indices.filter { isSelected(truth: truth[$0]) }
    let parameters = results(predicted: predicted, truth: truth, samples: selected)
    var nodeResults: [ShardCheckReport.NodeResult] = []
    if let nodes {
      let groups = Dictionary(grouping: selected.filter { nodes[$0] >= 0 }) { nodes[$0] }
      for node in groups.keys.sorted() {
        let members = groups[node]!
        nodeResults.append(
          .init(
            node: node, count: members.count, parameters: results(predicted: predicted, truth: truth, samples: members))
        )
      }
    }
    let report = ShardCheckReport(
      shard: path, samples: selected.count, passed: parameters.allSatisfy(\.passed), parameters: parameters,
      nodes: nodeResults)
    return ShardCheckResult(report: report, predicted: predicted, truth: truth, selected: selected)
  }

  /// Whether a sample with these true labels (model label order) lies inside `selection`.
  public func isSelected(truth: [Double]) -> Bool {
    for (k, label) in model.labels.enumerated() {
      if let range = selection[label.name], !range.contains(truth[k]) { return false }
    }
    return true
  }

  func results(predicted: [[Double]], truth: [[Double]], samples: [Int]) -> [ShardCheckReport.ParameterResult] {
    model.labels.enumerated().map { k, label in
      let limits = thresholds[label.name]!
      let metrics = RegressionMetrics(
        predicted: samples.map { predicted[$0][k] }, truth: samples.map { truth[$0][k] },
        outlierDelta: limits.outlierDelta)
      return .init(name: label.name, metrics: metrics, thresholds: limits, violations: limits.violations(of: metrics))
    }
  }
}

/// Limits given on the command line; nil fields keep the model card's value.
public struct ThresholdOverride: Sendable, Equatable {
  public var maximumAbsoluteBias: Double?
  public var maximumScatter: Double?
  public var maximumOutlierFraction: Double?
  public var outlierDelta: Double?

  public init(
    maximumAbsoluteBias: Double? = nil, maximumScatter: Double? = nil, maximumOutlierFraction: Double? = nil,
    outlierDelta: Double? = nil
  ) {
    self.maximumAbsoluteBias = maximumAbsoluteBias
    self.maximumScatter = maximumScatter
    self.maximumOutlierFraction = maximumOutlierFraction
    self.outlierDelta = outlierDelta
  }

  var complete: CheckThresholds? {
    guard let maximumAbsoluteBias, let maximumScatter, let maximumOutlierFraction, let outlierDelta else { return nil }
    return CheckThresholds(
      maximumAbsoluteBias: maximumAbsoluteBias, maximumScatter: maximumScatter,
      maximumOutlierFraction: maximumOutlierFraction, outlierDelta: outlierDelta)
  }

  func apply(to limits: inout CheckThresholds) {
    if let maximumAbsoluteBias { limits.maximumAbsoluteBias = maximumAbsoluteBias }
    if let maximumScatter { limits.maximumScatter = maximumScatter }
    if let maximumOutlierFraction { limits.maximumOutlierFraction = maximumOutlierFraction }
    if let outlierDelta { limits.outlierDelta = outlierDelta }
  }
}
