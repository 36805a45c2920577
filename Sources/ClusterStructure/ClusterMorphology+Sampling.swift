import Foundation
import Numerics

extension ClusterMorphology {
  /// Draws `count` independent star positions (offsets from the centre, parsecs, sky plane).
  ///
  /// Each star uses exactly two uniforms from `generator`, in this order: u₁ → the profile radius
  /// by the exact inverse cumulative R = F⁻¹(u₁) (closed forms for EFF/Plummer, per-star root
  /// of King's closed form), u₂ → the azimuth 2π u₂ on the circular profile (`sineAndCosine(turns:)`); the point is then
  /// flattened and rotated (see the type's conventions). No grid: positions are continuous.
  public func samplePositionsParsecs(count: Int, generator: RandomGenerator) -> [PlanePosition] {
    precondition(count >= 0, "samplePositionsParsecs: negative count \(count)")
    let angle = positionAngleDegrees * Double.pi / 180
    let sinAngle = sin(angle)
    let cosAngle = cos(angle)
    let rootQ = axisRatio.squareRoot()
    // Both uniforms of every star in one exact block (`fillUniforms`: the same stream as two
    // `uniform()` calls per star), then the stars in order.
    let uniforms = UnsafeMutableBufferPointer<Double>.allocate(capacity: 2 * count)
    defer { uniforms.deallocate() }
    generator.fillUniforms(uniforms)
    // The radii first (the profile chosen once, not per star), then the azimuths and the mapping
    // onto the sky in one branch-free loop that the compiler vectorises: the same operations on
    // the same values as star by star, so the same bits.
    let radii = UnsafeMutableBufferPointer<Double>.allocate(capacity: count)
    defer { radii.deallocate() }
    switch profile {
    case .eff(let profile): profile.radii(enclosingFractions: UnsafeBufferPointer(uniforms), stride: 2, into: radii)
    case .king(let profile): Self.radii(of: profile, fractions: UnsafeBufferPointer(uniforms), into: radii)
    case .plummer(let profile):
      profile.equivalentEFF.radii(enclosingFractions: UnsafeBufferPointer(uniforms), stride: 2, into: radii)
    }
    let positions = [PlanePosition](unsafeUninitializedCapacity: count) { positions, initialized in
      for star in 0..<count {
        positions[star] = skyOffset(
          radius: radii[star], azimuthTurns: uniforms[2 * star + 1], sinAngle: sinAngle, cosAngle: cosAngle,
          rootQ: rootQ)
      }
      initialized = count
    }
    return positions
  }

  /// `profile.radius(enclosingFraction:)` of every even-indexed fraction (each star's first
  /// uniform), specialised per profile type (King; EFF and Plummer use `EFFProfile.radii`).
  private static func radii<Profile: ProjectedProfile>(
    of profile: Profile, fractions: UnsafeBufferPointer<Double>, into radii: UnsafeMutableBufferPointer<Double>
  ) {
    for star in radii.indices { radii[star] = profile.radius(enclosingFraction: fractions[2 * star]) }
  }
}
