import Pipeline
import Testing

@Suite("hdf5 benchmark")
struct HDF5WriteBenchmarkTests {
  @Test("Registered, runs in quick mode, and compression shrinks the noisy images a little")
  func quickRun() throws {
    let benchmark = try #require(BenchmarkRegistry.named("hdf5"))
    let tables = try benchmark.run(true)
    #expect(tables.count == 1)
    let rows = tables[0].rows
    #expect(rows.count == 4)
    // Size ratio column: 1.00 uncompressed; shuffle+deflate on N(0,3) noise over a sky of 100
    // gains ~1.4× (the interop guide measured 1.36–1.42); anything in (1.1, 2) is plausible.
    let ratios = rows.compactMap { Double($0[5]) }
    #expect(ratios.count == 4)
    #expect(ratios[0] > 0.95 && ratios[0] <= 1.0)
    #expect(ratios[1] > 1.1 && ratios[1] < 2)
  }
}
