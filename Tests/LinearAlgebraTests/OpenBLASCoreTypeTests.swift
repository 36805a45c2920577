import Foundation
import LinearAlgebra
import Testing

@Suite struct OpenBLASCoreTypeTests {
  // Flag sets of the project's two machine types (abridged /proc/cpuinfo `flags`).
  static let amdEPYC: Set<String> = ["sse2", "sse4_2", "avx", "avx2", "fma", "bmi2", "sha_ni"]
  static let intelAVX512: Set<String> = [
    "sse2", "sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512_bf16",
  ]

  @Test func recommendationsFollowTheFlags() {
    #expect(OpenBLASCoreType.recommended(cpuFlags: Self.amdEPYC) == "Haswell")
    #expect(OpenBLASCoreType.recommended(cpuFlags: Self.intelAVX512) == "SkylakeX")
    #expect(OpenBLASCoreType.recommended(cpuFlags: ["sse2", "avx"]) == "Sandybridge")
    #expect(OpenBLASCoreType.recommended(cpuFlags: ["sse2", "sse4_2"]) == nil)
    // avx512f alone (Knights Landing) lacks BW/DQ/VL: not SkylakeX.
    #expect(OpenBLASCoreType.recommended(cpuFlags: Self.amdEPYC.union(["avx512f"])) == "Haswell")
    // SkylakeX kernels on the AMD machine would die with SIGILL: the missing flags are named.
    #expect(
      OpenBLASCoreType.missingFlags(forCore: "skylakex", cpuFlags: Self.amdEPYC)
        == ["avx512f", "avx512bw", "avx512dq", "avx512vl"])
    #expect(OpenBLASCoreType.missingFlags(forCore: "Haswell", cpuFlags: Self.amdEPYC) == [])
  }

  @Test func overridesOnlyAWeakerDetection() {
    // The AVX-512 Xeon's misdetection (pitfall 6): Prescott → SkylakeX.
    #expect(
      OpenBLASCoreType.override(detectedCore: "Prescott", cpuFlags: Self.intelAVX512, environmentValue: nil)
        == "SkylakeX")
    #expect(
      OpenBLASCoreType.override(detectedCore: "Haswell", cpuFlags: Self.intelAVX512, environmentValue: "")
        == "SkylakeX")
    // The AMD EPYC: OpenBLAS finds Zen (same sgemm kernels as Haswell), nothing to do.
    #expect(OpenBLASCoreType.override(detectedCore: "Zen", cpuFlags: Self.amdEPYC, environmentValue: nil) == nil)
    #expect(OpenBLASCoreType.override(detectedCore: "Haswell", cpuFlags: Self.amdEPYC, environmentValue: nil) == nil)
    // A user's choice always stands; an unknown (newer) core name is trusted.
    #expect(
      OpenBLASCoreType.override(detectedCore: "Prescott", cpuFlags: Self.intelAVX512, environmentValue: "Haswell")
        == nil)
    #expect(
      OpenBLASCoreType.override(detectedCore: "Emeraldrapids", cpuFlags: Self.intelAVX512, environmentValue: nil)
        == nil)
    #expect(OpenBLASCoreType.override(detectedCore: "Prescott", cpuFlags: ["sse2"], environmentValue: nil) == nil)
  }

  @Test func parsesCPUInfo() {
    let text = """
      processor\t: 0
      vendor_id\t: AuthenticAMD
      flags\t\t: fpu sse2 avx avx2 fma
      bugs\t\t: sysret_ss_attrs

      processor\t: 1
      flags\t\t: fpu sse2
      """
    #expect(OpenBLASCoreType.cpuFlags(fromCPUInfo: text) == ["fpu", "sse2", "avx", "avx2", "fma"])
    #expect(OpenBLASCoreType.cpuFlags(fromCPUInfo: "") == [])
  }

  @Test func theMakefileScriptMakesTheSameChoice() throws {
    // scripts/openblas-coretype.sh (used by `make`) and the CLI's restart must agree on this machine.
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let script = root.appendingPathComponent("scripts/openblas-coretype.sh")
    guard FileManager.default.fileExists(atPath: script.path),
      let cpuInfo = FileHandle(forReadingAtPath: "/proc/cpuinfo")?.readDataToEndOfFile()
    else { return }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/bash")
    process.arguments = [script.path]
    var environment = ProcessInfo.processInfo.environment
    environment["OPENBLAS_CORETYPE"] = nil
    process.environment = environment
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let printed = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    let flags = OpenBLASCoreType.cpuFlags(fromCPUInfo: String(decoding: cpuInfo, as: UTF8.self))
    #expect(printed == (OpenBLASCoreType.recommended(cpuFlags: flags) ?? ""))
  }
}
