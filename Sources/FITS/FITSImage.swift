/// An N-dimensional image held in memory, row-major in C order.
///
/// `shape` lists the axes slowest first (`[nz, ny, nx]`), so the last axis is FITS's NAXIS1 and
/// element `[k, j, i]` sits at `(k * ny + j) * nx + i` in `pixels`. Indices are 0-based.
public struct FITSImage<Element: FITSNumeric>: Sendable, Equatable {
  /// Axis lengths, slowest first.
  public let shape: [Int]
  /// The pixels, last axis fastest.
  public var pixels: [Element]

  /// An image of `shape` holding `pixels`; throws `.shapeMismatch` unless the counts agree and
  /// every axis is positive.
  public init(shape: [Int], pixels: [Element]) throws {
    guard !shape.isEmpty, shape.allSatisfy({ $0 > 0 }) else {
      throw FITSError(
        kind: .shapeMismatch, path: nil, operation: "make image",
        message: "an image needs at least one axis and positive axis lengths, got \(shape)")
    }
    let expected = shape.reduce(1, *)
    guard expected == pixels.count else {
      throw FITSError(
        kind: .shapeMismatch, path: nil, operation: "make image",
        message: "shape \(shape) holds \(expected) pixels but \(pixels.count) were given")
    }
    self.shape = shape
    self.pixels = pixels
  }

  /// An image of `shape` with every pixel equal to `value`.
  public init(shape: [Int], repeating value: Element) throws {
    try self.init(
      shape: shape, pixels: Array(repeating: value, count: shape.allSatisfy { $0 > 0 } ? shape.reduce(1, *) : 0))
  }

  /// The number of axes.
  public var rank: Int { shape.count }

  /// The number of pixels.
  public var count: Int { pixels.count }

  /// The row-major offset of a 0-based index given slowest axis first.
  public func offset(of index: [Int]) -> Int {
    precondition(index.count == shape.count, "index \(index) has the wrong rank for shape \(shape)")
    var offset = 0
    for (axis, value) in index.enumerated() {
      precondition(value >= 0 && value < shape[axis], "index \(index) is outside shape \(shape)")
      offset = offset * shape[axis] + value
    }
    return offset
  }

  /// The pixel at a 0-based index given slowest axis first (`image[[k, j, i]]`).
  public subscript(index: [Int]) -> Element {
    get { pixels[offset(of: index)] }
    set { pixels[offset(of: index)] = newValue }
  }
}
