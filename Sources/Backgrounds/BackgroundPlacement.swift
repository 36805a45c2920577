import Numerics

/// Where and how a background patch lies under one sample's image: which patch, whether it is
/// mirrored, how many quarter turns it is rotated, and the cut-out's corner in the oriented patch.
///
/// Orientation (pixels 0-based, x fastest): the patch P (width w, height h) is first mirrored in
/// x when `flipped` (P'(x, y) = P(w−1−x, y)), then turned `quarterTurns` × 90° counter-clockwise
/// (x right, y up), giving the oriented patch O of width w or h. For oriented pixel (a, b) the
/// mirrored-patch pixel (s, t) is
///
///     k = 0: (a, b)     k = 1: (b, h−1−a)     k = 2: (w−1−a, h−1−b)     k = 3: (w−1−b, a)
///
/// (O has width h, height w for odd k). Output pixel (x, y) of the sample is O(originX + x,
/// originY + y). The eight orientations are the dihedral group of the square, so flips and
/// rotations together multiply the patch count by 8 without interpolation.
public struct BackgroundPlacement: Sendable, Equatable {
  public var patchIndex: Int
  public var flipped: Bool
  /// 0…3 quarter turns counter-clockwise.
  public var quarterTurns: Int
  public var originX: Int
  public var originY: Int

  public init(patchIndex: Int, flipped: Bool, quarterTurns: Int, originX: Int, originY: Int) {
    self.patchIndex = patchIndex
    self.flipped = flipped
    self.quarterTurns = quarterTurns
    self.originX = originX
    self.originY = originY
  }

  /// Draws a placement for an image of `width` × `height` from `generator`.
  ///
  /// Draw order (each `uniformInteger`): patch index; flip (only when `flips`); quarter turns
  /// (only when `rotations`); origin x; origin y. The origin is uniform over every position where
  /// the image lies wholly inside the oriented patch.
  public static func draw(
    in library: BackgroundLibrary, width: Int, height: Int, flips: Bool, rotations: Bool,
    generator: RandomGenerator
  ) throws(FieldError) -> BackgroundPlacement {
    guard library.fits(width: width, height: height, rotations: rotations) else {
      throw FieldError(
        field: "library[\(library.name)].patchSize",
        value: "\(library.patchWidth)×\(library.patchHeight)",
        rule: "an image of \(width)×\(height) px\(rotations ? " in every orientation" : "") must fit inside a patch")
    }
    let patch = generator.uniformInteger(below: library.patches.count)
    let flipped = flips ? generator.uniformInteger(below: 2) == 1 : false
    let turns = rotations ? generator.uniformInteger(below: 4) : 0
    let orientedWidth = turns % 2 == 0 ? library.patchWidth : library.patchHeight
    let orientedHeight = turns % 2 == 0 ? library.patchHeight : library.patchWidth
    let x = generator.uniformInteger(below: orientedWidth - width + 1)
    let y = generator.uniformInteger(below: orientedHeight - height + 1)
    return BackgroundPlacement(patchIndex: patch, flipped: flipped, quarterTurns: turns, originX: x, originY: y)
  }

  /// The patch pixel (x, y) under oriented pixel (a, b) of a `width` × `height` patch.
  @inline(__always) public func patchPixel(orientedX a: Int, orientedY b: Int, width w: Int, height h: Int) -> (
    x: Int, y: Int
  ) {
    let s: Int
    let t: Int
    switch quarterTurns {
    case 1: (s, t) = (b, h - 1 - a)
    case 2: (s, t) = (w - 1 - a, h - 1 - b)
    case 3: (s, t) = (w - 1 - b, a)
    default: (s, t) = (a, b)
    }
    return (flipped ? w - 1 - s : s, t)
  }

  /// The background cut-out `[band][y][x]` (`width` × `height`) for the library bands
  /// `bandIndices` (in output band order).
  public func cutout(from library: BackgroundLibrary, bandIndices: [Int], width: Int, height: Int)
    throws(FieldError) -> [Float]
  {
    var pixels = [Float](repeating: 0, count: bandIndices.count * width * height)
    try add(from: library, bandIndices: bandIndices, to: &pixels, width: width, height: height)
    return pixels
  }

  /// Adds the background under this placement to `pixels` `[band][y][x]` (`width` × `height`).
  public func add(
    from library: BackgroundLibrary, bandIndices: [Int], to pixels: inout [Float], width: Int, height: Int
  ) throws(FieldError) {
    guard library.patches.indices.contains(patchIndex) else {
      throw FieldError(
        field: "placement.patchIndex", value: "\(patchIndex)",
        rule: "must lie in 0..<\(library.patches.count)")
    }
    guard (0..<4).contains(quarterTurns) else {
      throw FieldError(field: "placement.quarterTurns", value: "\(quarterTurns)", rule: "must be 0…3")
    }
    let w = library.patchWidth
    let h = library.patchHeight
    let orientedWidth = quarterTurns % 2 == 0 ? w : h
    let orientedHeight = quarterTurns % 2 == 0 ? h : w
    guard originX >= 0, originY >= 0, originX + width <= orientedWidth, originY + height <= orientedHeight else {
      throw FieldError(
        field: "placement.origin", value: "(\(originX), \(originY))",
        rule: "a \(width)×\(height) cut-out must lie inside the \(orientedWidth)×\(orientedHeight) oriented patch")
    }
    guard pixels.count == bandIndices.count * width * height,
      bandIndices.allSatisfy({ library.bands.indices.contains($0) })
    else {
      throw FieldError(
        field: "placement.bandIndices", value: "\(bandIndices)",
        rule: "band indices must lie in the library's \(library.bands.count) bands and match the image")
    }
    let patch = library.patches[patchIndex]
    for (band, source) in bandIndices.enumerated() {
      let sourceOffset = source * w * h
      let outputOffset = band * width * height
      for y in 0..<height {
        for x in 0..<width {
          let (s, t) = patchPixel(orientedX: originX + x, orientedY: originY + y, width: w, height: h)
          pixels[outputOffset + y * width + x] += patch.pixels[sourceOffset + t * w + s]
        }
      }
    }
  }
}
