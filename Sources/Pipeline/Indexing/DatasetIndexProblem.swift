/// Something that stops a folder of shards from being indexed as one dataset. Each names the
/// files, the values and the rule broken, so that a user can fix the folder.
public enum DatasetIndexProblem: Sendable, Equatable, CustomStringConvertible {
  /// The folder holds no shard file (`*.h5`).
  case noShards(directory: String)
  /// A file that cannot be read as a complete, self-consistent shard.
  case damaged(file: String, reason: String)
  /// Shards of more than one recipe (different SHA-256 of the recipe text).
  case mixedRecipes([RecipeFiles])
  /// A shard of the same recipe whose provenance or layout differs from the first shard's.
  case inconsistent(file: String, field: String, value: String, expected: String, reference: String)
  /// A shard whose sample range is not shard `shard` of the dataset's layout.
  case offLayout(file: String, samples: Range<Int>, shard: Int, expected: Range<Int>)
  /// A complete shard under a name `generate` would not give it (so `--resume` would write it again).
  case misnamed(file: String, shard: Int, expectedName: String)
  /// More than one file holds the samples of shard `shard`.
  case duplicated(shard: Int, samples: Range<Int>, files: [String], identicalBytes: Bool)
  /// Shards of the layout that no usable file holds.
  case missing(shards: [Int], shardCount: Int, samples: [Range<Int>])
  /// `--recipe` names a recipe other than the one the shards were written from.
  case recipeFileMismatch(path: String, sha256: String, shardsSHA256: String)

  /// The files of one recipe in a mixed folder.
  public struct RecipeFiles: Sendable, Equatable {
    public var name: String
    public var sha256: String
    public var files: [String]
  }

  public var description: String {
    switch self {
    case .noShards(let directory):
      return "\(directory): holds no shard files (*.h5)"
    case .damaged(let file, let reason):
      return "\(file): damaged: \(reason); delete it and regenerate its shard"
    case .mixedRecipes(let groups):
      let parts = groups.map { group in
        "\(group.name) (sha256 \(group.sha256.prefix(12))…) in \(group.files.count) file"
          + (group.files.count == 1 ? "" : "s") + ": " + Self.list(group.files)
      }
      return "the folder mixes \(groups.count) recipes: " + parts.joined(separator: "; ")
        + "; a dataset index covers one recipe: move the other recipe's files to their own folder"
    case .inconsistent(let file, let field, let value, let expected, let reference):
      return "\(file): \(field) is \(value) but \(reference) has \(expected); "
        + "a dataset must come from one recipe and one Starmill version"
    case .offLayout(let file, let samples, let shard, let expected):
      return "\(file): holds samples \(samples.lowerBound)..<\(samples.upperBound) as shard \(shard), "
        + "but shard \(shard) of this dataset is samples \(expected.lowerBound)..<\(expected.upperBound)"
    case .misnamed(let file, let shard, let expectedName):
      return "\(file): holds shard \(shard) but `generate` names it \(expectedName); rename it"
    case .duplicated(let shard, let samples, let files, let identical):
      return "samples \(samples.lowerBound)..<\(samples.upperBound) (shard \(shard)) are duplicated in "
        + "\(files.count) files: \(files.joined(separator: ", ")) ("
        + (identical ? "byte-identical" : "NOT byte-identical") + "); keep one and delete the others"
    case .missing(let shards, let shardCount, let samples):
      let count = samples.reduce(0) { $0 + $1.count }
      return "missing \(shards.count) of \(shardCount) shards (\(count) samples): shards "
        + ShardRanges.describe(shards) + "; samples "
        + Self.list(samples.map { "\($0.lowerBound)..<\($0.upperBound)" })
    case .recipeFileMismatch(let path, let sha256, let shardsSHA256):
      return "\(path): has SHA-256 \(sha256.prefix(12))… but the shards were written from a recipe with "
        + "SHA-256 \(shardsSHA256.prefix(12))… (the text is in every shard's recipe_text attribute)"
    }
  }

  private static func list(_ items: [String], limit: Int = 8) -> String {
    items.count <= limit
      ? items.joined(separator: ", ")
      : items.prefix(limit).joined(separator: ", ") + ", … (\(items.count - limit) more)"
  }
}

/// Compact text for sets of integers: `3,7-9,12`.
public enum ShardRanges {
  /// Consecutive runs of sorted, distinct `values`.
  public static func runs(_ values: [Int]) -> [ClosedRange<Int>] {
    var runs: [ClosedRange<Int>] = []
    for value in values.sorted() {
      if let last = runs.last, value == last.upperBound + 1 {
        runs[runs.count - 1] = last.lowerBound...value
      } else if runs.last?.contains(value) != true {
        runs.append(value...value)
      }
    }
    return runs
  }

  /// `3,7-9,12` (the form `sbatch --array=` takes).
  public static func describe(_ values: [Int]) -> String {
    runs(values).map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
      .joined(separator: ",")
  }
}
