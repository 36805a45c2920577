/// How a dataset of `sampleCount` samples is cut into shards of `shardSize`: shard k holds
/// samples [k·shardSize, min((k+1)·shardSize, sampleCount)). Names and contents depend only on
/// (recipe, seed, sample range), so any task of any partition writes the same shard identically.
public struct ShardLayout: Sendable, Equatable {
  public let datasetName: String
  public let sampleCount: Int
  public let shardSize: Int

  public init(datasetName: String, sampleCount: Int, shardSize: Int) {
    precondition(sampleCount > 0 && shardSize > 0)
    self.datasetName = datasetName
    self.sampleCount = sampleCount
    self.shardSize = shardSize
  }

  public var shardCount: Int { (sampleCount + shardSize - 1) / shardSize }

  public func sampleRange(ofShard shard: Int) -> Range<Int> {
    let start = shard * shardSize
    return start..<min(start + shardSize, sampleCount)
  }

  /// `<name>-<k>.h5` with k zero-padded to at least 5 digits.
  public func fileName(ofShard shard: Int) -> String {
    let digits = max(5, String(shardCount - 1).count)
    let number = String(shard)
    return "\(datasetName)-\(String(repeating: "0", count: max(0, digits - number.count)))\(number).h5"
  }

  /// Shards of task `taskIndex` of `taskCount` (a Slurm array task): a contiguous block, so
  /// that every shard belongs to exactly one task.
  public func shards(forTask taskIndex: Int, of taskCount: Int) -> Range<Int> {
    precondition(taskCount > 0 && (0..<taskCount).contains(taskIndex))
    let base = shardCount / taskCount
    let extra = shardCount % taskCount
    let start = taskIndex * base + min(taskIndex, extra)
    return start..<(start + base + (taskIndex < extra ? 1 : 0))
  }
}
