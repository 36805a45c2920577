/// A multi-band image `[band][y][x]`, Float32, row-major: pixel `(x, y)` of band `b` is
/// `pixels[(b · height + y) · width + x]`, centred at `(x, y)` and covering `[x−½, x+½) × [y−½, y+½)`.
public struct ImageCube: Sendable, Equatable {
  public let bandCount: Int
  public let width: Int
  public let height: Int
  public var pixels: [Float]

  public init(bandCount: Int, width: Int, height: Int) {
    precondition(bandCount >= 0 && width >= 0 && height >= 0, "image dimensions must be ≥ 0")
    self.bandCount = bandCount
    self.width = width
    self.height = height
    pixels = [Float](repeating: 0, count: bandCount * width * height)
  }

  public init(bandCount: Int, width: Int, height: Int, pixels: [Float]) {
    precondition(pixels.count == bandCount * width * height, "pixel count does not match the shape")
    self.bandCount = bandCount
    self.width = width
    self.height = height
    self.pixels = pixels
  }

  @inline(__always) public func index(band: Int, x: Int, y: Int) -> Int { (band * height + y) * width + x }

  public subscript(band: Int, x: Int, y: Int) -> Float {
    get { pixels[index(band: band, x: x, y: y)] }
    set { pixels[index(band: band, x: x, y: y)] = newValue }
  }

  /// One band's pixels, row-major.
  public func band(_ band: Int) -> ArraySlice<Float> {
    pixels[(band * width * height)..<((band + 1) * width * height)]
  }

  /// Sum of one band's pixels, accumulated in Double.
  public func total(band: Int) -> Double {
    self.band(band).reduce(0.0) { $0 + Double($1) }
  }
}
