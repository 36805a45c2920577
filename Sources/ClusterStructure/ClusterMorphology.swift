import Foundation
import Numerics

/// The projected shape of a cluster: a radial profile, flattened and turned on the sky.
///
/// Conventions (stated once, used everywhere):
/// - **Ellipticity** e = 1 − b/a of the isodensity ellipses, 0 ≤ e < 1. The profile's radius R
///   is the *circularised* radius √(ab) of an ellipse, so flattening keeps the number of stars
///   inside each ellipse and r_h is the circularised half-light radius: the half-light ellipse
///   has semi-axes r_h/√q and r_h·√q with q = 1 − e (area π r_h²).
/// - **Position angle** θ in degrees of the major axis, measured from +y towards −x (counter-
///   clockwise on an image displayed with y up): astronomers' "east of north" when north is +y
///   and east is −x, as on a north-up HST mosaic. The major axis points along (−sin θ, cos θ).
/// - Positions are offsets from the cluster centre in parsecs in the sky plane, +x and +y along
///   the image axes; `ClusterPlacement` puts the centre on the image.
public struct ClusterMorphology: Sendable, Equatable {
  public let profile: ClusterProfile
  public let ellipticity: Double
  public let positionAngleDegrees: Double

  public init(profile: ClusterProfile, ellipticity: Double = 0, positionAngleDegrees: Double = 0)
    throws(FieldError)
  {
    guard ellipticity.isFinite, ellipticity >= 0, ellipticity < 1 else {
      throw FieldError(
        field: "ellipticity", value: "\(ellipticity)", rule: "ellipticity 1 − b/a must be in [0, 1)")
    }
    guard positionAngleDegrees.isFinite else {
      throw FieldError(
        field: "positionAngleDegrees", value: "\(positionAngleDegrees)", rule: "must be a finite angle in degrees")
    }
    self.profile = profile
    self.ellipticity = ellipticity
    self.positionAngleDegrees = positionAngleDegrees
  }

  /// b/a.
  public var axisRatio: Double { 1 - ellipticity }

  /// Maps a point of the circular profile (radius R, azimuth φ = 2π · `azimuthTurns`) onto the sky plane.
  @inline(__always)
  func skyOffset(radius: Double, azimuthTurns: Double, sinAngle: Double, cosAngle: Double, rootQ: Double)
    -> PlanePosition
  {
    let (sine, cosine) = sineAndCosine(turns: azimuthTurns)
    let alongMajor = radius * cosine / rootQ
    let alongMinor = radius * sine * rootQ
    return PlanePosition(
      x: -alongMajor * sinAngle + alongMinor * cosAngle,
      y: alongMajor * cosAngle + alongMinor * sinAngle)
  }

  /// The circularised elliptical radius √(q X² + Y²/q) of a sky-plane offset (X, Y along the
  /// major and minor axes): the profile radius a star at `offset` was drawn with.
  public func circularisedRadius(of offset: PlanePosition) -> Double {
    let angle = positionAngleDegrees * Double.pi / 180
    let alongMajor = -offset.x * sin(angle) + offset.y * cos(angle)
    let alongMinor = offset.x * cos(angle) + offset.y * sin(angle)
    let q = axisRatio
    return (q * alongMajor * alongMajor + alongMinor * alongMinor / q).squareRoot()
  }
}
