import ArgumentParser
import Foundation
import Pipeline
import RecipeFormat

struct PreviewCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "preview",
    abstract: "Look before you train: the recipe's first samples as a PNG contact sheet or FITS files for DS9.")

  @Argument(help: "Recipe file (YAML).")
  var recipe: String

  @Option(help: "Number of samples to show.")
  var count: Int = 16

  @Option(help: "Output: FILE.png (contact sheet) or FILE.fits (one multi-extension FITS per sample).")
  var out: String

  @Option(help: "Worker threads (default: all cores).")
  var threads: Int?

  func run() throws {
    try CLIFailure.reporting {
      guard count > 0 else { throw CLIFailure("--count must be > 0 (got \(count))") }
      let loaded: Recipe
      do {
        loaded = try RecipeLoader.load(path: recipe)
      } catch {
        throw CLIFailure("\(error)", exitCode: 65)
      }
      let environment = ProcessInfo.processInfo.environment
      let resources = ResourceLocator.standard(
        recipePath: recipe, home: environment["STARMILL_HOME"],
        currentDirectory: FileManager.default.currentDirectoryPath, executablePath: CommandLine.arguments[0])
      let plan: DatasetPlan
      do {
        plan = try DatasetPlanner.plan(loaded, resources: resources)
      } catch let failure as RecipeValidationFailure {
        throw CLIFailure(failure.description, exitCode: 65)
      }
      let written = try PreviewRun.run(
        plan: plan, count: count, output: out, threads: threads ?? ProcessInfo.processInfo.activeProcessorCount)
      for path in written { print(path) }
    }
  }
}
