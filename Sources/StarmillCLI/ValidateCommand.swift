import ArgumentParser
import Foundation
import Pipeline
import RecipeFormat

struct ValidateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check a recipe without writing anything: every error with file, line, column, field, value and rule.")

  @Argument(help: "Recipe files (YAML).")
  var recipes: [String]

  func run() throws {
    var failed = false
    for path in recipes {
      do {
        let recipe = try RecipeLoader.load(path: path)
        print("\(path): ok (\(recipe.samplesToWrite) samples, \(recipe.bands.joined(separator: ",")))")
      } catch let failure {  // RecipeLoader.load throws RecipeValidationFailure only (typed).
        failed = true
        FileHandle.standardError.write(Data((failure.description + "\n").utf8))
      }
    }
    if failed { throw ExitCode(65) }
  }
}
