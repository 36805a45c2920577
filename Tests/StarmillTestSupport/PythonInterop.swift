import Foundation

/// Runs Python cross-checks (h5py, astropy) from tests.
///
/// The interpreter is `$STARMILL_PYTHON` when set, else `python3` on the PATH. Tests that need it
/// are gated with `.enabled(if: PythonInterop.canImport(["h5py"]), "…")` so that they show up as
/// skipped, with the reason, where the modules are missing.
public enum PythonInterop {
  /// The interpreter command: `$STARMILL_PYTHON` or `python3`.
  public static let interpreter: String = {
    let override = ProcessInfo.processInfo.environment["STARMILL_PYTHON"] ?? ""
    return override.isEmpty ? "python3" : override
  }()

  /// `Tests/Interop/<name>`: the cross-check scripts kept in the repository.
  public static func script(_ name: String) -> String {
    SharedData.repositoryRoot.appendingPathComponent("Tests/Interop").appendingPathComponent(name).path
  }

  /// Whether the interpreter runs and imports every module in `modules`.
  public static func canImport(_ modules: [String]) -> Bool {
    let code = modules.map { "import \($0)" }.joined(separator: "; ")
    return (try? run(["-c", code]).status) == 0
  }

  /// Runs the interpreter with `arguments`; returns its exit status and combined output.
  public static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [interpreter] + arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }
}
