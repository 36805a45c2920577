import Foundation
import Optics
import Testing

@Suite("Gaussian PSF")
struct GaussianPSFTests {
  @Test func pixelFractionsMatchIndependentIntegralAndSumToOne() throws {
    let psf = try GaussianPSF(sigmaPixels: 0.8)
    // Independent 1-D check: Simpson's rule over the pixel of the unit Gaussian density.
    for d in [0.0, 0.3, -1.2, 2.7] {
      let n = 2000
      var sum = 0.0
      for k in 0...n {
        let t = d - 0.5 + Double(k) / Double(n)
        let weight = (k == 0 || k == n) ? 1.0 : (k % 2 == 1 ? 4.0 : 2.0)
        sum += weight * exp(-t * t / (2 * 0.64)) / (0.8 * (2 * Double.pi).squareRoot())
      }
      let simpson = sum / (3 * Double(n))
      #expect(abs(psf.pixelFraction1D(d) - simpson) < 1e-12)
    }
    // Partition of unity: any placement's pixels hold all the light (6σ truncation loses < 1e-8).
    for (ax, ay) in [(0.0, 0.0), (0.37, -0.21), (0.5, 0.5)] {
      var total = 0.0
      for j in -8...8 {
        for i in -8...8 { total += psf.pixelFraction(dx: Double(i) - ax, dy: Double(j) - ay) }
      }
      #expect(abs(total - 1) < 1e-8)
    }
    #expect(abs(psf.fwhmPixels - 2.3548200450309493 * 0.8) < 1e-12)
    #expect(throws: OpticsError.self) { try GaussianPSF(sigmaPixels: 0) }
  }
}
