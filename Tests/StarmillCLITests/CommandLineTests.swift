import Foundation
import StarmillTestSupport
import Testing

/// The `starmill` executable as users run it: exit codes, messages, and files left behind.
@Suite(.serialized, .enabled(if: StarmillBinary.path != nil, "the starmill executable is not built"))
struct CommandLineTests {
  /// A small recipe (24×24 px, 12 samples in shards of 2, masses ≤ 10^3 M☉).
  static let smallRecipe = """
    version: 1
    name: small
    seed: 99
    samples: 12
    shard_size: 2
    bands: [F475W, F814W]
    image: {size_px: 24}
    isochrones: parsec-v1.2s-phat
    cluster:
      log_age: {uniform: [7.0, 9.5]}
      log_mass: {uniform: [2.5, 3.0]}
      r_h_pc: {log_uniform: [0.5, 3.0]}

    """

  @Test func versionAndHelp() throws {
    let version = try StarmillBinary.run(["--version"])
    #expect(version.status == 0)
    #expect(!version.standardOutput.isEmpty)
    let help = try StarmillBinary.run(["--help"])
    for command in [
      "generate", "grid", "validate", "inspect", "index", "preview", "train", "check", "population", "isochrones",
      "psf",
      "backgrounds", "bench",
    ] {
      #expect(help.standardOutput.contains(command), "help lists \(command)")
    }
  }

  /// Errors that need the isochrone set or the instrument: each is reported at its recipe field,
  /// exits 65 and writes nothing.
  @Test(arguments: [
    ("log_age: {uniform: [7.0, 9.5]}", "log_age: {uniform: [6.0, 9.5]}", "cluster.log_age", "isochrone set's range"),
    ("bands: [F475W, F814W]", "bands: [F475W, F999W]", "bands", "no such band"),
    ("isochrones: parsec-v1.2s-phat", "isochrones: no-such-set", "isochrones", "no such isochrone set"),
    ("name: small", "name: small\ninstrument: hubble9", "instrument", "no such instrument"),
    ("image: {size_px: 24}", "image: {size_px: 24, pixel_scale_arcsec: 0.1}", "image.pixel_scale_arcsec", "grid"),
    (
      "name: small", "name: small\nbackground: {library: no-such-library}", "background.library",
      "no such background library"
    ),
  ])
  func planErrorsNameTheFieldAndWriteNothing(find: String, replace: String, field: String, rule: String) throws {
    let directory = try TemporaryDirectory("cli")
    defer { directory.remove() }
    let recipe = directory.path("bad.yaml")
    try Self.smallRecipe.replacingOccurrences(of: find, with: replace).write(
      toFile: recipe, atomically: true, encoding: .utf8)
    let result = try StarmillBinary.run(["generate", recipe, "--out", directory.path("out")])
    #expect(result.status == 65)
    #expect(result.standardError.contains("bad.yaml:"), "\(result.standardError)")
    #expect(result.standardError.contains(field + ":"), "\(result.standardError)")
    #expect(result.standardError.contains(rule), "\(result.standardError)")
    #expect(!FileManager.default.fileExists(atPath: directory.path("out")))
  }

  /// `check --range` with a malformed or inverted range is refused with the rule, before any
  /// model or shard is read.
  @Test(arguments: ["log_age=9.5..6.6", "log_age", "log_age=a..b"])
  func checkRangeErrorsStateTheRule(range: String) throws {
    let result = try StarmillBinary.run(["check", "no-such-shard.h5", "--range", range, "--model", "no-such-model.h5"])
    #expect(result.status != 0)
    #expect(
      result.standardError.contains("--range \(range): expected NAME=LO..HI with numbers LO ≤ HI"),
      "\(result.standardError)")
  }

  @Test func validateReportsLineAndColumn() throws {
    let directory = try TemporaryDirectory("cli")
    defer { directory.remove() }
    let recipe = directory.path("typo.yaml")
    try Self.smallRecipe.replacingOccurrences(of: "seed: 99", with: "sed: 99").write(
      toFile: recipe, atomically: true, encoding: .utf8)
    let result = try StarmillBinary.run(["validate", recipe])
    #expect(result.status == 65)
    #expect(result.standardError.contains("typo.yaml:3:1: sed: 'sed': unknown key; did you mean 'seed'?"))
  }

  /// SIGKILL at several points, then `--resume`: only complete shards are ever visible, and the
  /// result equals an uninterrupted run byte for byte.
  @Test func killedRunsResumeToIdenticalShards() throws {
    let directory = try TemporaryDirectory("cli-kill")
    defer { directory.remove() }
    let recipe = directory.path("small.yaml")
    try Self.smallRecipe.write(toFile: recipe, atomically: true, encoding: .utf8)
    let reference = directory.path("reference")
    let uninterrupted = try StarmillBinary.run(["generate", recipe, "--out", reference, "--threads", "2"])
    #expect(uninterrupted.status == 0, "\(uninterrupted.standardError)")
    let names = try FileManager.default.contentsOfDirectory(atPath: reference).sorted()
    #expect(names.count == 6)

    let output = directory.path("killed")
    var killedWith = 0
    for target in [1, 3, 5] {  // kill once this many shards are complete
      let (process, _, _) = try StarmillBinary.start(
        ["generate", recipe, "--out", output, "--threads", "2"] + (target == 1 ? [] : ["--resume"]))
      let deadline = Date().addingTimeInterval(120)
      while process.isRunning && Date() < deadline {
        let complete = ((try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []).filter {
          $0.hasSuffix(".h5") && !$0.hasPrefix(".")
        }
        if complete.count >= target { break }
        usleep(2_000)
      }
      if process.isRunning {
        kill(process.processIdentifier, SIGKILL)
        killedWith += 1
      }
      process.waitUntilExit()
      // Whatever is visible under a final name is a complete, readable shard.
      for name in try FileManager.default.contentsOfDirectory(atPath: output) where !name.hasPrefix(".") {
        let inspect = try StarmillBinary.run(["inspect", (output as NSString).appendingPathComponent(name)])
        #expect(inspect.status == 0, "\(name): \(inspect.standardOutput)")
      }
    }
    #expect(killedWith >= 1, "the run finished before it could be killed; the test proved nothing")
    let resumed = try StarmillBinary.run(["generate", recipe, "--out", output, "--resume", "--json"])
    #expect(resumed.status == 0, "\(resumed.standardError)")
    #expect(resumed.standardOutput.contains("\"shardsSkipped\""))
    let finalNames = try FileManager.default.contentsOfDirectory(atPath: output).sorted()
    #expect(finalNames == names, "no temporary files are left after the resume")
    for name in names {
      #expect(
        FileManager.default.contents(atPath: (reference as NSString).appendingPathComponent(name))
          == FileManager.default.contents(atPath: (output as NSString).appendingPathComponent(name)), "\(name)")
    }
  }

  @Test func inspectFailsOnADamagedShard() throws {
    let directory = try TemporaryDirectory("cli-damaged")
    defer { directory.remove() }
    let recipe = directory.path("small.yaml")
    try Self.smallRecipe.replacingOccurrences(of: "samples: 12", with: "samples: 2").write(
      toFile: recipe, atomically: true, encoding: .utf8)
    let out = directory.path("out")
    #expect(try StarmillBinary.run(["generate", recipe, "--out", out]).status == 0)
    let shard = (out as NSString).appendingPathComponent("small-00000.h5")
    #expect(try StarmillBinary.run(["inspect", shard]).status == 0)
    let data = try Data(contentsOf: URL(fileURLWithPath: shard))
    try data.prefix(data.count * 2 / 3).write(to: URL(fileURLWithPath: shard))
    let damaged = try StarmillBinary.run(["inspect", shard])
    #expect(damaged.status == 1)
    #expect(damaged.standardOutput.contains("DAMAGED"))
  }

  /// `bench --write-standard-clusters` writes the standard render case's 8 × 5,000 stars for other
  /// renderers (scripts/bench-artpop.py), and names the path when it cannot write.
  @Test func benchWritesTheStandardClusters() throws {
    let directory = try TemporaryDirectory("cli-standard-clusters")
    defer { directory.remove() }
    let path = directory.path("stars.csv")
    let result = try StarmillBinary.run(["bench", "--write-standard-clusters", path])
    #expect(result.status == 0)
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    #expect(lines.first == "cluster,x_px,y_px,flux_band0_e,flux_band1_e,flux_band2_e")
    #expect(lines.count == 1 + 8 * 5000)
    #expect(lines.last?.hasPrefix("7,") == true)

    let unwritable = directory.path("no-such-folder/stars.csv")
    let failed = try StarmillBinary.run(["bench", "--write-standard-clusters", unwritable])
    #expect(failed.status != 0)
    #expect(failed.standardError.contains(unwritable))
    #expect(!FileManager.default.fileExists(atPath: unwritable))
  }
}
