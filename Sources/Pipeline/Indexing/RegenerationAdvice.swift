/// The commands that complete a dataset folder whose `ShardCatalogue` lists missing shards.
///
/// Any partition writes the same shard files, so the gaps can be filled by one task
/// (`generate --resume` keeps complete shards), or by rerunning just the array tasks that own the
/// missing shards when the original task count is known.
public enum RegenerationAdvice {
  /// The Slurm job script shipped in `Recipes/slurm/`.
  public static let sbatchScript = "Recipes/slurm/starmill-generate.sbatch"

  /// Lines of advice (empty when nothing is missing). `recipe` is the recipe path to print
  /// (`RECIPE.yaml` when unknown), `directory` the output folder as the user wrote it.
  public static func lines(for catalogue: ShardCatalogue, recipe: String?, directory: String, taskCount: Int?)
    -> [String]
  {
    guard let layout = catalogue.layout, !catalogue.missingShards.isEmpty else { return [] }
    let recipeArgument = recipe.map(shellQuoted) ?? "RECIPE.yaml"
    let out = shellQuoted(directory)
    let removable = catalogue.problems.contains {
      switch $0 {
      case .damaged, .inconsistent, .offLayout: true
      default: false
      }
    }
    var lines: [String] = []
    lines.append(
      "to write the missing shards"
        + (removable
          ? " (first delete the damaged or inconsistent files above: "
            + "--resume keeps any readable shard of the same recipe)" : "") + ", run")
    lines.append("  starmill generate \(recipeArgument) --out \(out) --resume")
    lines.append("    (one task writes every missing shard and keeps the complete ones)")
    if let taskCount, taskCount >= 1 {
      let tasks = Set(
        catalogue.missingShards.compactMap { shard in
          (0..<taskCount).first { layout.shards(forTask: $0, of: taskCount).contains(shard) }
        }
      ).sorted()
      lines.append(
        "or rerun the \(tasks.count) of \(taskCount) array tasks that own them (tasks \(ShardRanges.describe(tasks))):")
      for task in tasks.prefix(10) {
        lines.append(
          "  starmill generate \(recipeArgument) --out \(out) --task-index \(task) --task-count \(taskCount) --resume")
      }
      if tasks.count > 10 { lines.append("  … (\(tasks.count - 10) more tasks)") }
      lines.append(
        "  on Slurm: sbatch --array=\(ShardRanges.describe(tasks)) \(sbatchScript) \(recipeArgument) \(out) \(taskCount)"
      )
    } else {
      lines.append("(pass --task-count N to `starmill index` to list the tasks of an N-task array that own them)")
    }
    if recipe == nil {
      lines.append(
        "(RECIPE.yaml: the recipe the shards were made from; its text is every shard's recipe_text attribute)")
    }
    return lines
  }

  /// `text` as one shell word: unchanged when it has only safe characters, else single-quoted.
  public static func shellQuoted(_ text: String) -> String {
    let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")
    if !text.isEmpty && text.allSatisfy({ safe.contains($0) }) { return text }
    return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
