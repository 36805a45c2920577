import Foundation
import Testing

@testable import Photometry

@Suite("Extinction law")
struct ExtinctionTests {
  @Test("CCM89 is normalised at V (x = 1.82 μm⁻¹) for any R_V")
  func normalisation() throws {
    for rV in [2.1, 3.1, 5.0] {
      for optical in CardelliExtinctionLaw.OpticalCoefficients.allCases {
        let law = try CardelliExtinctionLaw(rV: rV, optical: optical)
        #expect(abs(law.relativeExtinction(wavelengthAngstrom: 1e4 / 1.82) - 1) < 1e-12)
      }
    }
  }

  @Test("CCM89 reproduces its own Table 3 (R_V = 3.1) at U, R, J")
  func publishedValues() throws {
    // Cardelli, Clayton & Mathis 1989, Table 3: A_λ/A_V = 1.569 (U, x = 2.78), 0.751 (R, 1.43),
    // 0.282 (J, 0.80). Three decimals are printed, so the tolerance is 0.001.
    let law = try CardelliExtinctionLaw(rV: 3.1, optical: .cardelli1989)
    for (x, value) in [(2.78, 1.569), (1.43, 0.751), (0.80, 0.282)] {
      #expect(abs(law.relativeExtinction(wavelengthAngstrom: 1e4 / x) - value) < 1e-3, "x = \(x)")
    }
  }

  @Test("segments join: the law is continuous to 0.01 at x = 1.1, 3.3 and 8 μm⁻¹")
  func continuity() throws {
    let law = try CardelliExtinctionLaw()
    for x in [1.1, 3.3, 8.0] {
      let below = law.relativeExtinction(wavelengthAngstrom: 1e4 / (x - 1e-9))
      let above = law.relativeExtinction(wavelengthAngstrom: 1e4 / (x + 1e-9))
      #expect(abs(below - above) < 0.01, "x = \(x): \(below) vs \(above)")
    }
  }

  @Test("a narrow band sees the law at its centre; a broad blue band's ratio falls as A_V grows")
  func bandRatio() throws {
    let law = try CardelliExtinctionLaw()
    let grid = stride(from: 2000.0, through: 12000, by: 5).map { $0 }
    let source = try Blackbody.spectrum(temperatureKelvin: 7500, wavelengthsAngstrom: grid)
    let vega = try Blackbody.spectrum(temperatureKelvin: 9550, wavelengthsAngstrom: grid)
    let narrow = try VegaCalibratedBand(
      filter: try cosineFilter(name: "narrow", from: 6000, to: 6020, counting: .photon), vega: vega, vegaMagnitude: 0)
    let ratio = try narrow.extinctionRatio(law: law, source: source)
    #expect(abs(ratio - law.relativeExtinction(wavelengthAngstrom: 6010)) < 1e-4)
    let broad = try VegaCalibratedBand(
      filter: try cosineFilter(name: "broad", from: 3000, to: 5000, counting: .photon), vega: vega, vegaMagnitude: 0)
    let small = try broad.extinctionRatio(law: law, source: source, visualExtinction: 0.01)
    let large = try broad.extinctionRatio(law: law, source: source, visualExtinction: 2)
    #expect(large < small - 0.005)
  }

  @Test("R_V must be positive")
  func validation() {
    #expect(throws: PhotometryError.self) { try CardelliExtinctionLaw(rV: 0) }
  }
}
