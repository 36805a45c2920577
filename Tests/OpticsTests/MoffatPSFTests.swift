import Foundation
import Optics
import Testing

@Suite("Moffat PSF")
struct MoffatPSFTests {
  /// Brute-force midpoint sub-sampling of one pixel (independent of the quadrature in MoffatPSF).
  func bruteForce(_ psf: MoffatPSF, dx: Double, dy: Double, subsamples n: Int) -> Double {
    let alpha = psf.alphaPixels
    let amplitude = (psf.beta - 1) / (Double.pi * alpha * alpha)
    var sum = 0.0
    for a in 0..<n {
      for b in 0..<n {
        let x = dx - 0.5 + (Double(a) + 0.5) / Double(n)
        let y = dy - 0.5 + (Double(b) + 0.5) / Double(n)
        let r2 = x * x + y * y
        if r2 <= psf.truncationRadiusPixels * psf.truncationRadiusPixels {
          sum += amplitude * pow(1 + r2 / (alpha * alpha), -psf.beta)
        }
      }
    }
    return sum / Double(n * n)
  }

  @Test func scaleRadiusAndPixelIntegralsAreRight() throws {
    let psf = try MoffatPSF(beta: 2.5, fwhmPixels: 2.0, normalization: .untruncatedProfile)
    // Half maximum at r = FWHM/2 by construction of α.
    #expect(abs(pow(1 + 1 / (psf.alphaPixels * psf.alphaPixels), -2.5) - 0.5) < 1e-12)
    for (dx, dy) in [(0.0, 0.0), (0.4, -0.3), (1.5, 2.0), (4.2, 0.1)] {
      let reference = bruteForce(psf, dx: dx, dy: dy, subsamples: 256)
      // Midpoint error with 256² sub-samples is ~1e-6 relative at the peak.
      #expect(abs(psf.pixelFraction(dx: dx, dy: dy) / reference - 1) < 5e-6)
    }
    // A pixel crossed by the truncation circle (r = 15).
    let edge = bruteForce(psf, dx: 14.8, dy: 2.0, subsamples: 512)
    #expect(abs(psf.pixelFraction(dx: 14.8, dy: 2.0) / edge - 1) < 2e-3)
  }

  @Test func totalLightMatchesTheAnalyticEnclosedFraction() throws {
    let untruncated = try MoffatPSF(beta: 2.5, fwhmPixels: 2.0, normalization: .untruncatedProfile)
    let unit = try MoffatPSF(beta: 2.5, fwhmPixels: 2.0)
    let offsets = (-16...16).map { Double($0) - 0.3 }
    let sumUntruncated = untruncated.pixelFractionGrid(offsetsX: offsets, offsetsY: offsets).reduce(0, +)
    let sumUnit = unit.pixelFractionGrid(offsetsX: offsets, offsetsY: offsets).reduce(0, +)
    // 1 − (1 + R²/α²)^(1−β) at R = 15: the fixture's "0.16 % beyond".
    #expect(abs(sumUntruncated - untruncated.totalLight) < 2e-6)
    #expect(abs(untruncated.totalLight - 0.99839) < 1e-5)
    #expect(abs(sumUnit - 1) < 2e-6)
  }
}
