import Datasets
import Foundation
import HDF5
import StarmillTestSupport
import Testing

@testable import Pipeline

/// Task partitions from Slurm's environment, and the dataset checks behind `starmill index` on
/// small synthetic shards (no simulation: `IndexBenchmark.writeShards`).
@Suite struct DatasetIndexTests {
  @Test func partitionFromSlurmEnvironment() throws {
    // A 0-based array: the id is the index.
    #expect(
      try TaskPartition.resolve(
        taskIndex: nil, taskCount: nil,
        environment: [
          "SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "99",
          "SLURM_ARRAY_TASK_COUNT": "100",
        ]) == TaskPartition(taskIndex: 7, taskCount: 100))
    // `--array=1-100`: the offset by MIN makes it 0-based.
    #expect(
      try TaskPartition.resolve(
        taskIndex: nil, taskCount: nil,
        environment: [
          "SLURM_ARRAY_TASK_ID": "1", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "100",
          "SLURM_ARRAY_TASK_COUNT": "100",
        ]) == TaskPartition(taskIndex: 0, taskCount: 100))
    // `--array=0-98:2`: 50 tasks, id 98 is the last.
    #expect(
      try TaskPartition.resolve(
        taskIndex: nil, taskCount: nil,
        environment: [
          "SLURM_ARRAY_TASK_ID": "98", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "98",
          "SLURM_ARRAY_TASK_STEP": "2", "SLURM_ARRAY_TASK_COUNT": "50",
        ]) == TaskPartition(taskIndex: 49, taskCount: 50))
    // Explicit options win over the environment; no environment means one task.
    #expect(
      try TaskPartition.resolve(taskIndex: 3, taskCount: 100, environment: ["SLURM_ARRAY_TASK_ID": "17"])
        == TaskPartition(taskIndex: 3, taskCount: 100))
    #expect(
      try TaskPartition.resolve(taskIndex: nil, taskCount: nil, environment: [:])
        == TaskPartition(taskIndex: 0, taskCount: 1))
  }

  /// A resubmission of failed tasks (`sbatch --array=3,17`) has COUNT 2, MIN 3, MAX 17: the
  /// environment alone would make them tasks 0 and 14 of 2. Refused, with what to pass instead.
  @Test func partitionRefusesArraysItCannotMap() {
    let resubmission = [
      "SLURM_ARRAY_TASK_ID": "17", "SLURM_ARRAY_TASK_MIN": "3", "SLURM_ARRAY_TASK_MAX": "17",
      "SLURM_ARRAY_TASK_COUNT": "2",
    ]
    #expect(throws: TaskPartitionError.self) {
      try TaskPartition.resolve(taskIndex: nil, taskCount: nil, environment: resubmission)
    }
    #expect(throws: TaskPartitionError.self) {
      try TaskPartition.resolve(taskIndex: nil, taskCount: 100, environment: resubmission)
    }
    do {
      _ = try TaskPartition.resolve(
        taskIndex: nil, taskCount: 100,
        environment: [
          "SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "5", "SLURM_ARRAY_TASK_MAX": "5",
          "SLURM_ARRAY_TASK_COUNT": "1",
        ])
      Issue.record("a one-task resubmission with --task-count 100 must name its index")
    } catch {
      #expect(error.description.contains("--task-index $SLURM_ARRAY_TASK_ID"))
    }
    #expect(throws: TaskPartitionError.self) {
      try TaskPartition.resolve(taskIndex: 4, taskCount: 4, environment: [:])
    }
    #expect(throws: TaskPartitionError.self) {
      try TaskPartition.resolve(taskIndex: nil, taskCount: nil, environment: ["SLURM_ARRAY_TASK_COUNT": "x"])
    }
  }

  /// Every shard belongs to exactly one task, in contiguous blocks, for any task count.
  @Test func tasksCoverEveryShardOnce() {
    let layout = ShardLayout(datasetName: "d", sampleCount: 1_003, shardSize: 10)
    for taskCount in [1, 3, 7, 100, 101, 150] {
      let blocks = (0..<taskCount).map { layout.shards(forTask: $0, of: taskCount) }
      #expect(blocks.flatMap { Array($0) } == Array(0..<layout.shardCount), "\(taskCount) tasks")
      let sizes = blocks.map(\.count)
      #expect(sizes.max()! - sizes.min()! <= 1, "balanced to within one shard")
    }
  }

  @Test func rangesAndRelativePaths() {
    #expect(ShardRanges.describe([9, 3, 7, 8, 12, 3]) == "3,7-9,12")
    #expect(DatasetIndexWriter.relativePath(from: "/data/index", to: "/data/shards") == "../shards")
    #expect(DatasetIndexWriter.relativePath(from: "/data/shards", to: "/data/shards") == "")
    #expect(DatasetIndexWriter.relativePath(from: "/data", to: "/data/run/shards") == "run/shards")
    #expect(RegenerationAdvice.shellQuoted("out/a b") == "'out/a b'")
    #expect(RegenerationAdvice.shellQuoted("out/ab.yaml") == "out/ab.yaml")
  }

  /// The index of synthetic shards reads back every sample in order, with the provenance of the
  /// whole dataset; the advice for missing shards names the tasks that own them.
  @Test func indexOfSyntheticShards() throws {
    let directory = try TemporaryDirectory("index-synthetic")
    defer { directory.remove() }
    try IndexBenchmark.writeShards(count: 5, samplesPerShard: 4, directory: directory.path(""))
    let catalogue = ShardCatalogue.scan(directory: directory.path(""))
    #expect(catalogue.problems.isEmpty, "\(catalogue.problems)")
    #expect(catalogue.layout == ShardLayout(datasetName: "bench-index", sampleCount: 20, shardSize: 4))
    #expect(catalogue.columns.count == 34)
    let path = DatasetIndexWriter.defaultPath(for: catalogue)
    try DatasetIndexWriter.write(catalogue, to: path)
    let reader = try ShardReader(path: path)
    #expect(reader.metadata.sampleRange == 0..<20)
    #expect(reader.metadata.datasetSamples == 20)
    #expect(try reader.sampleIndices() == Array(0..<20))
    #expect(try reader.label("log_age") == (0..<20).map { Double($0) * 0.001 })
    #expect(try reader.images() == (0..<(20 * 64)).map(Float.init))
    #expect(try reader.truthShape("integrated_mag") == [20, 1])
    // An index in the folder is recognised and skipped by the next scan.
    let again = ShardCatalogue.scan(directory: directory.path(""))
    #expect(again.problems.isEmpty && again.indexFiles == ["bench-index-index.h5"] && again.shards.count == 5)

    try FileManager.default.removeItem(atPath: directory.path("bench-index-00003.h5"))
    let holed = ShardCatalogue.scan(directory: directory.path(""))
    #expect(holed.missingShards == [3])
    let advice = RegenerationAdvice.lines(for: holed, recipe: "r.yaml", directory: "out", taskCount: 2)
    // 5 shards over 2 tasks: task 0 has shards 0–2, task 1 shards 3–4.
    #expect(advice.contains("  starmill generate r.yaml --out out --task-index 1 --task-count 2 --resume"))
    #expect(advice.contains { $0.contains("sbatch --array=1 Recipes/slurm/starmill-generate.sbatch r.yaml out 2") })
  }

  /// `starmill bench index` runs (quick mode: 4 shards) and reads its label column back right.
  @Test func indexBenchmarkRuns() throws {
    let benchmark = try #require(BenchmarkRegistry.named("index"))
    let tables = try benchmark.run(true)
    #expect(tables.count == 1 && tables[0].rows.count == 1)
    #expect(tables[0].rows[0][0] == "4")
    // ~3 kB of virtual-dataset mappings per shard; more than 0.5 kB and less than 20 kB.
    let perShard = try #require(Int(tables[0].rows[0][4]))
    #expect(perShard > 500 && perShard < 20_000)
  }

  /// A shard of another Starmill version is named; the layout of a misnamed shard is checked.
  @Test func inconsistentAndMisnamedShards() throws {
    let directory = try TemporaryDirectory("index-inconsistent")
    defer { directory.remove() }
    let folder = directory.path("")
    try IndexBenchmark.writeShards(count: 3, samplesPerShard: 4, directory: folder)
    // Rewrite shard 1 as if from another version.
    let shard = directory.path("bench-index-00001.h5")
    let file = try HDF5File(openingAtPath: shard, mode: .readWrite)
    try file.root.setAttribute("starmill_version", .string("9.9.9"))
    try file.close()
    let catalogue = ShardCatalogue.scan(directory: folder)
    #expect(
      catalogue.problems.contains(
        .inconsistent(
          file: "bench-index-00001.h5", field: "starmill_version", value: "9.9.9", expected: StarmillVersion.string,
          reference: "bench-index-00000.h5")), "\(catalogue.problems)")
    #expect(catalogue.missingShards == [1])

    try FileManager.default.removeItem(atPath: shard)
    try FileManager.default.moveItem(atPath: directory.path("bench-index-00002.h5"), toPath: directory.path("last.h5"))
    let renamed = ShardCatalogue.scan(directory: folder)
    #expect(renamed.problems.contains(.misnamed(file: "last.h5", shard: 2, expectedName: "bench-index-00002.h5")))
  }
}
