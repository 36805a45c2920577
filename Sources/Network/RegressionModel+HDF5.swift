import Foundation
import HDF5

/// The model file (`starmill-model`, version 1), written into an HDF5 group (the file's root):
///
/// - attributes: `format_name`, `format_version`, `architecture` (JSON of `NetworkArchitecture`),
///   `loss` (`mse` | `gaussian_nll`), `bands`, `input_stretch` (`asinh`), `input_stretch_scales`,
///   `input_means`, `input_deviations`, `label_names`, `label_sources`, `label_transforms`,
///   `label_means`, `label_deviations`;
/// - `/weights/<parameter name>`: float32 datasets, one per parameter and running statistic, in
///   the parameter's shape (convolution weights `[out, in, k, k]`, dense `[out, in]`);
/// - `/card`: the model card as attributes (see `ModelCard`), metrics and thresholds as
///   `validation_<label>_<metric>` and `check_<label>_<limit>`.
extension RegressionModel {
  public static let formatName = "starmill-model"
  public static let formatVersion = 1

  public func write(to group: HDF5Group) throws {
    let attributes: [(String, HDF5AttributeValue)] = [
      ("format_name", .string(Self.formatName)),
      ("format_version", .int64(Int64(Self.formatVersion))),
      ("architecture", .string(try architecture.json())),
      ("loss", .string(loss.rawValue)),
      ("bands", .string(bands.joined(separator: ","))),
      ("input_stretch", .string("asinh")),
      ("input_stretch_scales", .doubles(inputNormalization.stretchScales)),
      ("input_means", .doubles(inputNormalization.means)),
      ("input_deviations", .doubles(inputNormalization.deviations)),
      ("label_names", .strings(labels.map(\.name))),
      ("label_sources", .strings(labels.map(\.source))),
      ("label_transforms", .strings(labels.map(\.transform.rawValue))),
      ("label_means", .doubles(labels.map(\.mean))),
      ("label_deviations", .doubles(labels.map(\.deviation))),
    ]
    for (name, value) in attributes { try group.setAttribute(name, value) }
    for parameter in network.parameters {
      try group.createDataset("weights/\(parameter.name)", values: parameter.value, shape: parameter.shape)
    }
    try card.write(to: try group.createGroup("card"), labels: labels.map(\.name))
  }

  /// Reads a model written by `write(to:)`; `path` names the file in errors.
  public convenience init(reading group: HDF5Group, path: String) throws {
    func fail(_ problem: String) -> NetworkError { .modelFile(path: path, problem: problem) }
    func string(_ name: String) throws -> String {
      guard let value = try group.attribute(name)?.stringValue else { throw fail("missing attribute '\(name)'") }
      return value
    }
    func strings(_ name: String) throws -> [String] {
      guard let value = try group.attribute(name)?.stringsValue else { throw fail("missing attribute '\(name)'") }
      return value
    }
    func doubles(_ name: String) throws -> [Double] {
      guard let value = try group.attribute(name)?.doublesValue else { throw fail("missing attribute '\(name)'") }
      return value
    }
    let format = try? string("format_name")
    guard format == Self.formatName else {
      throw fail("not a Starmill model (format_name is \(format.map { "'\($0)'" } ?? "missing"))")
    }
    let version = try group.attribute("format_version")?.intValue
    guard version == Self.formatVersion else {
      throw fail(
        "model format version \(version.map(String.init) ?? "missing") (this Starmill reads \(Self.formatVersion))")
    }
    let architecture = try NetworkArchitecture(json: try string("architecture"))
    guard let loss = LossFunction(rawValue: try string("loss")) else {
      throw fail("unknown loss '\(try string("loss"))'")
    }
    let bands = try string("bands").split(separator: ",").map(String.init)
    let stretch = try string("input_stretch")
    guard stretch == "asinh" else { throw fail("unknown input stretch '\(stretch)'") }
    let normalization = InputNormalization(
      bands: bands, stretchScales: try doubles("input_stretch_scales"), means: try doubles("input_means"),
      deviations: try doubles("input_deviations"))
    guard
      [normalization.stretchScales.count, normalization.means.count, normalization.deviations.count].allSatisfy({
        $0 == bands.count
      })
    else { throw fail("input normalisation arrays do not have one value per band (\(bands.count))") }
    let names = try strings("label_names")
    let sources = try strings("label_sources")
    let transforms = try strings("label_transforms")
    let means = try doubles("label_means")
    let deviations = try doubles("label_deviations")
    guard [sources.count, transforms.count, means.count, deviations.count].allSatisfy({ $0 == names.count }) else {
      throw fail("label attributes do not all have \(names.count) entries")
    }
    var labels: [LabelSpecification] = []
    for k in names.indices {
      guard let transform = LabelSpecification.Transform(rawValue: transforms[k]) else {
        throw fail("label '\(names[k])' has unknown transform '\(transforms[k])'")
      }
      labels.append(
        LabelSpecification(
          name: names[k], source: sources[k], transform: transform, mean: means[k], deviation: deviations[k]))
    }
    let network: Sequential
    do {
      network = try Sequential(architecture: architecture)
    } catch {
      throw fail("\(error)")
    }
    for parameter in network.parameters {
      let name = "weights/\(parameter.name)"
      guard try group.contains(name) else { throw fail("missing weight tensor '\(parameter.name)'") }
      let dataset = try group.openDataset(name)
      guard try dataset.shape == parameter.shape else {
        throw fail(
          "weight '\(parameter.name)' has shape \(try dataset.shape), the architecture needs \(parameter.shape)")
      }
      parameter.value = try dataset.read(as: Float.self)
    }
    let card = try ModelCard(reading: try group.openGroup("card"), labels: names, path: path)
    do {
      try self.init(network: network, inputNormalization: normalization, labels: labels, loss: loss, card: card)
    } catch {
      throw fail("\(error)")
    }
  }
}

extension ModelCard {
  static let metricNames = ["count", "bias", "scatter", "half_width_68", "outlier_fraction", "outlier_delta", "rms"]
  static let thresholdNames = ["max_abs_bias", "max_scatter", "max_outlier_fraction", "outlier_delta"]

  func write(to group: HDF5Group, labels: [String]) throws {
    let attributes: [(String, HDF5AttributeValue)] = [
      ("bands", .string(bands.joined(separator: ","))),
      ("image_height", .int64(Int64(imageHeightPixels))),
      ("image_width", .int64(Int64(imageWidthPixels))),
      ("pixel_scale_arcsec", .double(pixelScaleArcsec)),
      ("training_recipes", .strings(trainingRecipes.isEmpty ? [""] : trainingRecipes)),
      ("training_recipe_sha256", .strings(trainingRecipeSHA256.isEmpty ? [""] : trainingRecipeSHA256)),
      ("training_samples", .int64(Int64(trainingSamples))),
      ("validation_samples", .int64(Int64(validationSamples))),
      ("epochs", .int64(Int64(epochs))),
      ("batch_size", .int64(Int64(batchSize))),
      ("seed", .string(String(seed))),
      ("training_recipe", .string(trainingRecipe)),
      ("training_seconds", .double(trainingSeconds)),
      ("machine", .string(machine)),
      ("starmill_version", .string(starmillVersion)),
      ("created_utc", .string(createdUTC)),
    ]
    for (name, value) in attributes { try group.setAttribute(name, value) }
    for label in labels {
      if let metrics = validationMetrics[label] {
        let values = [
          Double(metrics.count), metrics.bias, metrics.scatter, metrics.halfWidth68, metrics.outlierFraction,
          metrics.outlierDelta, metrics.rms,
        ]
        for (name, value) in zip(Self.metricNames, values) {
          try group.setAttribute("validation_\(label)_\(name)", .double(value))
        }
      }
      if let limits = checkThresholds[label] {
        let values = [
          limits.maximumAbsoluteBias, limits.maximumScatter, limits.maximumOutlierFraction, limits.outlierDelta,
        ]
        for (name, value) in zip(Self.thresholdNames, values) {
          try group.setAttribute("check_\(label)_\(name)", .double(value))
        }
      }
    }
  }

  init(reading group: HDF5Group, labels: [String], path: String) throws {
    func fail(_ problem: String) -> NetworkError { .modelFile(path: path, problem: "card: \(problem)") }
    func value(_ name: String) throws -> HDF5AttributeValue {
      guard let value = try group.attribute(name) else { throw fail("missing attribute '\(name)'") }
      return value
    }
    func string(_ name: String) throws -> String {
      guard let text = try value(name).stringValue else { throw fail("attribute '\(name)' is not a string") }
      return text
    }
    func int(_ name: String) throws -> Int {
      guard let number = try value(name).intValue else { throw fail("attribute '\(name)' is not an integer") }
      return number
    }
    func double(_ name: String) throws -> Double {
      guard let number = try value(name).doubleValue else { throw fail("attribute '\(name)' is not a number") }
      return number
    }
    func list(_ name: String) throws -> [String] { (try value(name).stringsValue ?? []).filter { !$0.isEmpty } }
    self.init(
      bands: try string("bands").split(separator: ",").map(String.init), imageHeightPixels: try int("image_height"),
      imageWidthPixels: try int("image_width"), pixelScaleArcsec: try double("pixel_scale_arcsec"),
      trainingRecipes: try list("training_recipes"), trainingRecipeSHA256: try list("training_recipe_sha256"),
      trainingSamples: try int("training_samples"), validationSamples: try int("validation_samples"),
      epochs: try int("epochs"), batchSize: try int("batch_size"), seed: UInt64(try string("seed")) ?? 0,
      trainingRecipe: try string("training_recipe"), trainingSeconds: try double("training_seconds"),
      machine: try string("machine"), starmillVersion: try string("starmill_version"),
      createdUTC: try string("created_utc"))
    for label in labels {
      if try group.hasAttribute("validation_\(label)_bias") {
        let v = try Self.metricNames.map { try double("validation_\(label)_\($0)") }
        var metrics = RegressionMetrics(predicted: [], truth: [], outlierDelta: v[5])
        metrics.count = Int(v[0])
        metrics.bias = v[1]
        metrics.scatter = v[2]
        metrics.halfWidth68 = v[3]
        metrics.outlierFraction = v[4]
        metrics.rms = v[6]
        validationMetrics[label] = metrics
      }
      if try group.hasAttribute("check_\(label)_max_abs_bias") {
        let v = try Self.thresholdNames.map { try double("check_\(label)_\($0)") }
        checkThresholds[label] = CheckThresholds(
          maximumAbsoluteBias: v[0], maximumScatter: v[1], maximumOutlierFraction: v[2], outlierDelta: v[3])
      }
    }
  }
}
