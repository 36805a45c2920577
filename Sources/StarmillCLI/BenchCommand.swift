import ArgumentParser
import Foundation
import Pipeline

struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "Run benchmarks and print their tables (release build: `make bench`).")

  @Argument(help: "Benchmark names, or `all`.")
  var names: [String] = ["all"]

  @Flag(help: "Shrink the work (checks that benchmarks run; numbers are not meaningful).")
  var quick = false

  @Flag(help: "List the benchmarks and exit.")
  var list = false

  @Option(
    help: ArgumentHelp(
      "Write the star lists of `bench render`'s standard case (8 clusters × 5,000 stars: x, y in px, fluxes in e⁻) to this CSV file and exit.",
      valueName: "file"))
  var writeStandardClusters: String?

  func run() throws {
    if let path = writeStandardClusters {
      let folder = (path as NSString).deletingLastPathComponent
      var isFolder: ObjCBool = false
      guard
        folder.isEmpty || (FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder) && isFolder.boolValue)
      else {
        throw ValidationError("--write-standard-clusters \(path): the folder \(folder) does not exist")
      }
      let text = try RenderBenchmark.standardClustersCSV()
      do {
        try text.write(toFile: path, atomically: true, encoding: .utf8)
      } catch {
        throw ValidationError(
          "--write-standard-clusters \(path): cannot write the file (\(error.localizedDescription))")
      }
      return
    }
    if list {
      for benchmark in BenchmarkRegistry.all { print("\(benchmark.name)\t\(benchmark.summary)") }
      return
    }
    let selected: [Benchmark]
    if names == ["all"] {
      selected = BenchmarkRegistry.all
    } else {
      selected = try names.map { name in
        guard let benchmark = BenchmarkRegistry.named(name) else {
          let known = BenchmarkRegistry.all.map { $0.name }.joined(separator: ", ")
          throw ValidationError("unknown benchmark '\(name)'; known: \(known), all")
        }
        return benchmark
      }
    }
    print("starmill \(StarmillVersion.string), release build for CPU target \(CPUTarget.name)")
    print("machine: \(MachineDescription.benchmarkHeader())\n")
    for benchmark in selected {
      for table in try benchmark.run(quick) { print(table.rendered()) }
    }
  }
}
