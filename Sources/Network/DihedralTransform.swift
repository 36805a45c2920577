/// The eight symmetries of a square image: a rotation by k·90° counter-clockwise
/// (k = 0…3), optionally preceded by a flip of x. Used as training augmentation: a cluster's age,
/// mass and size do not change when its image is flipped or rotated.
public struct DihedralTransform: Sendable, Equatable, CaseIterable {
  public var quarterTurns: Int
  public var flipsX: Bool

  public init(quarterTurns: Int, flipsX: Bool) {
    self.quarterTurns = ((quarterTurns % 4) + 4) % 4
    self.flipsX = flipsX
  }

  public static let allCases: [DihedralTransform] = (0..<8).map { DihedralTransform(index: $0) }

  /// Element `index` (0…7): quarter turns `index % 4`, flipped when `index ≥ 4`.
  public init(index: Int) { self.init(quarterTurns: index % 4, flipsX: index >= 4) }

  public static let identity = DihedralTransform(quarterTurns: 0, flipsX: false)

  /// Transforms `planes` square `size × size` planes in place (`[plane][y][x]`).
  /// Output pixel (x, y) takes the input pixel the inverse map sends it to.
  public func apply(to pixels: inout [Float], planes: Int, size: Int, offset: Int = 0) {
    guard self != .identity else { return }
    let last = size - 1
    var scratch = [Float](repeating: 0, count: size * size)
    for plane in 0..<planes {
      let base = offset + plane * size * size
      for y in 0..<size {
        for x in 0..<size {
          // Rotate (x, y) back by the quarter turns, then undo the flip.
          var (sx, sy) = (x, y)
          for _ in 0..<quarterTurns { (sx, sy) = (sy, last - sx) }
          if flipsX { sx = last - sx }
          scratch[y * size + x] = pixels[base + sy * size + sx]
        }
      }
      for index in 0..<(size * size) { pixels[base + index] = scratch[index] }
    }
  }
}
