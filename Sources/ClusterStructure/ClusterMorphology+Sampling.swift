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
    let uniforms = UnsafeMutableBufferPointer<Double>.allocate(capacity: 2 * count)
    let radii = UnsafeMutableBufferPointer<Double>.allocate(capacity: count)
    defer {
      uniforms.deallocate()
      radii.deallocate()
    }
    return [PlanePosition](unsafeUninitializedCapacity: count) { positions, initialized in
      samplePositionsParsecs(generator: generator, uniforms: uniforms, radii: radii, into: positions)
      initialized = count
    }
  }

  /// `samplePositionsParsecs(count:generator:)` into `workspace.positions` (`count` entries; the
  /// workspace's storage reused): the same draws and the same positions, bit for bit.
  public func samplePositionsParsecs(count: Int, generator: RandomGenerator, into workspace: PositionWorkspace) {
    precondition(count >= 0, "samplePositionsParsecs: negative count \(count)")
    workspace.uniforms.resize(to: 2 * count, filling: 0)
    workspace.radii.resize(to: count, filling: 0)
    workspace.positions.resize(to: count, filling: PlanePosition(x: 0, y: 0))
    workspace.uniforms.withUnsafeMutableBufferPointer { uniforms in
      workspace.radii.withUnsafeMutableBufferPointer { radii in
        workspace.positions.withUnsafeMutableBufferPointer { positions in
          samplePositionsParsecs(generator: generator, uniforms: uniforms, radii: radii, into: positions)
        }
      }
    }
  }

  /// The positions of `positions.count` stars, with `uniforms` (2 per star) and `radii` (1 per
  /// star) as scratch.
  private func samplePositionsParsecs(
    generator: RandomGenerator, uniforms: UnsafeMutableBufferPointer<Double>, radii: UnsafeMutableBufferPointer<Double>,
    into positions: UnsafeMutableBufferPointer<PlanePosition>
  ) {
    let count = positions.count
    precondition(uniforms.count >= 2 * count && radii.count >= count, "scratch for \(count) stars")
    let uniforms = UnsafeMutableBufferPointer(rebasing: uniforms[0..<(2 * count)])
    let radii = UnsafeMutableBufferPointer(rebasing: radii[0..<count])
    let angle = positionAngleDegrees * Double.pi / 180
    let sinAngle = sin(angle)
    let cosAngle = cos(angle)
    let rootQ = axisRatio.squareRoot()
    // Both uniforms of every star in one exact block (`fillUniforms`: the same stream as two
    // `uniform()` calls per star), then the stars in order.
    generator.fillUniforms(uniforms)
    // The radii first (the profile chosen once, not per star), then the azimuths and the mapping
    // onto the sky in one branch-free loop that the compiler vectorises: the same operations on
    // the same values as star by star, so the same bits.
    self.radii(ofStarUniforms: UnsafeBufferPointer(uniforms), into: radii)
    for star in 0..<count {
      positions[star] = skyOffset(
        radius: radii[star], azimuthTurns: uniforms[2 * star + 1], sinAngle: sinAngle, cosAngle: cosAngle,
        rootQ: rootQ)
    }
  }

  /// The profile radius of each star's first uniform (`uniforms[2 i]` → `radii[i]`), the
  /// profile chosen once, not per star.
  func radii(ofStarUniforms uniforms: UnsafeBufferPointer<Double>, into radii: UnsafeMutableBufferPointer<Double>) {
    switch profile {
    case .eff(let profile): profile.radii(enclosingFractions: uniforms, stride: 2, into: radii)
    case .king(let profile): Self.radii(of: profile, fractions: uniforms, into: radii)
    case .plummer(let profile): profile.equivalentEFF.radii(enclosingFractions: uniforms, stride: 2, into: radii)
    }
  }

  /// `profile.radius(enclosingFraction:)` of every even-indexed fraction (each star's first
  /// uniform), specialised per profile type (King; EFF and Plummer use `EFFProfile.radii`).
  private static func radii<Profile: ProjectedProfile>(
    of profile: Profile, fractions: UnsafeBufferPointer<Double>, into radii: UnsafeMutableBufferPointer<Double>
  ) {
    for star in radii.indices { radii[star] = profile.radius(enclosingFraction: fractions[2 * star]) }
  }
}
