import Foundation
import Pipeline
import RecipeFormat
import StarmillTestSupport
import Testing

/// The bundled network passes shards of `Recipes/quickstart.yaml` made by today's simulator:
/// a regression test for everything between the recipe and the image (band order, zero points,
/// PSFs, noise, labels). 48 samples keep it affordable in a debug build.
@Suite struct BundledModelTests {
  static let repository = SharedData.repositoryRoot
  static let modelPath = repository.appendingPathComponent("Models/phat-cnn/model.h5").path

  @Test(.enabled(if: FileManager.default.fileExists(atPath: modelPath), "no bundled model"))
  func bundledModelPassesQuickstartShards() throws {
    var recipe = try RecipeLoader.load(path: Self.repository.appendingPathComponent("Recipes/quickstart.yaml").path)
    recipe.samples = 48
    recipe.shardSize = 48
    let plan = try DatasetPlanner.plan(recipe, resources: ResourceLocator(searchRoots: [Self.repository.path]))
    let directory = try TemporaryDirectory("bundled-model")
    defer { directory.remove() }
    let summary = try ShardedGeneration(
      layout: plan.layout, outputDirectory: directory.url.path, threadCount: 2, resume: false,
      recipeSHA256: recipe.sha256, metadata: { plan.metadata(shard: $0, range: $1) },
      simulate: { try plan.simulate(sampleIndex: $0) }
    ).run()
    let checker = try ShardChecker(model: try ModelStore.load(Self.modelPath), overrides: [:])
    let report = try checker.check(try #require(summary.shardsWritten.first)).report
    #expect(report.samples == 48)
    #expect(report.passed, "\(report.parameters.map { "\($0.name): \($0.violations)" })")
  }
}
