import Foundation
import LinearAlgebra
import Testing

/// Pitfall 5 of ../shared/docs/swift-c-interop.md: libgsl needs libgslcblas, which exports
/// `cblas_sgemm` too; if it wins the binding, every GEMM runs the reference BLAS (3.6 instead of
/// 30–290 GFLOP/s). This test binary links GSL (through Numerics' tests), so both are loaded here.
@Suite struct BLASProvenanceTests {
  /// This test's own map reading, independent of `MappedFiles`.
  static func mappedFile(containing address: UnsafeRawPointer) -> String? {
    guard let data = FileHandle(forReadingAtPath: "/proc/self/maps")?.readDataToEndOfFile() else { return nil }
    let target = UInt(bitPattern: address)
    for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
      let fields = line.split(separator: " ", omittingEmptySubsequences: true)
      let bounds = fields.first?.split(separator: "-").compactMap { UInt($0, radix: 16) } ?? []
      if bounds.count == 2, bounds[0] <= target, target < bounds[1], fields.count >= 6 {
        return fields[5...].joined(separator: " ")
      }
    }
    return nil
  }

  @Test func cblasSGEMMComesFromOpenBLAS() throws {
    // 1. The symbol as the dynamic linker resolves it for the whole process (RTLD_DEFAULT).
    let resolved = try #require(dlsym(nil, "cblas_sgemm"), "cblas_sgemm is not in the process")
    let resolvedFile = try #require(Self.mappedFile(containing: resolved))
    #expect(resolvedFile.contains("openblas"), "cblas_sgemm resolves to \(resolvedFile)")
    #expect(!resolvedFile.contains("gslcblas"))
    // 2. The address LinearAlgebra's own calls are bound to is the same function.
    #expect(UnsafeRawPointer(resolved) == OpenBLAS.boundSGEMMAddress)
    #expect(MappedFiles.sgemmProvider == resolvedFile)
    // 3. OpenBLAS's own entry points live in the same file (a positive control).
    let corename = try #require(dlsym(nil, "openblas_get_corename"))
    #expect(Self.mappedFile(containing: corename) == resolvedFile)
  }

  @Test func theCompetingGSLCBLASIsADifferentFunction() throws {
    // When libgslcblas is loaded (it is whenever GSL is), its cblas_sgemm must be a distinct
    // address: the test above then really distinguishes the two candidates.
    guard let handle = dlopen("libgslcblas.so.0", RTLD_LAZY | RTLD_NOLOAD) else {
      Issue.record("libgslcblas.so.0 is not loaded in this test process; the provenance check has no competitor")
      return
    }
    defer { dlclose(handle) }
    let gslSGEMM = try #require(dlsym(handle, "cblas_sgemm"))
    #expect(Self.mappedFile(containing: gslSGEMM)?.contains("gslcblas") == true)
    #expect(UnsafeRawPointer(gslSGEMM) != OpenBLAS.boundSGEMMAddress)
  }

  @Test func mapsParsing() {
    let text = """
      55d10f1b5000-55d10f1b7000 r--p 00000000 fe:00 254163                     /usr/bin/head
      7ffd1c3c1000-7ffd1c3e2000 rw-p 00000000 00:00 0                          [stack]
      7ffd1c3f0000-7ffd1c3f2000 rw-p 00000000 00:00 0
      """
    let mappings = MappedFiles.parse(text)
    #expect(mappings.count == 3)
    #expect(
      mappings[0] == .init(start: 0x55d1_0f1b_5000, end: 0x55d1_0f1b_7000, permissions: "r--p", path: "/usr/bin/head"))
    #expect(mappings[1].path == "[stack]" && mappings[2].path == nil)
  }
}
