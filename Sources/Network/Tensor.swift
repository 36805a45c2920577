/// A dense Float32 tensor, row-major, last axis fastest.
///
/// Image batches are NCHW: `[batch, channels, height, width]`, matching the project's
/// `[band][y][x]` image layout with one more axis in front. Feature batches are `[batch, features]`.
public struct Tensor: Sendable, Equatable {
  public var shape: [Int]
  public var data: [Float]

  public init(shape: [Int], data: [Float]) {
    precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative extent in shape \(shape)")
    precondition(
      shape.reduce(1, *) == data.count, "Tensor: shape \(shape) needs \(shape.reduce(1, *)) values, got \(data.count)")
    self.shape = shape
    self.data = data
  }

  public init(zeros shape: [Int]) {
    self.init(shape: shape, data: [Float](repeating: 0, count: shape.reduce(1, *)))
  }

  /// A tensor whose values are unspecified: for outputs that the caller overwrites entirely
  /// (a GEMM with β = 0, a pooling pass), which saves zero-filling them first.
  init(uninitializedShape shape: [Int]) {
    let count = shape.reduce(1, *)
    self.init(
      shape: shape,
      data: [Float](unsafeUninitializedCapacity: count) { _, initialized in initialized = count })
  }

  public var count: Int { data.count }
  /// The leading (batch) extent.
  public var batchCount: Int { shape.first ?? 0 }
  /// Values per batch item.
  public var itemCount: Int { shape.isEmpty ? 0 : shape.dropFirst().reduce(1, *) }

  /// The same values seen with another shape of equal size.
  public func reshaped(_ newShape: [Int]) -> Tensor { Tensor(shape: newShape, data: data) }

  /// Adds `other` element-wise (shapes must match).
  public mutating func add(_ other: Tensor) {
    precondition(shape == other.shape, "Tensor.add: shapes \(shape) and \(other.shape) differ")
    data.withUnsafeMutableBufferPointer { target in
      other.data.withUnsafeBufferPointer { source in
        for index in 0..<target.count { target[index] += source[index] }
      }
    }
  }
}
