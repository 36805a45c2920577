import Foundation

/// A band's bolometric correction for a blackbody, tabulated in log T_eff, used to extend a
/// model-atmosphere BC table beyond its temperature edges:
/// BC(T) = BC_grid(T_edge) + [BC_BB(T) − BC_BB(T_edge)].
///
/// The shape of the spectrum far from the grid is taken from the Planck function (for hot
/// stars the optical/IR is on the Rayleigh–Jeans tail, where this is accurate to a few
/// hundredths of a magnitude; for cool M stars molecular bands make it a rough guide — the
/// measured errors are in docs/photometry-accuracy.md). The table spans log T = 3.0–6.0 in
/// 0.01 dex steps, each node integrated on ≥ 2,000 points (≤ 2 Å apart) across the band; linear
/// interpolation between nodes costs < 10⁻³ mag (checked in the tests).
public struct BlackbodyBolometricCorrection: Sendable, Hashable {
  public let bandName: String
  public let logTemperatureStart: Double
  public let logTemperatureStep: Double
  public let values: [Double]

  public init(
    band: VegaCalibratedBand, scale: BolometricScale, logTemperatureRange: ClosedRange<Double> = 3.0...6.0,
    logTemperatureStep: Double = 0.01
  ) throws {
    let support = band.filter.supportAngstrom
    let pointCount = max(2000, Int((support.upperBound - support.lowerBound) / 2.0))
    let step = (support.upperBound - support.lowerBound) / Double(pointCount - 1)
    let wavelengths = (0..<pointCount).map { support.lowerBound + Double($0) * step }
    let weights = try BandIntegrationWeights(
      filter: band.filter, wavelengthsAngstrom: wavelengths, gridName: "blackbody")
    let nodeCount =
      Int(((logTemperatureRange.upperBound - logTemperatureRange.lowerBound) / logTemperatureStep).rounded()) + 1
    var values = [Double]()
    values.reserveCapacity(nodeCount)
    for node in 0..<nodeCount {
      let temperature = pow(10, logTemperatureRange.lowerBound + Double(node) * logTemperatureStep)
      let flux = wavelengths.map {
        Blackbody.surfaceFluxDensity(wavelengthAngstrom: $0, temperatureKelvin: temperature)
      }
      values.append(
        band.bolometricCorrection(
          surfacePhotonIntegral: weights.integrate(flux), effectiveTemperatureKelvin: temperature, scale: scale))
    }
    bandName = band.name
    logTemperatureStart = logTemperatureRange.lowerBound
    self.logTemperatureStep = logTemperatureStep
    self.values = values
  }

  /// BC_BB at log T_eff (linear between nodes; clamped to the tabulated range).
  public func bolometricCorrection(logTemperature: Double) -> Double {
    let position = (logTemperature - logTemperatureStart) / logTemperatureStep
    let lower = min(max(Int(position.rounded(.down)), 0), values.count - 2)
    let fraction = min(max(position - Double(lower), 0), 1)
    return values[lower] + fraction * (values[lower + 1] - values[lower])
  }
}
