import Foundation
import HDF5
import StarmillTestSupport
import Testing

/// Partitioned generation (`--task-index i --task-count n`, as Slurm array tasks run it) and
/// `starmill index`: separate processes write one dataset, and the index presents it as one.
@Suite(.serialized, .enabled(if: StarmillBinary.path != nil, "the starmill executable is not built"))
struct PartitionedGenerationTests {
  /// The decoded contents of a dataset read through its index: images, and every label and
  /// truth column (integers widened to Double, exactly).
  struct DatasetContents: Equatable {
    var images: [Float]
    var columns: [String: [Double]]
  }

  static func readIndex(_ path: String) throws -> DatasetContents {
    let file = try HDF5File(openingAtPath: path)
    defer { try? file.close() }
    var columns: [String: [Double]] = [:]
    for group in ["labels", "truth"] {
      for name in try file.root.openGroup(group).memberNames() {
        let dataset = try file.root.openDataset("\(group)/\(name)")
        columns["\(group)/\(name)"] =
          try dataset.elementType == .int64
          ? try dataset.read(as: Int64.self).map(Double.init) : try dataset.read(as: Double.self)
      }
    }
    return DatasetContents(images: try file.root.openDataset("images").read(as: Float.self), columns: columns)
  }

  /// The same contents read shard by shard (no virtual datasets), concatenated in sample order.
  static func readShards(_ directory: String) throws -> DatasetContents {
    var contents = DatasetContents(images: [], columns: [:])
    for name in try shardNames(directory) {
      let file = try HDF5File(openingAtPath: (directory as NSString).appendingPathComponent(name))
      defer { try? file.close() }
      contents.images += try file.root.openDataset("images").read(as: Float.self)
      for group in ["labels", "truth"] {
        for column in try file.root.openGroup(group).memberNames() {
          let dataset = try file.root.openDataset("\(group)/\(column)")
          contents.columns["\(group)/\(column)", default: []] +=
            try dataset.elementType == .int64
            ? try dataset.read(as: Int64.self).map(Double.init) : try dataset.read(as: Double.self)
        }
      }
    }
    return contents
  }

  static func shardNames(_ directory: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory).filter {
      $0.hasSuffix(".h5") && !$0.hasPrefix(".") && !$0.hasSuffix("-index.h5")
    }.sorted()
  }

  static func writeRecipe(_ directory: TemporaryDirectory, _ text: String = CommandLineTests.smallRecipe) throws
    -> String
  {
    let path = directory.path("small.yaml")
    try text.write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  /// Starts all `taskCount` tasks as separate processes at once (they share the folder, as
  /// Slurm array tasks do) and waits for them.
  static func runTasks(_ recipe: String, out: String, taskCount: Int) throws {
    let processes = try (0..<taskCount).map { task in
      try StarmillBinary.start([
        "generate", recipe, "--out", out, "--threads", "1", "--task-index", "\(task)", "--task-count", "\(taskCount)",
      ])
    }
    for (task, (process, output, error)) in processes.enumerated() {
      _ = output.fileHandleForReading.readDataToEndOfFile()
      let message = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      process.waitUntilExit()
      #expect(process.terminationStatus == 0, "task \(task) of \(taskCount): \(message)")
    }
  }

  /// 1, 3 and 4 tasks write the same shard files, and their indexes read back the same images,
  /// labels and truth, equal to the shards' own contents in sample order.
  @Test func anyPartitionIndexesToTheSameDataset() throws {
    let directory = try TemporaryDirectory("cli-partition")
    defer { directory.remove() }
    let recipe = try Self.writeRecipe(directory)
    var indexed: [Int: DatasetContents] = [:]
    var indexBytes: [Int: Data] = [:]
    for taskCount in [1, 3, 4] {
      let out = directory.path("tasks-\(taskCount)")
      try Self.runTasks(recipe, out: out, taskCount: taskCount)
      #expect(try Self.shardNames(out).count == 6)
      let index = try StarmillBinary.run(["index", out])
      #expect(index.status == 0, "\(index.standardError)")
      #expect(index.standardOutput.contains("12 samples of small"), "\(index.standardOutput)")
      let indexPath = (out as NSString).appendingPathComponent("small-index.h5")
      let contents = try Self.readIndex(indexPath)
      #expect(contents.images.count == 12 * 2 * 24 * 24)
      #expect(contents.columns["truth/sample_index"] == (0..<12).map(Double.init))
      #expect(contents.columns["labels/log_age"]?.count == 12)
      #expect(contents == (try Self.readShards(out)), "the index maps every shard to its own rows")
      indexed[taskCount] = contents
      indexBytes[taskCount] = FileManager.default.contents(atPath: indexPath)
      // The index is itself a readable dataset of all samples.
      let inspect = try StarmillBinary.run(["inspect", indexPath])
      #expect(inspect.status == 0, "\(inspect.standardOutput)")
    }
    #expect(indexed[3] == indexed[1])
    #expect(indexed[4] == indexed[1])
    #expect(indexBytes[3] == indexBytes[1] && indexBytes[4] == indexBytes[1], "the index file is reproducible too")
    for name in try Self.shardNames(directory.path("tasks-1")) {
      let reference = FileManager.default.contents(atPath: directory.path("tasks-1/\(name)"))
      #expect(reference != nil)
      for taskCount in [3, 4] {
        #expect(
          FileManager.default.contents(atPath: directory.path("tasks-\(taskCount)/\(name)")) == reference, "\(name)")
      }
    }

    // Relative source paths: the folder moves as a whole, and an index elsewhere finds its shards.
    let moved = directory.path("moved")
    try FileManager.default.moveItem(atPath: directory.path("tasks-1"), toPath: moved)
    #expect(try Self.readIndex(moved + "/small-index.h5") == indexed[1])
    let outside = directory.path("elsewhere/all.h5")
    try FileManager.default.createDirectory(atPath: directory.path("elsewhere"), withIntermediateDirectories: true)
    #expect(try StarmillBinary.run(["index", moved, "--out", outside]).status == 0)
    #expect(try Self.readIndex(outside) == indexed[1])

    // A shard that vanishes after indexing reads as NaN, never as plausible zeros.
    try FileManager.default.removeItem(atPath: moved + "/small-00002.h5")
    let holed = try Self.readIndex(moved + "/small-index.h5")
    let perImage = 2 * 24 * 24
    #expect(holed.images[(4 * perImage)..<(6 * perImage)].allSatisfy { $0.isNaN })
    #expect(holed.columns["truth/sample_index"]?[4] == -1)
    #expect(holed.images[0..<(4 * perImage)] == indexed[1]!.images[0..<(4 * perImage)])
  }

  /// A task killed mid-way (SIGKILL) leaves a gap that `index` reports with the exact rerun
  /// command; rerunning that task with `--resume` gives the same shards and index as one task.
  @Test func killedTaskRerunGivesTheSameDataset() throws {
    let directory = try TemporaryDirectory("cli-partition-kill")
    defer { directory.remove() }
    let recipe = try Self.writeRecipe(directory)
    let reference = directory.path("reference")
    try Self.runTasks(recipe, out: reference, taskCount: 1)
    #expect(try StarmillBinary.run(["index", reference]).status == 0)

    // Task 1 of 3 owns shards 2 and 3; kill it once its first shard is complete.
    let out = directory.path("out")
    let (process, _, _) = try StarmillBinary.start([
      "generate", recipe, "--out", out, "--threads", "1", "--task-index", "1", "--task-count", "3",
    ])
    let deadline = Date().addingTimeInterval(120)
    while process.isRunning && Date() < deadline {
      if FileManager.default.fileExists(atPath: out + "/small-00002.h5") { break }
      usleep(2_000)
    }
    let killed = process.isRunning
    if killed { kill(process.processIdentifier, SIGKILL) }
    process.waitUntilExit()
    #expect(killed, "task 1 finished before it could be killed; the test proved nothing")

    // Another task's leftover temporary file is not this task's to delete.
    let foreign = out + "/.small-00003.h5.tmp-othernode-4242"
    try Data("partial".utf8).write(to: URL(fileURLWithPath: foreign))
    for task in [0, 2] {
      let result = try StarmillBinary.run([
        "generate", recipe, "--out", out, "--threads", "1", "--task-index", "\(task)", "--task-count", "3",
      ])
      #expect(result.status == 0, "\(result.standardError)")
    }
    #expect(FileManager.default.fileExists(atPath: foreign), "tasks 0 and 2 left task 1's temporary file alone")

    let incomplete = try StarmillBinary.run(["index", out, "--task-count", "3", "--recipe", recipe])
    #expect(incomplete.status == 1)
    #expect(incomplete.standardError.contains("missing 1 of 6 shards (2 samples): shards 3; samples 6..<8"))
    #expect(incomplete.standardError.contains("--out \(out) --task-index 1 --task-count 3 --resume"))
    #expect(incomplete.standardError.contains("sbatch --array=1 "))
    #expect(!FileManager.default.fileExists(atPath: out + "/small-index.h5"), "no index for an incomplete dataset")

    let rerun = try StarmillBinary.run([
      "generate", recipe, "--out", out, "--threads", "1", "--task-index", "1", "--task-count", "3", "--resume",
    ])
    #expect(rerun.status == 0, "\(rerun.standardError)")
    #expect(!FileManager.default.fileExists(atPath: foreign), "task 1's rerun removed its own leftover")
    #expect(try StarmillBinary.run(["index", out]).status == 0)
    #expect(try Self.shardNames(out) == (try Self.shardNames(reference)))
    for name in try Self.shardNames(reference) {
      #expect(
        FileManager.default.contents(atPath: "\(out)/\(name)")
          == FileManager.default.contents(atPath: "\(reference)/\(name)"),
        "\(name)")
    }
    #expect(try Self.readIndex(out + "/small-index.h5") == (try Self.readIndex(reference + "/small-index.h5")))
  }

  /// `index` refuses a mix of recipes, a duplicated sample, a damaged shard and a missing shard,
  /// each with a message naming the files, and writes no index.
  @Test func indexRefusesBrokenFolders() throws {
    let directory = try TemporaryDirectory("cli-index-refuses")
    defer { directory.remove() }
    let small = CommandLineTests.smallRecipe.replacingOccurrences(of: "samples: 12", with: "samples: 4")
    let recipe = try Self.writeRecipe(directory, small)
    let clean = directory.path("clean")
    #expect(try StarmillBinary.run(["generate", recipe, "--out", clean, "--threads", "2"]).status == 0)
    func copy(_ name: String) throws -> String {
      let path = directory.path(name)
      try FileManager.default.copyItem(atPath: clean, toPath: path)
      return path
    }
    func refuse(_ folder: String, _ expected: [String]) throws {
      let result = try StarmillBinary.run(["index", folder])
      #expect(result.status == 1, "\(result.standardOutput)")
      #expect(result.standardError.contains("\(folder): cannot index"), "\(result.standardError)")
      for text in expected { #expect(result.standardError.contains(text), "\(text) in \(result.standardError)") }
      #expect(try !FileManager.default.contentsOfDirectory(atPath: folder).contains { $0.hasSuffix("-index.h5") })
    }

    let mixed = try copy("mixed")
    let other = directory.path("other.yaml")
    try small.replacingOccurrences(of: "name: small", with: "name: other").replacingOccurrences(
      of: "samples: 4", with: "samples: 2"
    ).write(toFile: other, atomically: true, encoding: .utf8)
    #expect(try StarmillBinary.run(["generate", other, "--out", mixed]).status == 0)
    try refuse(
      mixed,
      [
        "the folder mixes 2 recipes: small (sha256 ", "in 2 files: small-00000.h5, small-00001.h5", "other (sha256 ",
        "in 1 file: other-00000.h5",
      ])

    let duplicated = try copy("duplicated")
    try FileManager.default.copyItem(atPath: duplicated + "/small-00001.h5", toPath: duplicated + "/copy.h5")
    try refuse(
      duplicated, ["samples 2..<4 (shard 1) are duplicated in 2 files: copy.h5, small-00001.h5 (byte-identical)"])

    let damaged = try copy("damaged")
    let shard = damaged + "/small-00001.h5"
    let bytes = try Data(contentsOf: URL(fileURLWithPath: shard))
    try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: shard))
    try refuse(
      damaged,
      [
        "small-00001.h5: damaged: not a readable HDF5 file",
        "missing 1 of 2 shards (2 samples): shards 1; samples 2..<4",
        "starmill generate RECIPE.yaml --out \(damaged) --resume", "first delete the damaged",
      ])

    let missing = try copy("missing")
    try FileManager.default.removeItem(atPath: missing + "/small-00000.h5")
    try refuse(missing, ["missing 1 of 2 shards (2 samples): shards 0; samples 0..<2"])

    let wrongRecipe = try StarmillBinary.run(["index", clean, "--recipe", other])
    #expect(wrongRecipe.status == 1)
    #expect(wrongRecipe.standardError.contains("other.yaml: has SHA-256"), "\(wrongRecipe.standardError)")
    #expect(try StarmillBinary.run(["index", clean, "--recipe", recipe]).status == 0)
  }

  /// h5py, which knows nothing of Starmill, reads the virtual datasets as the shards' rows.
  @Test(.enabled(if: PythonInterop.canImport(["h5py", "numpy"]), "needs python3 with h5py and numpy"))
  func h5pyReadsTheIndex() throws {
    let directory = try TemporaryDirectory("cli-index-h5py")
    defer { directory.remove() }
    let small = CommandLineTests.smallRecipe.replacingOccurrences(of: "samples: 12", with: "samples: 5")
    let recipe = try Self.writeRecipe(directory, small)
    let out = directory.path("out")
    #expect(
      try StarmillBinary.run(["generate", recipe, "--out", out, "--task-index", "0", "--task-count", "2"]).status == 0)
    #expect(
      try StarmillBinary.run(["generate", recipe, "--out", out, "--task-index", "1", "--task-count", "2"]).status == 0)
    #expect(try StarmillBinary.run(["index", out]).status == 0)
    let check = try PythonInterop.run([PythonInterop.script("check_index.py"), out + "/small-index.h5"])
    #expect(check.status == 0, "\(check.output)")
    #expect(check.output.contains("index ok: 5 samples from 3 shards"), "\(check.output)")
  }
}
