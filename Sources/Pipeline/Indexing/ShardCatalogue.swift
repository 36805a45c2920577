import Datasets
import Foundation
import HDF5

/// A per-sample column of a shard (`labels/<name>` or `truth/<name>`): its element type and the
/// shape of one sample's entry (`[]` for scalars, `[B]` for per-band values).
public struct ShardColumn: Sendable, Equatable, CustomStringConvertible {
  public var path: String
  public var elementType: HDF5ElementType
  public var trailingShape: [Int]

  public var description: String {
    "\(path) \(elementType)" + (trailingShape.isEmpty ? "" : " \(trailingShape)")
  }
}

/// One shard file of a dataset folder, read and checked.
public struct CataloguedShard: Sendable {
  public var fileName: String
  public var metadata: ShardMetadata
  public var columns: [ShardColumn]
}

/// The shards of one folder, checked as one dataset: every sample present exactly once, one
/// recipe (the same SHA-256), one Starmill version and format, the same bands, image size,
/// columns and layout, and no damaged file. `problems` is empty exactly when the folder can be
/// indexed; `shards` then holds one file per shard, in shard order.
///
/// Shards may come from any number of tasks (`generate --task-index i --task-count n`): a shard's
/// name and bytes depend only on (recipe, seed, sample range), so the partition leaves no trace.
public struct ShardCatalogue: Sendable {
  public var directory: String
  /// The dataset's layout, when at least one shard could be read.
  public var layout: ShardLayout?
  /// Usable shards (readable and consistent), in shard order; duplicates included.
  public var shards: [CataloguedShard]
  public var columns: [ShardColumn]
  /// Shards of the layout that no usable file holds.
  public var missingShards: [Int]
  /// Earlier index files found in the folder (skipped).
  public var indexFiles: [String]
  /// Temporary files of writers that are running or were killed (skipped; `--resume` deletes them).
  public var temporaryFiles: [String]
  public var problems: [DatasetIndexProblem]

  public var recipeSHA256: String? { shards.first?.metadata.recipeSHA256 }
  public var sampleCount: Int { layout?.sampleCount ?? 0 }

  /// Reads every `*.h5` file of `directory` (hidden temporary files and earlier index files
  /// skipped). Each shard is opened, its attributes, shapes, columns and `truth/sample_index`
  /// checked, and its last image read (a truncated file fails there). With `verify`, every pixel
  /// and column is also checked as `starmill inspect` does (reads the whole dataset).
  public static func scan(directory: String, verify: Bool = false) -> ShardCatalogue {
    var catalogue = ShardCatalogue(
      directory: directory, layout: nil, shards: [], columns: [], missingShards: [], indexFiles: [],
      temporaryFiles: [], problems: [])
    let names: [String]
    do {
      names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    } catch {
      catalogue.problems.append(
        .damaged(file: directory, reason: "cannot list the folder: \(error.localizedDescription)"))
      return catalogue
    }
    catalogue.temporaryFiles = names.filter { ShardWriter.shardName(ofTemporaryFile: $0) != nil }
    var readable: [CataloguedShard] = []
    var damagedNames: [String] = []
    for name in names where name.hasSuffix(".h5") && !name.hasPrefix(".") {
      let path = (directory as NSString).appendingPathComponent(name)
      if DatasetIndexWriter.isIndexFile(path: path) {
        catalogue.indexFiles.append(name)
        continue
      }
      do {
        readable.append(try read(path: path, name: name, verify: verify))
      } catch {
        catalogue.problems.append(.damaged(file: name, reason: Self.reason(error, path: path)))
        damagedNames.append(name)
      }
    }
    guard !readable.isEmpty else {
      if damagedNames.isEmpty { catalogue.problems.append(.noShards(directory: directory)) }
      return catalogue
    }

    // One recipe.
    let recipes = Dictionary(grouping: readable, by: \.metadata.recipeSHA256)
    guard recipes.count == 1 else {
      let groups = recipes.values.map { shards in
        DatasetIndexProblem.RecipeFiles(
          name: shards[0].metadata.recipeName, sha256: shards[0].metadata.recipeSHA256,
          files: shards.map(\.fileName))
      }
      catalogue.problems.append(.mixedRecipes(groups.sorted { $0.files.count > $1.files.count }))
      return catalogue
    }

    // One provenance, image geometry and set of columns: the reference is a shard of the most
    // common kind, so that one odd file is reported rather than all the others.
    let kinds = Dictionary(grouping: readable, by: signature)
    let commonest = kinds.values.max {
      $0.count < $1.count || ($0.count == $1.count && $0[0].fileName > $1[0].fileName)
    }
    let reference = commonest![0]
    var consistent: [CataloguedShard] = []
    for shard in readable {
      let found = differences(shard, reference)
      catalogue.problems += found
      if found.isEmpty { consistent.append(shard) }
    }
    catalogue.columns = reference.columns

    // The layout: shard k holds [k·S, min((k+1)·S, N)).
    let m = reference.metadata
    let shardSize =
      consistent.first(where: { $0.metadata.shardIndex < m.shardCount - 1 })?.metadata.sampleCount
      ?? (m.shardIndex > 0 ? m.firstSample / m.shardIndex : m.datasetSamples)
    guard m.datasetSamples > 0, shardSize > 0,
      (m.datasetSamples + shardSize - 1) / shardSize == m.shardCount
    else {
      catalogue.problems.append(
        .inconsistent(
          file: reference.fileName, field: "shard_count", value: "\(m.shardCount)",
          expected: "⌈\(m.datasetSamples)/\(shardSize)⌉", reference: "its sample counts"))
      return catalogue
    }
    let layout = ShardLayout(datasetName: m.recipeName, sampleCount: m.datasetSamples, shardSize: shardSize)
    catalogue.layout = layout

    var byShard: [Int: [CataloguedShard]] = [:]
    for shard in consistent {
      let k = shard.metadata.shardIndex
      guard (0..<layout.shardCount).contains(k), layout.sampleRange(ofShard: k) == shard.metadata.sampleRange else {
        let expected = (0..<layout.shardCount).contains(k) ? layout.sampleRange(ofShard: k) : 0..<0
        catalogue.problems.append(
          .offLayout(file: shard.fileName, samples: shard.metadata.sampleRange, shard: k, expected: expected))
        continue
      }
      byShard[k, default: []].append(shard)
    }
    for k in byShard.keys.sorted() {
      let files = byShard[k]!
      if files.count > 1 {
        catalogue.problems.append(
          .duplicated(
            shard: k, samples: layout.sampleRange(ofShard: k), files: files.map(\.fileName),
            identicalBytes: identicalContents(files.map { (directory as NSString).appendingPathComponent($0.fileName) })
          ))
      } else if files[0].fileName != layout.fileName(ofShard: k) {
        catalogue.problems.append(
          .misnamed(file: files[0].fileName, shard: k, expectedName: layout.fileName(ofShard: k)))
      }
      catalogue.shards += files
    }
    catalogue.missingShards = (0..<layout.shardCount).filter { byShard[$0] == nil }
    if !catalogue.missingShards.isEmpty {
      catalogue.problems.append(
        .missing(
          shards: catalogue.missingShards, shardCount: layout.shardCount,
          samples: ShardRanges.runs(catalogue.missingShards).map {
            layout.sampleRange(ofShard: $0.lowerBound)
              .lowerBound..<layout.sampleRange(ofShard: $0.upperBound).upperBound
          }))
    }
    return catalogue
  }

  /// Reads and checks one shard.
  static func read(path: String, name: String, verify: Bool) throws -> CataloguedShard {
    let reader = try ShardReader(path: path)
    let m = reader.metadata
    guard try reader.sampleIndices() == Array(m.sampleRange) else {
      throw ShardError(
        path: path,
        problem: "/truth/sample_index is not \(m.firstSample)..<\(m.sampleRange.upperBound) as its attributes say")
    }
    if m.sampleCount > 0 { _ = try reader.images((m.sampleCount - 1)..<m.sampleCount) }
    if verify {
      let report = ShardInspection.inspect(path: path)
      if report.isDamaged { throw ShardError(path: path, problem: report.problems.joined(separator: "; ")) }
    }
    let file = try HDF5File(openingAtPath: path)
    defer { try? file.close() }
    var columns: [ShardColumn] = []
    for (group, members) in [("labels", reader.labelNames), ("truth", reader.truthNames)] {
      for member in members {
        let dataset = try file.root.openDataset("\(group)/\(member)")
        let shape = try dataset.shape
        guard let type = try dataset.elementType, shape.first == m.sampleCount else {
          throw ShardError(
            path: path,
            problem: "/\(group)/\(member) has shape \(shape) for \(m.sampleCount) samples (or is not numeric)")
        }
        columns.append(
          ShardColumn(path: "\(group)/\(member)", elementType: type, trailingShape: Array(shape.dropFirst())))
      }
    }
    return CataloguedShard(fileName: name, metadata: m, columns: columns)
  }

  static func signature(_ shard: CataloguedShard) -> String {
    fields(shard).map(\.1).joined(separator: "\u{1F}")
  }

  static func fields(_ shard: CataloguedShard) -> [(String, String)] {
    let a = shard.metadata
    return [
      ("recipe_name", a.recipeName),
      ("seed", "\(a.seed)"),
      ("starmill_version", a.starmillVersion),
      ("dataset_samples", "\(a.datasetSamples)"),
      ("shard_count", "\(a.shardCount)"),
      ("bands", a.bands.joined(separator: ",")),
      ("image size", "\(a.imageHeightPixels)×\(a.imageWidthPixels)"),
      ("pixel_scale_arcsec", "\(a.pixelScaleArcsec)"),
      ("units", a.units),
      ("zero_points_vega", "\(a.zeroPointsVega)"),
      ("exposure_s", "\(a.exposureSeconds)"),
      ("columns", shard.columns.map(\.description).joined(separator: ", ")),
    ]
  }

  /// The fields of `shard` that differ from `reference`'s: everything but the sample range.
  static func differences(_ shard: CataloguedShard, _ reference: CataloguedShard) -> [DatasetIndexProblem] {
    zip(fields(shard), fields(reference)).filter { $0.0.1 != $0.1.1 }.map { mine, theirs in
      .inconsistent(
        file: shard.fileName, field: mine.0, value: mine.1, expected: theirs.1, reference: reference.fileName)
    }
  }

  /// The message of a read error without the path (the problem names the file already).
  static func reason(_ error: any Error, path: String) -> String {
    if let shard = error as? ShardError { return shard.problem }
    return "\(error)".replacingOccurrences(of: path, with: (path as NSString).lastPathComponent)
  }

  static func identicalContents(_ paths: [String]) -> Bool {
    let first = FileManager.default.contents(atPath: paths[0])
    return first != nil && paths.dropFirst().allSatisfy { FileManager.default.contents(atPath: $0) == first }
  }
}
