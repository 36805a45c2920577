/// A position in a plane: parsecs in the sky plane, or pixels on an image, as the API says.
///
/// Axes follow the image convention: +x along image columns (the fastest axis), +y along rows.
public struct PlanePosition: Sendable, Equatable, Hashable {
  public var x: Double
  public var y: Double

  public init(x: Double, y: Double) {
    self.x = x
    self.y = y
  }
}
