import Foundation
import Testing

@testable import Photometry

/// A model-atmosphere grid made of blackbodies, scaled so that BC = BC_BB(T) + 0.1 log g + 0.2 [M/H]
/// exactly (a flux factor f shifts BC by 2.5 log₁₀ f): the answer is known everywhere.
struct BlackbodyGrid {
  static let wavelengths = stride(from: 1000.0, through: 30000, by: 20).map { $0 }
  static let temperatures: [Double] = [3500, 4000, 4500, 5000, 5500, 6000, 6500, 8000, 10000, 15000, 25000, 50000]
  static let gravities: [Double] = [0, 2.5, 5]
  static let metallicities: [Double] = [-1, 0]

  static func shift(gravity: Double, metallicity: Double) -> Double { 0.1 * gravity + 0.2 * metallicity }

  /// The grid; models with T ≥ 25,000 K and log g = 0 are missing (as in ATLAS9).
  static func make() throws -> AtmosphereGrid {
    var fluxes: [Float] = []
    var exists: [Bool] = []
    for metallicity in metallicities {
      for temperature in temperatures {
        for gravity in gravities {
          let present = !(temperature >= 25000 && gravity == 0)
          exists.append(present)
          let factor = pow(10, 0.4 * shift(gravity: gravity, metallicity: metallicity))
          fluxes += wavelengths.map {
            present
              ? Float(factor * Blackbody.surfaceFluxDensity(wavelengthAngstrom: $0, temperatureKelvin: temperature)) : 0
          }
        }
      }
    }
    return try AtmosphereGrid(
      name: "blackbodies", wavelengthsAngstrom: wavelengths, metallicities: metallicities,
      effectiveTemperatures: temperatures, surfaceGravities: gravities, fluxes: fluxes, modelExists: exists)
  }

  /// A Vega stand-in: a 9,550 K blackbody at an arbitrary distance.
  static func vega() throws -> Spectrum {
    let flux = wavelengths.map { 1e-20 * Blackbody.surfaceFluxDensity(wavelengthAngstrom: $0, temperatureKelvin: 9550) }
    return try Spectrum(name: "vega-like", wavelengthsAngstrom: wavelengths, fluxDensity: flux)
  }
}

@Suite("Magnitudes and bolometric corrections")
struct BolometricCorrectionTests {
  let band: VegaCalibratedBand
  let grid: AtmosphereGrid

  init() throws {
    let filter = try cosineFilter(name: "mid", from: 4800, to: 6600, counting: .energy)
    band = try VegaCalibratedBand(filter: filter, vega: try BlackbodyGrid.vega(), vegaMagnitude: 0.03)
    grid = try BlackbodyGrid.make()
  }

  @Test("Vega has its assigned magnitude; 100× fainter is +5 mag")
  func vegaZeroPoint() throws {
    let vega = try BlackbodyGrid.vega()
    #expect(abs(try band.magnitude(of: vega) - 0.03) < 1e-12)
    let fainter = try Spectrum(
      name: "faint", wavelengthsAngstrom: vega.wavelengthsAngstrom, fluxDensity: vega.fluxDensity.map { $0 / 100 })
    #expect(abs(try band.magnitude(of: fainter) - 5.03) < 1e-12)
  }

  @Test("M_bol − BC equals the magnitude of the star's flux at 10 pc (radius cancels)")
  func bolometricCorrectionDefinition() throws {
    let temperature = 6200.0
    let radius = 1.7 * 6.957e10  // cm
    let scale = BolometricScale.parsec
    let surface = try Blackbody.spectrum(temperatureKelvin: temperature, wavelengthsAngstrom: BlackbodyGrid.wavelengths)
    let dilution = pow(radius / BolometricScale.tenParsecsCentimetres, 2)
    let atTenParsecs = try Spectrum(
      name: "10 pc", wavelengthsAngstrom: surface.wavelengthsAngstrom,
      fluxDensity: surface.fluxDensity.map { $0 * dilution })
    let direct = try band.magnitude(of: atTenParsecs)
    let luminosity = 4 * Double.pi * radius * radius * Blackbody.stefanBoltzmannConstant * pow(temperature, 4)
    let bolometric = scale.absoluteBolometricMagnitude(
      logLuminositySolar: log10(luminosity / scale.solarLuminosityErgPerSecond))
    let bc = band.bolometricCorrection(
      surfacePhotonIntegral: try band.filter.photonIntegral(of: surface), effectiveTemperatureKelvin: temperature,
      scale: scale)
    #expect(abs((bolometric - bc) - direct) < 1e-10)
  }

  @Test("the table reproduces a known BC surface: nodes, trilinear interior, filled holes, clamps")
  func tableInterpolation() throws {
    let scale = BolometricScale.parsec
    let table = try BolometricCorrectionTable(grid: grid, band: band, scale: scale)
    let reference = table.blackbody  // independent wavelength grid (≤ 2 Å) and integration
    func expected(_ temperature: Double, _ gravity: Double, _ metallicity: Double) -> Double {
      reference.bolometricCorrection(logTemperature: log10(temperature))
        + BlackbodyGrid.shift(gravity: gravity, metallicity: metallicity)
    }
    // Nodes (1e-3: the reference table's own linear interpolation in log T).
    for temperature in [4000.0, 6500, 15000] {
      let value = table.bolometricCorrection(logTemperature: log10(temperature), logSurfaceGravity: 2.5, metallicity: 0)
      #expect(abs(value - expected(temperature, 2.5, 0)) < 1e-3, "T = \(temperature)")
    }
    // Interior point: exact in log g and [M/H] (linear there); linear log T interpolation across
    // a 500 K step at 5,700 K costs ~0.004 mag for a blackbody (0.039 mag across 1,500 K).
    let interior = table.bolometricCorrection(logTemperature: log10(5700), logSurfaceGravity: 3.3, metallicity: -0.4)
    #expect(abs(interior - expected(5700, 3.3, -0.4)) < 0.01)
    // A missing node (25,000 K, log g = 0) takes the nearest existing log g (2.5).
    let hole = table.bolometricCorrection(logTemperature: log10(25000), logSurfaceGravity: 0, metallicity: 0)
    #expect(abs(hole - expected(25000, 2.5, 0)) < 1e-3)
    // log g beyond the grid (a white dwarf at 8) is clamped to 5; [M/H] = −3 to −1.
    let dwarf = table.bolometricCorrection(logTemperature: log10(10000), logSurfaceGravity: 8, metallicity: -3)
    #expect(abs(dwarf - expected(10000, 5, -1)) < 1e-3)
    // Beyond the temperature edges the blackbody shift applies: for a blackbody grid it is exact.
    for temperature in [2500.0, 3000, 80000, 150000] {
      let value = table.bolometricCorrection(logTemperature: log10(temperature), logSurfaceGravity: 5, metallicity: 0)
      #expect(abs(value - expected(temperature, 5, 0)) < 2e-3, "T = \(temperature)")
    }
  }

  @Test("the blackbody BC table matches a direct Gauss–Legendre integral between its nodes")
  func blackbodyTableAccuracy() throws {
    let scale = BolometricScale.parsec
    let table = try BlackbodyBolometricCorrection(band: band, scale: scale)
    for temperature in [2345.0, 5772, 17777, 123456] {
      let direct = band.bolometricCorrection(
        surfacePhotonIntegral: directBlackbodyIntegral(band.filter, temperature: temperature),
        effectiveTemperatureKelvin: temperature, scale: scale)
      #expect(abs(table.bolometricCorrection(logTemperature: log10(temperature)) - direct) < 1e-3)
    }
  }

  @Test("SyntheticPhotometry: M = M_bol − BC, and hotter stars are bluer")
  func syntheticPhotometry() throws {
    let blue = try VegaCalibratedBand(
      filter: try cosineFilter(name: "blue", from: 3800, to: 5200, counting: .photon), vega: try BlackbodyGrid.vega(),
      vegaMagnitude: 0)
    let photometry = try SyntheticPhotometry(bands: [blue, band], grid: grid)
    let stars = [4000.0, 6000, 9000, 20000].map {
      StellarParameters(logLuminositySolar: 1, logEffectiveTemperature: log10($0), logSurfaceGravity: 4, metallicity: 0)
    }
    let magnitudes = photometry.absoluteMagnitudes(of: stars)
    for (index, star) in stars.enumerated() {
      let bc = photometry.bolometricCorrection(bandIndex: 1, star: star)
      #expect(abs(magnitudes[1][index] - (4.77 - 2.5 - bc)) < 1e-12)
    }
    let colours = zip(magnitudes[0], magnitudes[1]).map { $0 - $1 }
    #expect(zip(colours, colours.dropFirst()).allSatisfy { $0 > $1 }, "colours \(colours)")
  }
}
