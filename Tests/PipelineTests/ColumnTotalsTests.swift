import Foundation
import Numerics
import Testing

@testable import Pipeline

/// `columnTotals(count:)` sums up to four columns in SIMD lanes: each column's total must be the
/// plain in-order sum bit for bit (the scene's integrated magnitudes depend on it).
@Suite struct ColumnTotalsTests {
  @Test func lanesGiveTheInOrderSumOfEachColumn() {
    let generator = RandomGenerator(seed: 21)
    // Values spread over 30 decades, so that the order of the additions changes the bits.
    func column(_ length: Int) -> [Double] {
      (0..<length).map { _ in pow(10, 30 * generator.uniform() - 15) * (generator.uniform() < 0.1 ? 0 : 1) }
    }
    var orderMattered = false
    for columnCount in [0, 1, 2, 3, 4, 5, 7, 9] {
      let count = 1_000 + 37 * columnCount
      let columns = (0..<columnCount).map { column(count + 5 * $0) }  // longer columns: only `count` summed
      let totals = columns.columnTotals(count: count)
      #expect(totals.count == columnCount)
      for (band, values) in columns.enumerated() {
        var expected = 0.0
        for value in values.prefix(count) { expected += value }
        #expect(totals[band].bitPattern == expected.bitPattern, "column \(band) of \(columnCount)")
        var reversed = 0.0
        for value in values.prefix(count).reversed() { reversed += value }
        if reversed != expected { orderMattered = true }
      }
    }
    #expect(orderMattered, "the test values must be able to tell a reordered sum")
    #expect([[Double]]().columnTotals(count: 0).isEmpty)
    #expect([[1.0, 2.0], [3.0, 4.0]].columnTotals(count: 0) == [0, 0])
  }
}
