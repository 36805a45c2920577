import Numerics
import Testing

/// `Array.resize(to:filling:)`: exact counts, kept values, filled growth, and — the point of it —
/// no new storage when a uniquely referenced array shrinks and grows back within its capacity.
@Suite struct ArrayResizingTests {
  @Test func resizeKeepsValuesAndStorage() {
    var values = (0..<1_000).map(Double.init)
    let base = values.withUnsafeBufferPointer { $0.baseAddress }
    values.resize(to: 10, filling: -1)
    #expect(values == (0..<10).map(Double.init))
    values.resize(to: 900, filling: -1)
    #expect(values.count == 900 && values[9] == 9 && values[10] == -1 && values[899] == -1)
    #expect(values.withUnsafeBufferPointer { $0.baseAddress } == base, "shrinking and regrowing reallocated")
    values.resize(to: 900, filling: 7)
    #expect(values.count == 900 && values[10] == -1)
    values.resize(to: 0, filling: 7)
    #expect(values.isEmpty && values.capacity >= 900)
    // A shared array is copied before it changes (value semantics): the other copy is untouched.
    var shared = [1, 2, 3]
    let other = shared
    shared.resize(to: 5, filling: 0)
    #expect(shared == [1, 2, 3, 0, 0] && other == [1, 2, 3])
  }
}
