/// The values outside an escaping `PoissonAliasTable`'s core and their integer weights wₖ
/// (units of 2⁻⁶³), W_T = Σ wₖ: the escape's part of the draw. Immutable; owns its storage.
final class AliasTail: @unchecked Sendable {
  let values: [Int]
  let weights: [UInt64]
  let total: UInt64
  private let valueStorage: UnsafeMutablePointer<Int>
  private let cumulativeStorage: UnsafeMutablePointer<UInt64>
  /// The tail as raw pointers (valid while this object lives).
  let view: AliasTailView

  /// No values (tables that do not escape).
  static let empty = AliasTail(values: [], weights: [])

  init(values: [Int], weights: [UInt64]) {
    self.values = values
    self.weights = weights
    total = weights.reduce(0, +)
    valueStorage = .allocate(capacity: max(1, values.count))
    cumulativeStorage = .allocate(capacity: max(1, values.count))
    var sum: UInt64 = 0
    for (index, weight) in weights.enumerated() {
      sum += weight
      valueStorage[index] = values[index]
      cumulativeStorage[index] = sum
    }
    view = AliasTailView(
      values: UnsafePointer(valueStorage), cumulative: UnsafePointer(cumulativeStorage), count: values.count,
      total: total)
  }

  deinit {
    valueStorage.deallocate()
    cumulativeStorage.deallocate()
  }
}

/// An `AliasTail` as raw pointers: a trivial value kept in the table views.
@usableFromInline struct AliasTailView {
  @usableFromInline let values: UnsafePointer<Int>
  /// w₀ + … + wᵢ at index i.
  @usableFromInline let cumulative: UnsafePointer<UInt64>
  @usableFromInline let count: Int
  /// W_T (0: the table never escapes).
  @usableFromInline let total: UInt64

  /// Value k of the tail with probability wₖ / W_T exactly: r uniform on 0 … W_T − 1 by
  /// rejection (the top ⌈log₂ W_T⌉ bits of a word, redrawn while r ≥ W_T: accepted with
  /// probability > 1/2), then the first k with w₀ + … + wₖ > r. Needs W_T > 0.
  @usableFromInline func draw(using generator: inout Xoshiro256StarStar) -> Int {
    let shift = UInt64((total - 1).leadingZeroBitCount)
    var r = generator.next() >> shift
    while r >= total { r = generator.next() >> shift }
    var index = 0
    while cumulative[index] <= r { index += 1 }
    return values[index]
  }
}
