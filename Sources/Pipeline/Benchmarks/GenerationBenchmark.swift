import Foundation
import RecipeFormat

/// `starmill bench generate`: `Recipes/bench.yaml` (3 bands, 80×80, ~5,000 stars, Poisson
/// noise) generated and written to shards, on 1 thread and on all cores, side by side.
public enum GenerationBenchmark {
  public static let benchmark = Benchmark(
    name: "generate",
    summary: "Recipes/bench.yaml written to shards on 1 thread and on all cores (samples/s)"
  ) { quick in
    let (recipe, plan) = try benchRecipePlan(samples: quick ? 8 : nil)
    let cores = ProcessInfo.processInfo.activeProcessorCount
    var table = BenchmarkTable(
      title: "Generation of Recipes/bench.yaml (\(recipe.samplesToWrite) samples, \(recipe.bands.count) bands, "
        + "\(recipe.imageWidthPixels)×\(recipe.imageHeightPixels) px, shards of \(recipe.shardSize))",
      columns: ["threads", "seconds", "samples/s", "speed-up", "CPU s", "samples per CPU s"])
    var single = 0.0
    for threads in Array(Set([1, cores])).sorted() {
      let folder = FileManager.default.temporaryDirectory.appendingPathComponent("starmill-bench-\(UUID())").path
      defer { try? FileManager.default.removeItem(atPath: folder) }
      let generation = ShardedGeneration(
        layout: plan.layout, outputDirectory: folder, threadCount: threads, resume: false,
        recipeSHA256: recipe.sha256, metadata: { plan.metadata(shard: $0, range: $1) },
        simulate: { try plan.simulate(sampleIndex: $0) })
      let cpuBefore = processCPUSeconds()
      let summary = try generation.run()
      let cpuSeconds = processCPUSeconds() - cpuBefore
      if threads == 1 { single = summary.samplesPerSecond }
      table.rows.append([
        "\(threads)", String(format: "%.2f", summary.elapsedSeconds), String(format: "%.1f", summary.samplesPerSecond),
        single > 0 ? String(format: "%.2f×", summary.samplesPerSecond / single) : "–",
        String(format: "%.2f", cpuSeconds), String(format: "%.1f", Double(summary.samplesWritten) / cpuSeconds),
      ])
    }
    withExtendedLifetime(plan) { table.notes.append(hugePageNote()) }
    table.notes.append(
      "Includes simulation (population, structure, rendering, noise) and the HDF5 shard write. CPU s: the "
        + "process's CPU time for the run, every thread (the writer thread included); samples per CPU s is the "
        + "rate per busy core, which time spent waiting for a core on a shared machine does not lower.")
    return [table]
  }
}

extension GenerationBenchmark {
  /// `Recipes/bench.yaml` (found through the standard resource roots) and its plan, with
  /// `samples` samples when given.
  static func benchRecipePlan(samples: Int? = nil) throws -> (Recipe, DatasetPlan) {
    let resources = ResourceLocator.forBenchmarks()
    guard
      let recipeRoot = resources.searchRoots.first(where: {
        FileManager.default.fileExists(atPath: "\($0)/Recipes/bench.yaml")
      })
    else {
      throw BenchmarkSetupError(description: "Recipes/bench.yaml not found (run from the repository)")
    }
    var recipe = try RecipeLoader.load(path: "\(recipeRoot)/Recipes/bench.yaml")
    if let samples { recipe.samples = samples }
    return (recipe, try DatasetPlanner.plan(recipe, resources: resources))
  }
}

struct BenchmarkSetupError: Error, CustomStringConvertible {
  var description: String
}
