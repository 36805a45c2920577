extension Array where Element == [Double] {
  /// Σ of each column's first `count` values, in index order, accumulated in Double from +0:
  /// per column the same additions in the same order as `for value in column { total += value }`,
  /// so the same bits.
  ///
  /// Such a sum is a chain of dependent additions (≈ 4 cycles a value) that nothing overlaps;
  /// here up to four columns run in the lanes of one `SIMD4<Double>` (lane-wise IEEE additions),
  /// so four chains cost about as much as one. Every column needs at least `count` values.
  func columnTotals(count: Int) -> [Double] {
    precondition(allSatisfy { $0.count >= count }, "a column shorter than \(count)")
    var totals: [Double] = []
    totals.reserveCapacity(self.count)
    var start = 0
    while start < self.count {
      // A group of fewer than four columns repeats its last one in the spare lanes, whose sums
      // are dropped.
      let last = self.count - 1
      let lane = { (offset: Int) in self[Swift.min(start + offset, last)] }
      let group = lane(0).withUnsafeBufferPointer { c0 in
        lane(1).withUnsafeBufferPointer { c1 in
          lane(2).withUnsafeBufferPointer { c2 in
            lane(3).withUnsafeBufferPointer { c3 in
              var total = SIMD4<Double>(repeating: 0)
              for k in 0..<count { total += SIMD4(c0[k], c1[k], c2[k], c3[k]) }
              return total
            }
          }
        }
      }
      for offset in 0..<Swift.min(4, self.count - start) { totals.append(group[offset]) }
      start += 4
    }
    return totals
  }
}
