/// A regular grid of model-atmosphere surface fluxes F_λ (erg s⁻¹ cm⁻² Å⁻¹) over
/// ([M/H], T_eff, log g), all on one wavelength grid, with holes where a model does not exist.
///
/// Made for the Castelli & Kurucz (2004) ATLAS9 grid (8 metallicities × 76 temperatures × 11
/// gravities, 1,221 wavelengths; high-temperature/low-gravity corners are missing because such
/// atmospheres exceed the Eddington limit), but any grid of this shape works. Fluxes are stored
/// as Float32, as in the source tables; band integrals accumulate in Double.
public struct AtmosphereGrid: Sendable {
  public let name: String
  public let wavelengthsAngstrom: [Double]
  /// [M/H] (dex), strictly increasing.
  public let metallicities: [Double]
  /// T_eff (K), strictly increasing.
  public let effectiveTemperatures: [Double]
  /// log₁₀ g (cgs), strictly increasing.
  public let surfaceGravities: [Double]
  /// Fluxes of all models, model-major: model `modelIndex(m, t, g)` occupies
  /// `[modelIndex * wavelengthCount, (modelIndex + 1) * wavelengthCount)`. Missing models are zero.
  public let fluxes: [Float]
  /// Whether each model exists, indexed by `modelIndex`.
  public let modelExists: [Bool]

  public var wavelengthCount: Int { wavelengthsAngstrom.count }
  public var modelCount: Int { metallicities.count * effectiveTemperatures.count * surfaceGravities.count }

  public init(
    name: String, wavelengthsAngstrom: [Double], metallicities: [Double], effectiveTemperatures: [Double],
    surfaceGravities: [Double], fluxes: [Float], modelExists: [Bool]
  ) throws {
    for (axisName, axis) in [
      ("wavelength", wavelengthsAngstrom), ("[M/H]", metallicities), ("T_eff", effectiveTemperatures),
      ("log g", surfaceGravities),
    ] {
      guard !axis.isEmpty, zip(axis, axis.dropFirst()).allSatisfy({ $0 < $1 }), axis.allSatisfy(\.isFinite) else {
        throw PhotometryError.invalidGrid(
          detail: "\(name): the \(axisName) axis must be finite and strictly increasing")
      }
    }
    guard effectiveTemperatures.count >= 2, surfaceGravities.count >= 1, wavelengthsAngstrom.count >= 2 else {
      throw PhotometryError.invalidGrid(detail: "\(name): need ≥ 2 temperatures and ≥ 2 wavelengths")
    }
    let models = metallicities.count * effectiveTemperatures.count * surfaceGravities.count
    guard modelExists.count == models, fluxes.count == models * wavelengthsAngstrom.count else {
      throw PhotometryError.invalidGrid(
        detail: "\(name): expected \(models) models × \(wavelengthsAngstrom.count) wavelengths, got "
          + "\(modelExists.count) flags and \(fluxes.count) fluxes")
    }
    self.name = name
    self.wavelengthsAngstrom = wavelengthsAngstrom
    self.metallicities = metallicities
    self.effectiveTemperatures = effectiveTemperatures
    self.surfaceGravities = surfaceGravities
    self.fluxes = fluxes
    self.modelExists = modelExists
  }

  /// Flat index of the model at axis indices (metallicity, temperature, gravity).
  public func modelIndex(metallicity: Int, temperature: Int, gravity: Int) -> Int {
    (metallicity * effectiveTemperatures.count + temperature) * surfaceGravities.count + gravity
  }

  /// The surface fluxes of one model, as a Double ``Spectrum`` (for checks and plots).
  public func spectrum(metallicity: Int, temperature: Int, gravity: Int) throws -> Spectrum {
    let model = modelIndex(metallicity: metallicity, temperature: temperature, gravity: gravity)
    let start = model * wavelengthCount
    return try Spectrum(
      name: "\(name) [M/H]=\(metallicities[metallicity]) Teff=\(effectiveTemperatures[temperature]) "
        + "logg=\(surfaceGravities[gravity])",
      wavelengthsAngstrom: wavelengthsAngstrom,
      fluxDensity: fluxes[start..<(start + wavelengthCount)].map(Double.init))
  }
}
