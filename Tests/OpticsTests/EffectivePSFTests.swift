import Foundation
import Optics
import Testing

@Suite("Sampled effective PSFs")
struct EffectivePSFTests {
  /// A 4×-oversampled ePSF built from the exact pixel-integrated Gaussian (like the fixture).
  static func gaussianEPSF(sigma: Double) throws -> (EffectivePSF, GaussianPSF) {
    let exact = try GaussianPSF(sigmaPixels: sigma)
    let offsets = (0..<101).map { Double($0 - 50) / 4 }
    let samples = exact.pixelFractionGrid(offsetsX: offsets, offsetsY: offsets)
    return (
      try EffectivePSF(samples: samples, width: 101, height: 101, oversampling: 4, centerX: 50, centerY: 50), exact
    )
  }

  /// The separable grid evaluation equals point-by-point `pixelFraction` to rounding (≤ 4·10⁻¹⁶ of
  /// the peak: the same sixteen products, associated differently; 1.4·10⁻¹⁷ at a peak of 0.12
  /// measured), inside the support and on its edge, and is exactly zero beyond it, as is `pixelFraction`.
  @Test func gridEqualsPointByPointToRounding() throws {
    let (epsf, _) = try Self.gaussianEPSF(sigma: 1.1)
    let offsetsX = (0..<61).map { -15 + Double($0) * 0.5 + 0.0123 } + [-12.5, 12.5, 12.51]
    let offsetsY = (0..<47).map { -13 + Double($0) * 0.55 - 0.007 } + [-12.5, 12.5, -12.51]
    let grid = epsf.pixelFractionGrid(offsetsX: offsetsX, offsetsY: offsetsY)
    var worst = 0.0
    var zerosAgree = true
    for (j, dy) in offsetsY.enumerated() {
      for (i, dx) in offsetsX.enumerated() {
        let pointwise = epsf.pixelFraction(dx: dx, dy: dy)
        let fromGrid = grid[j * offsetsX.count + i]
        worst = max(worst, abs(fromGrid - pointwise))
        // Beyond the sampled grid (±12.5 px) both are exactly zero.
        if abs(dx) > 12.5 || abs(dy) > 12.5, pointwise != 0 || fromGrid != 0 { zerosAgree = false }
      }
    }
    let peak = grid.max() ?? 0
    #expect(peak > 0.1 && worst <= 4e-16 * peak, "worst difference \(worst) at peak \(peak)")
    #expect(zerosAgree && grid.contains(0))
  }

  @Test func splineInterpolationReproducesTheExactEPSF() throws {
    let (epsf, exact) = try Self.gaussianEPSF(sigma: 1.1)
    #expect(abs(epsf.totalLight - 1) < 1e-12)
    // Through the samples (to the 1e-10 renormalisation and prefilter rounding); between them within
    // 1e-5 of the peak (cubic B-spline, h = ¼ px).
    #expect(abs(epsf.pixelFraction(dx: 0.75, dy: -1.25) - exact.pixelFraction(dx: 0.75, dy: -1.25)) < 1e-9)
    let peak = exact.pixelFraction(dx: 0, dy: 0)
    var worst = 0.0
    for k in 0..<400 {
      let dx = -3 + 6 * Double((k * 37) % 400) / 400 + 0.0123
      let dy = -3 + 6 * Double((k * 91) % 400) / 400 + 0.0071
      worst = max(worst, abs(epsf.pixelFraction(dx: dx, dy: dy) - exact.pixelFraction(dx: dx, dy: dy)))
    }
    #expect(worst < 1e-4 * peak / 0.1, "worst interpolation error \(worst)")
    #expect(epsf.pixelFraction(dx: 13, dy: 0) == 0)
    // FWHM of the pixel-convolved Gaussian: close to √(σ² + 1/12)·2.3548 (the box adds 1/12 px²).
    let expected = 2.3548200450309493 * (1.1 * 1.1 + 1.0 / 12).squareRoot()
    #expect(abs(epsf.fwhmPixels() / expected - 1) < 0.02)
  }

  /// Light misplaced per star (Σ|Δ| over one placement's pixels) when an image with cells of
  /// `1/cellsPerPixel` px holding the exact Gaussian light is integrated into a 4× ePSF.
  func conversionError(cellsPerPixel: Int) throws -> Double {
    let sigma = 1.2
    let cell = 1.0 / Double(cellsPerPixel)
    let half = 10 * cellsPerPixel
    let scale = 1 / (2.0.squareRoot() * sigma)
    let line = (0...(2 * half)).map { k -> Double in
      let u = Double(k - half) * cell
      return 0.5 * (erf((u + cell / 2) * scale) - erf((u - cell / 2) * scale))
    }
    var samples: [Double] = []
    for vy in line { for vx in line { samples.append(vx * vy) } }
    let image = try PSFImage(
      samples: samples, width: 2 * half + 1, height: 2 * half + 1, sampleSpacingPixels: cell,
      centerX: Double(half), centerY: Double(half))
    let epsf = try EffectivePSF(integrating: image, oversampling: 4, halfWidthPixels: 8)
    let exact = try GaussianPSF(sigmaPixels: sigma)
    var difference = 0.0
    for j in 0..<epsf.height {
      for i in 0..<epsf.width {
        let dx = (Double(i) - epsf.centerX) / 4
        let dy = (Double(j) - epsf.centerY) / 4
        difference += abs(epsf.sample(i, j) - exact.pixelFraction(dx: dx, dy: dy))
      }
    }
    return difference / 16  // 16 interleaved placements of a unit star
  }

  @Test func psfImageIntegratesIntoTheSameEPSF() throws {
    // Uniform light within a cell is the only assumption; it errs on the half-cells cut by the
    // pixel edges, so the error must fall as (cell size)²: halving the cell divides it by ~4.
    let coarse = try conversionError(cellsPerPixel: 8)
    let fine = try conversionError(cellsPerPixel: 16)
    #expect(coarse < 3e-3, "cells of 1/8 px misplace \(coarse) of the light")
    #expect(fine < coarse / 3, "no second-order convergence: \(coarse) → \(fine)")
  }

  @Test func libraryPicksNearestPlane() throws {
    let (epsf, _) = try Self.gaussianEPSF(sigma: 1.0)
    let library = try EffectivePSFLibrary(
      planeSamples: [epsf.samples, epsf.samples.map { $0 * 2 }], width: 101, height: 101, oversampling: 4,
      positions: [.init(x: 0, y: 0), .init(x: 2048, y: 0)])
    #expect(library.nearestPlaneIndex(x: 1500, y: 100) == 1)
    #expect(library.nearestPlaneIndex(x: 10, y: 4000) == 0)
    #expect(abs(try library.plane(1).totalLight - 1) < 1e-12)
    #expect(throws: OpticsError.self) { try library.plane(2) }
  }
}
