import Foundation
import Testing

@testable import Photometry

/// An independent integral of ∫ π B_λ(T) S(λ) λ dλ: 8-point Gauss–Legendre on every segment of
/// the filter's own tabulation, with the exact Planck function (no interpolation of the spectrum).
func directBlackbodyIntegral(_ filter: FilterThroughput, temperature: Double) -> Double {
  let nodes = [
    -0.960_289_856_497_536, -0.796_666_477_413_627, -0.525_532_409_916_329, -0.183_434_642_495_650,
    0.183_434_642_495_650, 0.525_532_409_916_329, 0.796_666_477_413_627, 0.960_289_856_497_536,
  ]
  let weights = [
    0.101_228_536_290_376, 0.222_381_034_453_374, 0.313_706_645_877_887, 0.362_683_783_378_362,
    0.362_683_783_378_362, 0.313_706_645_877_887, 0.222_381_034_453_374, 0.101_228_536_290_376,
  ]
  let w = filter.wavelengthsAngstrom
  let s = filter.photonWeight
  var total = 0.0
  for k in 0..<(w.count - 1) where s[k] > 0 || s[k + 1] > 0 {
    let half = (w[k + 1] - w[k]) / 2
    let centre = (w[k + 1] + w[k]) / 2
    for (node, weight) in zip(nodes, weights) {
      let lambda = centre + half * node
      let t = (lambda - w[k]) / (w[k + 1] - w[k])
      let sValue = s[k] * (1 - t) + s[k + 1] * t
      total +=
        half * weight * sValue * lambda
        * Blackbody.surfaceFluxDensity(wavelengthAngstrom: lambda, temperatureKelvin: temperature)
    }
  }
  return total
}

/// A smooth single-peaked test filter (a raised cosine) tabulated every 5 Å.
func cosineFilter(name: String, from a: Double, to b: Double, counting: DetectorCounting) throws -> FilterThroughput {
  let count = Int((b - a) / 5) + 1
  let wavelengths = (0..<count).map { a + Double($0) * (b - a) / Double(count - 1) }
  let values = wavelengths.map { 0.5 - 0.5 * cos(2 * Double.pi * ($0 - a) / (b - a)) }
  return try FilterThroughput(name: name, wavelengthsAngstrom: wavelengths, throughput: values, counting: counting)
}

@Suite("Band integration")
struct BandIntegrationTests {
  @Test("weights integrate a linear spectrum through a linear filter exactly")
  func exactForPiecewiseLinear() throws {
    // S(λ) = (λ − 4000)/1000 on [4000, 5000] (tabulated at 3 points, so it is exactly linear),
    // F(λ) = 2 + 0.001 λ sampled on an unrelated 37 Å grid. ∫ F S λ dλ is a quartic integral.
    let filter = try FilterThroughput(
      name: "ramp", wavelengthsAngstrom: [4000, 4500, 5000], throughput: [0, 0.5, 1], counting: .photon)
    let grid = stride(from: 3000.0, through: 6000, by: 37).map { $0 }
    let flux = grid.map { 2 + 0.001 * $0 }
    let weights = try BandIntegrationWeights(filter: filter, wavelengthsAngstrom: grid, gridName: "line")
    func antiderivative(_ x: Double) -> Double {
      // ∫ (2 + 0.001x)(x − 4000)/1000 · x dx
      let c3 = 0.001 / 1000
      let c2 = (2 - 4) / 1000.0
      let c1 = -8.0
      return c3 * pow(x, 4) / 4 + c2 * pow(x, 3) / 3 + c1 * x * x / 2
    }
    let expected = antiderivative(5000) - antiderivative(4000)
    #expect(abs(weights.integrate(flux) / expected - 1) < 1e-12)
  }

  @Test("a blackbody on a coarse 20 Å grid matches the direct Planck integral to < 1e-3 mag")
  func blackbodyAgainstDirectIntegral() throws {
    // 20 Å is the CK04 model-atmosphere sampling in the optical; the linear interpolation of the
    // Planck curve between grid points is the only approximation (error ~ h²F''/8F ≲ 1e-4).
    let grid = stride(from: 2000.0, through: 12000, by: 20).map { $0 }
    let blue = try cosineFilter(name: "blue", from: 3800, to: 5200, counting: .photon)
    let red = try cosineFilter(name: "red", from: 7000, to: 9500, counting: .energy)
    for temperature in [3000.0, 5772, 9600, 30000] {
      let spectrum = try Blackbody.spectrum(temperatureKelvin: temperature, wavelengthsAngstrom: grid)
      let colour = -2.5 * log10(try blue.photonIntegral(of: spectrum) / (try red.photonIntegral(of: spectrum)))
      let direct =
        -2.5
        * log10(
          directBlackbodyIntegral(blue, temperature: temperature)
            / directBlackbodyIntegral(red, temperature: temperature))
      #expect(abs(colour - direct) < 1e-3, "T = \(temperature) K: \(colour) vs \(direct)")
    }
  }

  @Test("π B_λ integrates to σT⁴ (Stefan–Boltzmann; checks the constants)")
  func stefanBoltzmann() throws {
    let temperature = 5772.0
    // Log-spaced trapezoid over 100 Å – 1 mm; the tails beyond hold < 1e-7 of the flux.
    let count = 20000
    var total = 0.0
    var previousLambda = 100.0
    var previousFlux = Blackbody.surfaceFluxDensity(wavelengthAngstrom: previousLambda, temperatureKelvin: temperature)
    for index in 1..<count {
      let lambda = 100 * pow(1e5, Double(index) / Double(count - 1))
      let flux = Blackbody.surfaceFluxDensity(wavelengthAngstrom: lambda, temperatureKelvin: temperature)
      total += 0.5 * (flux + previousFlux) * (lambda - previousLambda)
      previousLambda = lambda
      previousFlux = flux
    }
    let expected = Blackbody.stefanBoltzmannConstant * pow(temperature, 4)
    #expect(abs(total / expected - 1) < 1e-5)
    #expect(abs(Blackbody.stefanBoltzmannConstant / 5.670_374_419e-5 - 1) < 1e-9)
  }

  @Test("a band outside the spectrum's wavelength range is an error, not a truncation")
  func noOverlap() throws {
    let filter = try cosineFilter(name: "far", from: 20000, to: 30000, counting: .photon)
    let spectrum = try Spectrum(name: "short", wavelengthsAngstrom: [1000, 10000], fluxDensity: [1, 1])
    #expect(throws: PhotometryError.self) { try filter.photonIntegral(of: spectrum) }
  }
}
