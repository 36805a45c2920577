import Foundation
import StarmillTestSupport
import Testing

/// The release build's CPU target (scripts/cpu-target.sh, Sources/CPUTargetCheck): a binary built
/// for AVX2 must stop with a clear error on a CPU without it, never with SIGILL.
@Suite struct CPUTargetCheckTests {
  static let checkSource = SharedData.repositoryRoot.appendingPathComponent("Sources/CPUTargetCheck/CPUTargetCheck.c")
  /// The toolchain's clang (beside `swift`), or nil.
  static let clang: String? = {
    let candidates = ["/opt/swift/usr/bin/clang", "/usr/bin/clang"]
    return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
  }()

  static var isX86: Bool {
    #if arch(x86_64)
      true
    #else
      false
    #endif
  }

  static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> (
    status: Int32, output: String, error: String
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (
      process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self)
    )
  }

  /// The start-up check linked with a `main` that prints "main ran", compiled by clang with
  /// `defines` into `directory`; returns the executable's path.
  static func compileCheck(defines: [String], in directory: TemporaryDirectory, name: String) throws -> String {
    let main = directory.url.appendingPathComponent("main.c")
    try "#include <stdio.h>\nint main(void) { puts(\"main ran\"); return 0; }\n".write(
      to: main, atomically: true, encoding: .utf8)
    let executable = directory.url.appendingPathComponent(name).path
    let include = SharedData.repositoryRoot.appendingPathComponent("Sources/CPUTargetCheck/include").path
    let compiled = try run(clang!, defines + ["-I", include, checkSource.path, main.path, "-o", executable])
    #expect(compiled.status == 0, "clang: \(compiled.error)")
    return executable
  }

  /// The check compiled for the haswell target, on a "CPU" whose `__builtin_cpu_supports` says no
  /// to everything: the constructor runs before `main`, names every missing feature and how to
  /// rebuild, and exits 1 without running the program.
  @Test(.enabled(if: clang != nil && isX86, "needs clang on x86-64"))
  func haswellBinaryStopsOnACPUWithoutAVX2() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let executable = try Self.compileCheck(
      defines: ["-DSTARMILL_TARGET_HASWELL", "-D__builtin_cpu_supports(feature)=0"], in: directory, name: "check")
    let result = try Self.run(executable, [])
    #expect(result.status == 1)
    #expect(!result.output.contains("main ran"))
    #expect(result.error.contains("built for CPU target haswell"))
    #expect(result.error.contains("lacks: avx avx2 fma bmi1 bmi2"))
    #expect(result.error.contains("STARMILL_CPU=portable"))

    // The same check on this CPU as it is: it runs the program when the CPU has the features
    // (or, on a CPU without them, stops the same way).
    let native = try Self.compileCheck(defines: ["-DSTARMILL_TARGET_HASWELL"], in: directory, name: "native")
    let nativeRun = try Self.run(native, [])
    let script = try Self.run(SharedData.repositoryRoot.appendingPathComponent("scripts/cpu-target.sh").path, [])
    if script.output.trimmingCharacters(in: .whitespacesAndNewlines) == "haswell" {
      #expect(nativeRun.status == 0 && nativeRun.output.contains("main ran"), "\(nativeRun.error)")
    } else {
      #expect(nativeRun.status == 1 && nativeRun.error.contains("lacks:"))
    }
  }

  /// A portable build never stops.
  @Test(.enabled(if: clang != nil, "needs clang"))
  func portableBuildAlwaysRuns() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let executable = try Self.compileCheck(
      defines: ["-D__builtin_cpu_supports(feature)=0"], in: directory, name: "check")
    let result = try Self.run(executable, [])
    #expect(result.status == 0 && result.output.contains("main ran"))
  }

  /// The script honours STARMILL_CPU and rejects anything but the two targets, naming the rule.
  @Test func scriptChoosesAndValidatesTheTarget() throws {
    let script = SharedData.repositoryRoot.appendingPathComponent("scripts/cpu-target.sh").path
    let detected = try Self.run(script, [])
    #expect(detected.status == 0)
    #expect(["haswell", "portable"].contains(detected.output.trimmingCharacters(in: .whitespacesAndNewlines)))
    let portable = try Self.run(script, [], environment: ["STARMILL_CPU": "portable"])
    #expect(portable.output == "portable\n")
    let bad = try Self.run(script, [], environment: ["STARMILL_CPU": "znver9"])
    #expect(bad.status == 1)
    #expect(bad.error.contains("STARMILL_CPU=znver9: must be haswell or portable"))
  }

  /// `--version` names the CPU target of the binary under test (the debug build: portable).
  @Test func versionNamesTheCPUTarget() throws {
    let version = try StarmillBinary.run(["--version"])
    #expect(version.status == 0)
    #expect(version.standardOutput.contains("(CPU target: "))
  }
}
