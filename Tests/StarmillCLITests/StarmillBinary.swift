import Foundation
import StarmillTestSupport

/// Runs the `starmill` executable built alongside the tests.
enum StarmillBinary {
  /// `$STARMILL_BINARY`, else `starmill` beside the test bundle, else `.build/debug/starmill`.
  static let path: String? = {
    let fileManager = FileManager.default
    if let override = ProcessInfo.processInfo.environment["STARMILL_BINARY"],
      fileManager.isExecutableFile(atPath: override)
    {
      return override
    }
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
      .appendingPathComponent("starmill").path
    if fileManager.isExecutableFile(atPath: beside) { return beside }
    let debug = SharedData.repositoryRoot.appendingPathComponent(".build/debug/starmill").path
    return fileManager.isExecutableFile(atPath: debug) ? debug : nil
  }()

  struct Result {
    var status: Int32
    var standardOutput: String
    var standardError: String
  }

  /// Starts `starmill arguments…` in `directory` with `STARMILL_HOME` set to the repository.
  static func start(_ arguments: [String], in directory: URL? = nil) throws -> (Process, Pipe, Pipe) {
    guard let path else { throw CocoaError(.fileNoSuchFile) }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    var environment = ProcessInfo.processInfo.environment
    environment["STARMILL_HOME"] = SharedData.repositoryRoot.path
    process.environment = environment
    if let directory { process.currentDirectoryURL = directory }
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    return (process, output, error)
  }

  /// Runs `starmill arguments…` to completion.
  static func run(_ arguments: [String], in directory: URL? = nil) throws -> Result {
    let (process, output, error) = try start(arguments, in: directory)
    let outData = output.fileHandleForReading.readDataToEndOfFile()
    let errData = error.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, standardOutput: String(decoding: outData, as: UTF8.self),
      standardError: String(decoding: errData, as: UTF8.self))
  }
}
