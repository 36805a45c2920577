import Datasets
import Foundation
import Pipeline
import RecipeFormat
import StarmillTestSupport
import Synchronization
import Testing

/// Runs every shipped recipe at thumbnail size through the whole pipeline (plan, simulate,
/// shard writer, reader, inspection), and checks determinism across thread counts and resume.
@Suite(.serialized) struct EndToEndRecipeTests {
  static let repository = SharedData.repositoryRoot
  static let resources = ResourceLocator(searchRoots: [repository.path])

  static var shippedRecipes: [String] {
    let folder = repository.appendingPathComponent("Recipes").path
    return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [])
      .filter { $0.hasSuffix(".yaml") }.sorted()
  }

  /// The recipe shrunk to a thumbnail: 24×24 pixels, ≤ 6 samples in shards of 4, grids cut to
  /// their first two nodes per axis and one realisation, masses capped at 10^3 M☉ (debug
  /// builds simulate slowly; the physics is tested elsewhere).
  static func thumbnail(_ name: String) throws -> Recipe {
    let path = repository.appendingPathComponent("Recipes/\(name)").path
    var recipe = try RecipeLoader.load(path: path)
    recipe.imageHeightPixels = 24
    recipe.imageWidthPixels = 24
    recipe.shardSize = 4
    if recipe.grid != nil {
      recipe.grid!.realisations = 1
      recipe.grid!.axes = recipe.grid!.axes.map { axis in
        var axis = axis
        axis.values = Array(axis.values.prefix(2))
        if axis.parameter == "log_mass" { axis.values = axis.values.map { min($0, 3.0) } }
        return axis
      }
      recipe.grid!.axes.removeLast(max(0, recipe.grid!.axes.count - 2))
    } else {
      recipe.samples = 6
    }
    if case .uniform(let low, _) = recipe.cluster.logMassSolar {
      recipe.cluster.logMassSolar = .uniform(low: min(low, 2.5), high: 3.0)
    } else {
      recipe.cluster.logMassSolar = .fixed(3.0)
    }
    return recipe
  }

  static func generate(_ recipe: Recipe, into folder: String, threads: Int) throws -> GenerationSummary {
    let plan = try DatasetPlanner.plan(recipe, resources: resources)
    return try ShardedGeneration(
      layout: plan.layout, outputDirectory: folder, threadCount: threads, resume: false,
      recipeSHA256: recipe.sha256, metadata: { plan.metadata(shard: $0, range: $1) },
      simulate: { try plan.simulate(sampleIndex: $0) }
    ).run()
  }

  @Test func everyShippedRecipeIsTested() {
    #expect(
      Set(Self.shippedRecipes).isSuperset(of: [
        "quickstart.yaml", "phat-training.yaml", "phat-validation-grid.yaml", "bench.yaml",
      ]))
  }

  @Test(arguments: shippedRecipes)
  func shippedRecipeRunsEndToEnd(_ name: String) throws {
    let recipe = try Self.thumbnail(name)
    let directory = try TemporaryDirectory("e2e")
    defer { directory.remove() }
    let summary = try Self.generate(recipe, into: directory.url.path, threads: 2)
    #expect(summary.samplesWritten == recipe.samplesToWrite)
    var seen: [Int] = []
    for path in summary.shardsWritten {
      let report = ShardInspection.inspect(path: path)
      #expect(report.problems.isEmpty, "\(name): \(report.problems)")
      let reader = try ShardReader(path: path)
      #expect(reader.metadata.bands == recipe.bands)
      #expect(Set(reader.labelNames) == Set(recipe.labels))
      seen += try reader.sampleIndices()
      // Every image holds light: the cluster's integrated flux shows above the noise.
      let images = try reader.images()
      #expect(images.allSatisfy { $0.isFinite })
      #expect(images.reduce(0) { $0 + Double($1) } > 0)
      if recipe.grid != nil {
        #expect(try reader.truth("grid_node").allSatisfy { $0 >= 0 })
      }
    }
    #expect(seen == Array(0..<recipe.samplesToWrite))
  }

  @Test func sameBytesWhateverTheThreadCount() throws {
    let recipe = try Self.thumbnail("quickstart.yaml")
    let one = try TemporaryDirectory("threads1")
    let three = try TemporaryDirectory("threads3")
    defer {
      one.remove()
      three.remove()
    }
    let a = try Self.generate(recipe, into: one.url.path, threads: 1)
    let b = try Self.generate(recipe, into: three.url.path, threads: 3)
    #expect(a.shardsWritten.count == 2)
    for (pathA, pathB) in zip(a.shardsWritten, b.shardsWritten) {
      #expect(FileManager.default.contents(atPath: pathA) == FileManager.default.contents(atPath: pathB))
    }
  }

  /// With several threads the next shard is simulated while one is written, with one thread while
  /// one is synced to the disk: a write that fails stops the run with its error, leaves the shards
  /// before it complete and nothing else (no temporary file, no later shard).
  @Test(arguments: [1, 2]) func failedWriteStopsTheOverlappedRun(threads: Int) throws {
    var recipe = try Self.thumbnail("quickstart.yaml")
    recipe.shardSize = 2
    let plan = try DatasetPlanner.plan(recipe, resources: Self.resources)
    #expect(plan.layout.shardCount == 3)
    let folder = try TemporaryDirectory("failed-write")
    defer { folder.remove() }
    let generation = ShardedGeneration(
      layout: plan.layout, outputDirectory: folder.url.path, threadCount: threads, resume: false,
      recipeSHA256: recipe.sha256,
      // Shard 1's metadata announces one sample too few: `ShardWriter` refuses it.
      metadata: { plan.metadata(shard: $0, range: $0 == 1 ? $1.dropLast() : $1) },
      simulate: { try plan.simulate(sampleIndex: $0) })
    #expect(throws: ShardError.self) { _ = try generation.run() }
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == [plan.layout.fileName(ofShard: 0)])
  }

  /// Stopped (as Ctrl-C stops it) once its first shard is published, a run leaves that shard
  /// alone; `resume` finishes it to the uninterrupted run's bytes. With one thread the stop comes
  /// while shard 0's sync overlaps shard 1's simulation, which must still publish shard 0.
  @Test(arguments: [1, 2]) func interruptedRunResumesToTheSameBytes(threads: Int) throws {
    var recipe = try Self.thumbnail("quickstart.yaml")
    recipe.samples = 12  // three shards of 4
    let plan = try DatasetPlanner.plan(recipe, resources: Self.resources)
    #expect(plan.layout.shardCount == 3)
    let reference = try TemporaryDirectory("reference")
    let resumed = try TemporaryDirectory("resumed")
    defer {
      reference.remove()
      resumed.remove()
    }
    let full = try Self.generate(recipe, into: reference.url.path, threads: 2)
    let simulated = Atomic<Int>(0)
    func generation(_ folder: String, resume: Bool) -> ShardedGeneration {
      ShardedGeneration(
        layout: plan.layout, outputDirectory: folder, threadCount: threads, resume: resume,
        recipeSHA256: recipe.sha256,
        metadata: { plan.metadata(shard: $0, range: $1) },
        simulate: {
          simulated.add(1, ordering: .relaxed)
          return try plan.simulate(sampleIndex: $0)
        })
    }
    // Stop (as Ctrl-C does) once a sample of shard 1 has started: shard 1 (4 samples, at most 2
    // of them in flight) cannot complete, and shard 0 is complete whatever the disk's speed.
    #expect(throws: GenerationInterrupted.self) {
      _ = try generation(resumed.url.path, resume: false).run(shouldStop: {
        simulated.load(ordering: .relaxed) > plan.layout.sampleRange(ofShard: 0).count
      })
    }
    let afterStop = try FileManager.default.contentsOfDirectory(atPath: resumed.url.path)
    #expect(afterStop == [plan.layout.fileName(ofShard: 0)])
    // A rerun without --resume refuses to mix outputs; with it, finishes identically.
    #expect(throws: ShardError.self) { _ = try generation(resumed.url.path, resume: false).run() }
    let summary = try generation(resumed.url.path, resume: true).run()
    #expect(summary.shardsSkipped.count == 1 && summary.shardsWritten.count == 2)
    for path in full.shardsWritten {
      let name = (path as NSString).lastPathComponent
      #expect(
        FileManager.default.contents(atPath: path)
          == FileManager.default.contents(atPath: resumed.url.appendingPathComponent(name).path))
    }
  }
}
