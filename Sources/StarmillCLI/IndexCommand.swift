import ArgumentParser
import Foundation
import Pipeline
import RecipeFormat

struct IndexCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "index",
    abstract:
      "Check a folder of shards from any number of tasks and write one HDF5 file presenting them as one dataset.",
    discussion: """
      Every sample must be present exactly once, from one recipe (the same SHA-256) and one \
      Starmill version, with the same bands, image size and columns, and no file may be damaged. \
      The index holds HDF5 virtual datasets over /images, /labels/<name> and /truth/<name> of \
      every shard, with source paths relative to the index, and the shards' provenance \
      attributes with sample_count = the whole dataset. If anything is missing, duplicated or \
      damaged, nothing is written: the problems and the commands that fix them are printed and \
      the exit status is 1.
      """)

  @Argument(help: "Folder of shards (.h5) written by `starmill generate` or `starmill grid`.")
  var directory: String

  @Option(help: "Index file to write (default: <folder>/<recipe name>-index.h5).")
  var out: String?

  @Option(help: "The recipe the shards were made from: checked against the shards and used in the printed commands.")
  var recipe: String?

  @Option(help: "Number of tasks the dataset was generated with: lists the tasks that own missing shards.")
  var taskCount: Int?

  @Flag(help: "Also read every pixel and column of every shard, as `starmill inspect` does (slow on big datasets).")
  var verify = false

  func run() throws {
    try CLIFailure.reporting {
      var catalogue = ShardCatalogue.scan(directory: directory, verify: verify)
      if let recipe, let shardsSHA256 = catalogue.recipeSHA256 {
        let loaded: Recipe
        do {
          loaded = try RecipeLoader.load(path: recipe)
        } catch {
          throw CLIFailure("\(error)", exitCode: 65)
        }
        if loaded.sha256 != shardsSHA256 {
          catalogue.problems.insert(
            .recipeFileMismatch(path: recipe, sha256: loaded.sha256, shardsSHA256: shardsSHA256), at: 0)
        }
      }
      if !catalogue.problems.isEmpty {
        var lines = ["\(directory): cannot index: \(catalogue.problems.count) problem(s); no index written"]
        lines += catalogue.problems.map { "  - \($0)" }
        lines += RegenerationAdvice.lines(for: catalogue, recipe: recipe, directory: directory, taskCount: taskCount)
        throw CLIFailure(lines.joined(separator: "\n"))
      }
      let path = out ?? DatasetIndexWriter.defaultPath(for: catalogue)
      do {
        try DatasetIndexWriter.write(catalogue, to: path)
      } catch {
        throw CLIFailure("\(error)")
      }
      let sha = catalogue.recipeSHA256 ?? ""
      var notes: [String] = []
      if !catalogue.temporaryFiles.isEmpty {
        notes.append("\(catalogue.temporaryFiles.count) temporary files of unfinished writers skipped")
      }
      // HDF5 keeps every source file it has read open while the virtual dataset is open, and a
      // source it cannot open (file-descriptor limit) silently reads as the fill value.
      var limit = rlimit()
      if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, Int(limit.rlim_cur) < catalogue.shards.count + 64 {
        FileHandle.standardError.write(
          Data(
            ("starmill: warning: a reader of the whole index opens \(catalogue.shards.count) shard files at once, "
              + "but this shell allows \(limit.rlim_cur) open files: raise `ulimit -n` where the index is read "
              + "(past the limit HDF5 reads missing shards as NaN / −1, without an error)\n").utf8))
      }
      print(
        "\(catalogue.sampleCount) samples of \(catalogue.layout?.datasetName ?? "?") (sha256 \(sha.prefix(12))…) "
          + "in \(catalogue.shards.count) shards indexed in \(path)"
          + (notes.isEmpty ? "" : " (\(notes.joined(separator: "; ")))"))
    }
  }
}
