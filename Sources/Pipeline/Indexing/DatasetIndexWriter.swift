import Datasets
import Foundation
import HDF5

/// Writes the index of a checked `ShardCatalogue`: one small HDF5 file that presents all shards
/// as a single dataset through HDF5 virtual datasets (HDF5 ≥ 1.10; h5py reads them as ordinary
/// datasets). `/images`, every `/labels/<name>` and `/truth/<name>` have `N` = the whole dataset's
/// samples along the first axis; sample `i` is row `i`. Root attributes are the shards' own, with
/// `first_sample` = 0, `sample_count` = N and `shard_index` = −1, plus `index_sources` (the shard
/// files in order, relative to the index) and `index_shard_size`.
///
/// Source files are named relative to the index's folder, so the folder (index and shards) can
/// move or be copied as a whole. A source that cannot be opened at read time reads as the fill
/// value (HDF5 does not fail): NaN for floats, −1 for integers, so a vanished shard cannot pass
/// for real zeros.
public enum DatasetIndexWriter {
  /// The root attribute that marks an index (and lists its sources).
  public static let sourcesAttribute = "index_sources"

  /// `<folder>/<recipe name>-index.h5`.
  public static func defaultPath(for catalogue: ShardCatalogue) -> String {
    let name = catalogue.layout?.datasetName ?? "dataset"
    return (catalogue.directory as NSString).appendingPathComponent("\(name)-index.h5")
  }

  /// Whether `path` is an index written by this writer (a readable HDF5 file with `index_sources`).
  public static func isIndexFile(path: String) -> Bool {
    guard let file = try? HDF5File(openingAtPath: path) else { return false }
    defer { try? file.close() }
    return (try? file.root.hasAttribute(sourcesAttribute)) == true
  }

  /// Writes the index of `catalogue` (which must have no problems) to `path`, atomically.
  public static func write(_ catalogue: ShardCatalogue, to path: String) throws {
    guard catalogue.problems.isEmpty, let layout = catalogue.layout, let first = catalogue.shards.first else {
      throw ShardError(path: path, problem: "the shards have problems; nothing to index")
    }
    let indexDirectory = (path as NSString).deletingLastPathComponent
    let prefix = relativePath(from: indexDirectory.isEmpty ? "." : indexDirectory, to: catalogue.directory)
    let sources = catalogue.shards.map { prefix.isEmpty ? $0.fileName : "\(prefix)/\($0.fileName)" }
    let temporaryPath = (indexDirectory as NSString).appendingPathComponent(
      ".\((path as NSString).lastPathComponent).tmp-\(getpid())")
    do {
      try writeFile(catalogue, layout: layout, first: first, sources: sources, path: temporaryPath)
      guard rename(temporaryPath, path) == 0 else {
        throw ShardError(path: path, problem: "cannot rename \(temporaryPath): \(String(cString: strerror(errno)))")
      }
    } catch {
      try? FileManager.default.removeItem(atPath: temporaryPath)
      throw error
    }
  }

  private static func writeFile(
    _ catalogue: ShardCatalogue, layout: ShardLayout, first: CataloguedShard, sources: [String], path: String
  ) throws {
    let m = first.metadata
    let n = layout.sampleCount
    let file = try HDF5File(creatingAtPath: path, overwrite: true)
    let root = file.root
    func placements(_ dataset: String, trailing: [Int]) -> [HDF5VirtualSource] {
      zip(catalogue.shards, sources).map { shard, source in
        HDF5VirtualSource(
          filePath: source, datasetPath: "/\(dataset)", shape: [shard.metadata.sampleCount] + trailing,
          destinationStart: [shard.metadata.firstSample] + trailing.map { _ in 0 })
      }
    }
    let imageAxes = [m.bands.count, m.imageHeightPixels, m.imageWidthPixels]
    let images = try root.createVirtualDataset(
      "images", of: Float.self, shape: [n] + imageAxes, sources: placements("images", trailing: imageAxes),
      fillValue: .nan)
    try images.setAttribute("units", .string(m.units))
    try images.setAttribute("bands", .string(m.bands.joined(separator: ",")))
    try root.createGroup("labels")
    try root.createGroup("truth")
    for column in catalogue.columns {
      let shape = [n] + column.trailingShape
      let sources = placements(column.path, trailing: column.trailingShape)
      switch column.elementType {
      case .float64:
        try root.createVirtualDataset(column.path, of: Double.self, shape: shape, sources: sources, fillValue: .nan)
      case .float32:
        try root.createVirtualDataset(column.path, of: Float.self, shape: shape, sources: sources, fillValue: .nan)
      case .int64:
        try root.createVirtualDataset(column.path, of: Int64.self, shape: shape, sources: sources, fillValue: -1)
      case .int32:
        try root.createVirtualDataset(column.path, of: Int32.self, shape: shape, sources: sources, fillValue: -1)
      case .uint8:
        try root.createVirtualDataset(column.path, of: UInt8.self, shape: shape, sources: sources, fillValue: 255)
      }
    }

    // Provenance: the shards' root attributes, describing the whole dataset.
    let shardFile = try HDF5File(
      openingAtPath: (catalogue.directory as NSString).appendingPathComponent(first.fileName))
    for name in try shardFile.root.attributeNames() {
      if let value = try shardFile.root.attribute(name) { try root.setAttribute(name, value) }
    }
    try shardFile.close()
    try root.setAttribute("first_sample", .int64(0))
    try root.setAttribute("sample_count", .int64(Int64(n)))
    try root.setAttribute("shard_index", .int64(-1))
    try root.setAttribute("index_shard_size", .int64(Int64(layout.shardSize)))
    try root.setAttribute(sourcesAttribute, .strings(sources))
    try file.close()
  }

  /// The path of folder `target` relative to folder `base` (`""` when they are the same),
  /// e.g. `../shards` from `/data/index` to `/data/shards`.
  static func relativePath(from base: String, to target: String) -> String {
    func components(_ path: String) -> [String] {
      URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().pathComponents.filter { $0 != "/" }
    }
    let from = components(base)
    let to = components(target)
    var common = 0
    while common < min(from.count, to.count) && from[common] == to[common] { common += 1 }
    return (Array(repeating: "..", count: from.count - common) + to[common...]).joined(separator: "/")
  }
}
