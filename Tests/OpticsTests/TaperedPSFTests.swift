import Foundation
import Optics
import Testing

/// `TaperedPSF`: the outer rim fades to zero (no square edge), the core keeps its shape, and the
/// star keeps its light.
@Suite struct TaperedPSFTests {
  // A broad Moffat cut hard at 12 px, where it is still ≈ 2·10⁻⁴ of its peak: the case the taper is for.
  static func base() throws -> MoffatPSF { try MoffatPSF(beta: 2.0, fwhmPixels: 3, truncationRadiusPixels: 12) }

  @Test func windowIsOneInsideZeroOutsideAndHalfInTheMiddle() throws {
    let psf = try TaperedPSF(base: try Self.base(), taperStartFraction: 0.75)
    let outer = psf.supportHalfWidthPixels
    #expect(psf.taperStartPixels == 0.75 * outer)
    #expect(psf.window(radiusPixels: 0) == 1 && psf.window(radiusPixels: psf.taperStartPixels) == 1)
    #expect(abs(psf.window(radiusPixels: 0.5 * (psf.taperStartPixels + outer)) - 0.5) < 1e-15)
    #expect(psf.window(radiusPixels: outer) == 0 && psf.window(radiusPixels: outer + 3) == 0)
    // Monotone fade.
    let radii = stride(from: psf.taperStartPixels, through: outer, by: 0.1).map { psf.window(radiusPixels: $0) }
    #expect(zip(radii, radii.dropFirst()).allSatisfy { $0 >= $1 })
  }

  @Test func noEdgeAtTheSupportAndNoLightInTheCorners() throws {
    let base = try Self.base()
    let psf = try TaperedPSF(base: base)
    // The last pixel centre inside the support on an axis: the base there is still > 10⁻⁴ of its
    // peak and drops to 0 one pixel further out (a step); the tapered PSF is down to w ≈ 0.06 of it.
    let last = (psf.supportHalfWidthPixels - 0.5).rounded(.down)
    let peak = base.pixelFraction(dx: 0, dy: 0)
    #expect(base.pixelFraction(dx: last, dy: 0) > 1e-4 * peak)
    let fade = psf.pixelFraction(dx: last, dy: 0) / base.pixelFraction(dx: last, dy: 0)
    #expect(abs(fade - psf.lightRestoringScale * psf.window(radiusPixels: last)) < 1e-12)
    #expect(fade < 0.07)
    let edge = psf.supportHalfWidthPixels - 0.5
    // The square's corners lie beyond the support radius: dark.
    #expect(psf.pixelFraction(dx: edge, dy: edge) == 0)
  }

  @Test func coreKeepsItsShapeAndTheStarKeepsItsLight() throws {
    let base = try Self.base()
    let psf = try TaperedPSF(base: base)
    // Inside r₀ the profile is the base's times one constant c slightly above 1.
    let c = psf.lightRestoringScale
    #expect(c > 1 && c < 1.05)
    for (dx, dy) in [(0.0, 0.0), (1.3, -0.4), (4, 5), (-6.2, 2)] {
      #expect(abs(psf.pixelFraction(dx: dx, dy: dy) / base.pixelFraction(dx: dx, dy: dy) - c) < 1e-12)
    }
    // Total light at any sub-pixel phase: the base's within 2·10⁻⁴ (c is the 4 × 4-phase average).
    let radius = 13
    for (px, py) in [(0.0, 0.0), (0.37, -0.21), (0.5, 0.5)] {
      let offsetsX = (-radius...radius).map { Double($0) - px }
      let offsetsY = (-radius...radius).map { Double($0) - py }
      let tapered = psf.pixelFractionGrid(offsetsX: offsetsX, offsetsY: offsetsY).reduce(0, +)
      let original = base.pixelFractionGrid(offsetsX: offsetsX, offsetsY: offsetsY).reduce(0, +)
      #expect(abs(tapered - original) < 2e-4, "phase (\(px), \(py)): \(tapered) vs \(original)")
      // The grid form agrees with point evaluation (the Moffat's own two quadratures, ≈ 1e-10).
      #expect(
        abs(
          psf.pixelFractionGrid(offsetsX: [offsetsX[9]], offsetsY: [offsetsY[16]])[0]
            - psf.pixelFraction(dx: offsetsX[9], dy: offsetsY[16])) < 1e-8
          * psf.pixelFraction(dx: offsetsX[9], dy: offsetsY[16]))
    }
  }

  @Test func badTaperStartIsRefused() throws {
    #expect(throws: OpticsError.invalidParameter(name: "taperStartFraction", value: 1, rule: "must be in [0, 1)")) {
      try TaperedPSF(base: try Self.base(), taperStartFraction: 1)
    }
  }
}
