import Foundation
import Numerics

extension ClusterMorphology {
  /// The image pixel positions of some of `count` stars drawn as by
  /// `samplePositionsParsecs(count:generator:)`: the same 2 · `count` uniforms from `generator`
  /// (every star's, kept or not, so the stream ends where that call leaves it), and for the
  /// k-th star of `stars` (indices below `count`, ascending) `x[k]`, `y[k]` =
  /// `placement.pixelPosition(ofParsecOffset:pixelsPerParsec:)` of its sky offset — bit for bit
  /// (the same operations on the same values). Radius, azimuth, sky mapping and pixel mapping
  /// run only for the stars kept (a cluster's stars without light need no position), in one
  /// branch-free loop after the radii; an unflattened cluster (b/a = 1) skips the division and
  /// product by √(b/a) = 1, which change no value. `workspace` holds the uniforms and radii;
  /// `x` and `y` need room for `stars.count` values.
  public func samplePixelPositions(
    count: Int, generator: RandomGenerator, ofStars stars: UnsafeBufferPointer<Int32>, placement: ClusterPlacement,
    pixelsPerParsec: Double, x: UnsafeMutableBufferPointer<Double>, y: UnsafeMutableBufferPointer<Double>,
    workspace: PositionWorkspace
  ) {
    precondition(count >= 0, "samplePixelPositions: negative count \(count)")
    let kept = stars.count
    precondition(x.count >= kept && y.count >= kept, "room for \(kept) positions")
    workspace.uniforms.resize(to: 2 * count, filling: 0)
    workspace.radii.resize(to: kept, filling: 0)
    let angle = positionAngleDegrees * Double.pi / 180
    let sinAngle = sin(angle)
    let cosAngle = cos(angle)
    let rootQ = axisRatio.squareRoot()
    workspace.uniforms.withUnsafeMutableBufferPointer { uniforms in
      generator.fillUniforms(uniforms)
      // The kept stars' uniform pairs moved to the front, in order (slot k ≤ star: in place).
      var previous = -1
      for k in 0..<kept {
        let star = Int(stars[k])
        precondition(star > previous && star < count, "star \(star) out of order or beyond \(count) stars")
        previous = star
        uniforms[2 * k] = uniforms[2 * star]
        uniforms[2 * k + 1] = uniforms[2 * star + 1]
      }
      workspace.radii.withUnsafeMutableBufferPointer { radii in
        let pairs = UnsafeBufferPointer(rebasing: uniforms[0..<(2 * kept)])
        self.radii(ofStarUniforms: pairs, into: radii)
        if rootQ == 1 {
          Self.mapToPixels(
            radii: UnsafeBufferPointer(radii), uniforms: pairs, sinAngle: sinAngle, cosAngle: cosAngle, rootQ: 1,
            unflattened: true, placement: placement, pixelsPerParsec: pixelsPerParsec, x: x, y: y)
        } else {
          Self.mapToPixels(
            radii: UnsafeBufferPointer(radii), uniforms: pairs, sinAngle: sinAngle, cosAngle: cosAngle,
            rootQ: rootQ, unflattened: false, placement: placement, pixelsPerParsec: pixelsPerParsec, x: x, y: y)
        }
      }
    }
  }

  /// `skyOffset` then `pixelPosition` of every star (radius `radii[k]`, azimuth
  /// `uniforms[2k + 1]`). With `unflattened` (rootQ = 1) the major-axis term is r cos φ and the
  /// minor-axis term r sin φ, as `skyOffset`'s (r cos φ)/1 and (r sin φ) · 1 are exactly.
  @inline(__always)
  private static func mapToPixels(
    radii: UnsafeBufferPointer<Double>, uniforms: UnsafeBufferPointer<Double>, sinAngle: Double, cosAngle: Double,
    rootQ: Double, unflattened: Bool, placement: ClusterPlacement, pixelsPerParsec: Double,
    x: UnsafeMutableBufferPointer<Double>, y: UnsafeMutableBufferPointer<Double>
  ) {
    let centreX = placement.centreXPixels
    let centreY = placement.centreYPixels
    for k in 0..<radii.count {
      let radius = radii[k]
      let (sine, cosine) = sineAndCosine(turns: uniforms[2 * k + 1])
      let alongMajor = unflattened ? radius * cosine : radius * cosine / rootQ
      let alongMinor = unflattened ? radius * sine : radius * sine * rootQ
      let offsetX = -alongMajor * sinAngle + alongMinor * cosAngle
      let offsetY = alongMajor * cosAngle + alongMinor * sinAngle
      x[k] = centreX + offsetX * pixelsPerParsec
      y[k] = centreY + offsetY * pixelsPerParsec
    }
  }
}
