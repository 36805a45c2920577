/// The physical parameters of one star that synthetic photometry needs: luminosity, effective
/// temperature, surface gravity and metallicity (as in a PARSEC isochrone row).
public struct StellarParameters: Sendable, Hashable {
  /// log₁₀(L / L⊙), with L⊙ of the ``BolometricScale`` in use.
  public var logLuminositySolar: Double
  /// log₁₀(T_eff / K).
  public var logEffectiveTemperature: Double
  /// log₁₀(g / cm s⁻²).
  public var logSurfaceGravity: Double
  /// [M/H] (dex).
  public var metallicity: Double

  public init(
    logLuminositySolar: Double, logEffectiveTemperature: Double, logSurfaceGravity: Double, metallicity: Double
  ) {
    self.logLuminositySolar = logLuminositySolar
    self.logEffectiveTemperature = logEffectiveTemperature
    self.logSurfaceGravity = logSurfaceGravity
    self.metallicity = metallicity
  }
}
