import Foundation
import LinearAlgebra

extension Starmill {
  /// The process entry point (`@main` resolves to this rather than ArgumentParser's default):
  /// first make sure OpenBLAS runs the right kernels, then parse and run the command.
  static func main() {
    OpenBLASCoreTypeLaunch.restartIfNeeded()
    main(nil)
  }
}

/// Restarts `starmill` with `OPENBLAS_CORETYPE` set when OpenBLAS chose weaker kernels than the CPU
/// supports (see `OpenBLASCoreType`: Prescott instead of SkylakeX on the AVX-512 Xeons costs ~4×
/// in sgemm). OpenBLAS reads the variable when it is loaded, before `main`, so setting it in
/// this process is too late: the only fix from inside is `execv("/proc/self/exe", argv)` with the
/// variable added. `STARMILL_OPENBLAS_RESTARTED=1` marks the restarted process so it can never
/// loop. A user's own `OPENBLAS_CORETYPE` is always respected (with a warning when the CPU lacks
/// the flags that kernel set executes, which would end in SIGILL). If `execv` fails the command
/// runs on with the slower kernels, after a warning.
enum OpenBLASCoreTypeLaunch {
  static let markerVariable = "STARMILL_OPENBLAS_RESTARTED"

  static func restartIfNeeded() {
    let environment = ProcessInfo.processInfo.environment
    guard environment[markerVariable] == nil,
      let cpuInfo = FileHandle(forReadingAtPath: "/proc/cpuinfo")?.readDataToEndOfFile()
    else { return }
    let flags = OpenBLASCoreType.cpuFlags(fromCPUInfo: String(decoding: cpuInfo, as: UTF8.self))
    let requested = environment["OPENBLAS_CORETYPE"]
    if let requested, !requested.isEmpty,
      let missing = OpenBLASCoreType.missingFlags(forCore: requested, cpuFlags: flags), !missing.isEmpty
    {
      warn(
        "OPENBLAS_CORETYPE=\(requested) needs CPU flags this machine lacks (\(missing.sorted().joined(separator: " "))); "
          + "BLAS calls may crash. Unset it to let starmill choose.")
    }
    guard
      let core = OpenBLASCoreType.override(
        detectedCore: OpenBLAS.coreName, cpuFlags: flags, environmentValue: requested)
    else { return }
    setenv("OPENBLAS_CORETYPE", core, 1)
    setenv(markerVariable, "1", 1)
    execv("/proc/self/exe", CommandLine.unsafeArgv)
    let reason = String(cString: strerror(errno))
    unsetenv("OPENBLAS_CORETYPE")
    warn("could not restart with OPENBLAS_CORETYPE=\(core) (\(reason)); BLAS runs \(OpenBLAS.coreName) kernels")
  }

  private static func warn(_ message: String) {
    FileHandle.standardError.write(Data("starmill: warning: \(message)\n".utf8))
  }
}
