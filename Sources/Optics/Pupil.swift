import Foundation

/// A telescope's entrance pupil as a union of clear apertures minus obscurations, in metres.
///
/// Coordinates are on the entrance pupil with the optical axis at (0, 0). A point transmits when it
/// lies inside every `.clearDisc` and outside every `.opaqueDisc` and `.opaqueBar`. The whole
/// pattern is rotated by `rotationDegrees` (counter-clockwise) before it is sampled, which is how
/// a camera's orientation relative to the telescope is expressed (TinyTim's camera rotation:
/// Krist, Hook & Stoehr 2011, SPIE 8127, 81270J).
public struct Pupil: Sendable, Equatable {
  /// The radius that bounds every clear aperture (the primary mirror's), in metres.
  public var outerRadiusMetres: Double
  /// The elements, in the telescope's own frame.
  public var elements: [PupilElement]
  /// Rotation of the whole pattern, degrees counter-clockwise.
  public var rotationDegrees: Double

  public init(outerRadiusMetres: Double, elements: [PupilElement], rotationDegrees: Double = 0) {
    self.outerRadiusMetres = outerRadiusMetres
    self.elements = elements
    self.rotationDegrees = rotationDegrees
  }

  /// An unobstructed circular aperture of the given radius.
  public static func circular(radiusMetres: Double) -> Pupil {
    Pupil(
      outerRadiusMetres: radiusMetres,
      elements: [.clearDisc(centreXMetres: 0, centreYMetres: 0, radiusMetres: radiusMetres)])
  }

  /// An annular aperture: outer radius `radiusMetres`, central obscuration of radius
  /// `obscurationRatio · radiusMetres`.
  public static func annular(radiusMetres: Double, obscurationRatio: Double) -> Pupil {
    Pupil(
      outerRadiusMetres: radiusMetres,
      elements: [
        .clearDisc(centreXMetres: 0, centreYMetres: 0, radiusMetres: radiusMetres),
        .opaqueDisc(centreXMetres: 0, centreYMetres: 0, radiusMetres: obscurationRatio * radiusMetres),
      ])
  }

  /// Whether the point (x, y) (metres, in the rotated frame the pupil is sampled in) transmits.
  public func transmits(xMetres: Double, yMetres: Double) -> Bool {
    let angle = -rotationDegrees * Double.pi / 180
    let c = cos(angle)
    let s = sin(angle)
    let x = c * xMetres - s * yMetres
    let y = s * xMetres + c * yMetres
    for element in elements where !element.transmits(x: x, y: y) { return false }
    return true
  }
}

/// One element of a `Pupil`.
public enum PupilElement: Sendable, Equatable {
  /// Light passes only inside this disc (the primary mirror's rim, a cold mask's outer stop).
  case clearDisc(centreXMetres: Double, centreYMetres: Double, radiusMetres: Double)
  /// Light is blocked inside this disc (secondary mirror, primary-mirror pads).
  case opaqueDisc(centreXMetres: Double, centreYMetres: Double, radiusMetres: Double)
  /// An infinitely long bar of full width `widthMetres` through (centreX, centreY) at
  /// `angleDegrees` counter-clockwise from +x (a secondary-mirror support spider).
  case opaqueBar(centreXMetres: Double, centreYMetres: Double, widthMetres: Double, angleDegrees: Double)

  func transmits(x: Double, y: Double) -> Bool {
    switch self {
    case .clearDisc(let cx, let cy, let r):
      let dx = x - cx
      let dy = y - cy
      return dx * dx + dy * dy <= r * r
    case .opaqueDisc(let cx, let cy, let r):
      let dx = x - cx
      let dy = y - cy
      return dx * dx + dy * dy > r * r
    case .opaqueBar(let cx, let cy, let width, let angleDegrees):
      let a = angleDegrees * Double.pi / 180
      // Distance from the bar's centre line (direction (cos a, sin a)).
      let distance = abs(-(x - cx) * sin(a) + (y - cy) * cos(a))
      return distance >= width / 2
    }
  }
}
