import Foundation

/// One band's bolometric corrections BC = M_bol − M_band on a model-atmosphere grid, and their
/// interpolation to any (log T_eff, log g, [M/H]).
///
/// Computed once per band from an ``AtmosphereGrid`` (Girardi et al. 2002, eq. 3 — see
/// ``VegaCalibratedBand/bolometricCorrection(surfacePhotonIntegral:effectiveTemperatureKelvin:scale:)``),
/// then interpolated trilinearly in ([M/H], log T_eff, log g), which is cheap enough for 10⁵ stars.
///
/// Rules where the grid has no model (all documented in docs/photometry-accuracy.md with the
/// errors they cause against PARSEC's own magnitudes):
/// - **Missing grid nodes** (ATLAS9 has no models at high T_eff and low log g, beyond the
///   Eddington limit): a missing node takes the BC of the nearest existing log g at the same
///   ([M/H], T_eff). BCs change by only ~0.01–0.05 mag per dex of log g there, so a hot
///   supergiant is treated as the lowest-gravity model that exists.
/// - **log g outside the grid** (post-AGB stars, white dwarfs at log g ≈ 8, or giants below 0):
///   clamped to the grid's log g range.
/// - **[M/H] outside the grid**: clamped.
/// - **T_eff outside the grid** (cool giants and M dwarfs below 3,500 K; hot stars above 50,000 K):
///   the BC at the temperature edge, shifted by the blackbody's change of BC between the edge
///   and the star's T_eff (``BlackbodyBolometricCorrection``).
public struct BolometricCorrectionTable: Sendable {
  public let bandName: String
  public let metallicities: [Double]
  /// log₁₀ T_eff of the grid's temperatures.
  public let logTemperatures: [Double]
  public let surfaceGravities: [Double]
  /// BC per grid node (index as ``AtmosphereGrid/modelIndex(metallicity:temperature:gravity:)``),
  /// with missing models already filled by the nearest-log g rule.
  public let values: [Double]
  /// Whether each node's BC comes from an existing model (false: filled).
  public let computedFromModel: [Bool]
  public let blackbody: BlackbodyBolometricCorrection

  /// Integrates every existing model of `grid` through `band`.
  public init(grid: AtmosphereGrid, band: VegaCalibratedBand, scale: BolometricScale) throws {
    let weights = try BandIntegrationWeights(
      filter: band.filter, wavelengthsAngstrom: grid.wavelengthsAngstrom, gridName: grid.name)
    let gravityCount = grid.surfaceGravities.count
    var values = [Double](repeating: .nan, count: grid.modelCount)
    grid.fluxes.withUnsafeBufferPointer { fluxes in
      for model in 0..<grid.modelCount where grid.modelExists[model] {
        let temperatureIndex = (model / gravityCount) % grid.effectiveTemperatures.count
        let start = model * grid.wavelengthCount
        let samples = UnsafeBufferPointer(rebasing: fluxes[start..<(start + grid.wavelengthCount)])
        values[model] = band.bolometricCorrection(
          surfacePhotonIntegral: weights.integrate(samples),
          effectiveTemperatureKelvin: grid.effectiveTemperatures[temperatureIndex], scale: scale)
      }
    }
    for (model, value) in values.enumerated() where grid.modelExists[model] && !value.isFinite {
      throw PhotometryError.invalidGrid(
        detail: "\(grid.name): model \(model) gives a non-finite BC in \(band.name) (zero flux in the band?)")
    }
    // Fill holes along log g with the nearest existing model of the same ([M/H], T_eff).
    for column in 0..<(grid.metallicities.count * grid.effectiveTemperatures.count) {
      let base = column * gravityCount
      let existing = (0..<gravityCount).filter { grid.modelExists[base + $0] }
      guard !existing.isEmpty else {
        let metallicity = grid.metallicities[column / grid.effectiveTemperatures.count]
        let temperature = grid.effectiveTemperatures[column % grid.effectiveTemperatures.count]
        throw PhotometryError.invalidGrid(
          detail: "\(grid.name): no model at all for [M/H] = \(metallicity), T_eff = \(temperature) K")
      }
      for gravity in 0..<gravityCount where !grid.modelExists[base + gravity] {
        let nearest = existing.min(by: { abs($0 - gravity) < abs($1 - gravity) })!
        values[base + gravity] = values[base + nearest]
      }
    }
    bandName = band.name
    metallicities = grid.metallicities
    logTemperatures = grid.effectiveTemperatures.map { log10($0) }
    surfaceGravities = grid.surfaceGravities
    self.values = values
    computedFromModel = grid.modelExists
    blackbody = try BlackbodyBolometricCorrection(band: band, scale: scale)
  }

  /// BC at (log T_eff, log g, [M/H]) by the rules in the type's documentation.
  public func bolometricCorrection(logTemperature: Double, logSurfaceGravity: Double, metallicity: Double) -> Double {
    let edgeLogTemperature = min(max(logTemperature, logTemperatures[0]), logTemperatures[logTemperatures.count - 1])
    var value = interpolate(
      logTemperature: edgeLogTemperature, logSurfaceGravity: logSurfaceGravity, metallicity: metallicity)
    if edgeLogTemperature != logTemperature {
      value +=
        blackbody.bolometricCorrection(logTemperature: logTemperature)
        - blackbody.bolometricCorrection(logTemperature: edgeLogTemperature)
    }
    return value
  }

  private func interpolate(logTemperature: Double, logSurfaceGravity: Double, metallicity: Double) -> Double {
    let (m0, fm) = Self.bracket(metallicity, in: metallicities)
    let (t0, ft) = Self.bracket(logTemperature, in: logTemperatures)
    let (g0, fg) = Self.bracket(logSurfaceGravity, in: surfaceGravities)
    let temperatureCount = logTemperatures.count
    let gravityCount = surfaceGravities.count
    let m1 = min(m0 + 1, metallicities.count - 1)
    let t1 = min(t0 + 1, temperatureCount - 1)
    let g1 = min(g0 + 1, gravityCount - 1)
    func node(_ m: Int, _ t: Int, _ g: Int) -> Double { values[(m * temperatureCount + t) * gravityCount + g] }
    func alongGravity(_ m: Int, _ t: Int) -> Double { node(m, t, g0) + fg * (node(m, t, g1) - node(m, t, g0)) }
    func alongTemperature(_ m: Int) -> Double {
      let low = alongGravity(m, t0)
      return low + ft * (alongGravity(m, t1) - low)
    }
    let low = alongTemperature(m0)
    return fm == 0 ? low : low + fm * (alongTemperature(m1) - low)
  }

  /// Lower node index and fraction for `x` on a strictly increasing axis, clamped to the axis.
  static func bracket(_ x: Double, in axis: [Double]) -> (Int, Double) {
    guard axis.count > 1 else { return (0, 0) }
    if x <= axis[0] { return (0, 0) }
    if x >= axis[axis.count - 1] { return (axis.count - 2, 1) }
    let index = BandIntegrationWeights.intervalIndex(of: x, in: axis)
    return (index, (x - axis[index]) / (axis[index + 1] - axis[index]))
  }
}
