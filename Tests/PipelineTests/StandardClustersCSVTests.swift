import Foundation
import Testing

@testable import Pipeline

/// `RenderBenchmark.standardClustersCSV` carries `bench render`'s star lists to other renderers
/// (scripts/bench-artpop.py): reading the CSV back must give the very same Doubles.
@Suite struct StandardClustersCSVTests {
  @Test func readsBackToTheSameStarLists() throws {
    let stars = 40
    let text = try RenderBenchmark.standardClustersCSV(stars: stars)
    let lines = text.split(separator: "\n")
    #expect(lines.first == "cluster,x_px,y_px,flux_band0_e,flux_band1_e,flux_band2_e")
    #expect(lines.count == 1 + RenderBenchmark.standardClusterSeeds.count * stars)
    for (index, seed) in RenderBenchmark.standardClusterSeeds.enumerated() {
      let cluster = try RenderBenchmark.standardCluster(seed: seed, stars: stars)
      for star in 0..<stars {
        let fields = lines[1 + index * stars + star].split(separator: ",")
        #expect(fields.count == 6)
        #expect(Int(fields[0]) == index)
        let values = fields.dropFirst().map { Double($0)! }
        let expected = [cluster.x[star], cluster.y[star]] + (0..<3).map { cluster.flux[$0][star] }
        // Bit for bit: 17 significant digits identify a Double.
        #expect(values.map(\.bitPattern) == expected.map(\.bitPattern))
      }
    }
  }
}
