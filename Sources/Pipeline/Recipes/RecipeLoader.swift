import Foundation
import RecipeFormat

/// Reads recipe files from disk (the recipe format itself never touches files).
public enum RecipeLoader {
  /// Reads and validates the recipe at `path`. An unreadable file is reported as a recipe error
  /// at line 1 so that every failure reaches the user in one shape.
  public static func load(path: String) throws(RecipeValidationFailure) -> Recipe {
    let text: String
    do {
      text = try String(contentsOfFile: path, encoding: .utf8)
    } catch {
      throw RecipeValidationFailure([
        RecipeError(
          location: SourceLocation(file: path, line: 1, column: 1), fieldPath: "", value: nil,
          rule: "cannot read the recipe file: \(error.localizedDescription)")
      ])
    }
    return try Recipe.parse(text, sourceName: path)
  }
}

extension Recipe {
  /// How many samples this recipe writes: the grid's nodes × realisations, else `samples`.
  public var samplesToWrite: Int { grid?.sampleCount ?? samples ?? 0 }
}
