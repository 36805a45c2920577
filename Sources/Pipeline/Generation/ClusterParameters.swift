import Numerics
import RecipeFormat

/// The parameters of one sample's cluster, as drawn from the recipe (and its grid node).
public struct ClusterParameters: Sendable, Equatable {
  public var logAgeYears: Double
  public var logMassSolar: Double
  public var rHalfLightParsecs: Double
  public var metallicity: Double
  public var extinctionAV: Double
  public var differentialAVSigma: Double
  public var distanceModulus: Double
  public var effGamma: Double
  public var kingConcentration: Double
  public var ellipticity: Double
  public var positionAngleDegrees: Double
  public var centerOffsetXPixels: Double
  public var centerOffsetYPixels: Double

  /// Draws every parameter with `generator`, always in this fixed order (so that adding a grid
  /// axis or fixing a value never shifts the random stream of later draws): log age, log mass,
  /// r_h, [M/H], A_V, differential-A_V σ, distance modulus, EFF γ, King c, ellipticity, position
  /// angle, centre offset x, centre offset y. Grid `nodeValues` then replace the drawn values.
  public static func draw(
    _ cluster: ClusterSpec, distanceModulus: ParameterDistribution, nodeValues: [String: Double] = [:],
    generator: RandomGenerator
  ) -> ClusterParameters {
    var parameters = ClusterParameters(
      logAgeYears: cluster.logAgeYears.sample(generator),
      logMassSolar: cluster.logMassSolar.sample(generator),
      rHalfLightParsecs: cluster.rHalfLightParsecs.sample(generator),
      metallicity: cluster.metallicity.sample(generator),
      extinctionAV: cluster.extinctionAV.sample(generator),
      differentialAVSigma: cluster.differentialAVSigma.sample(generator),
      distanceModulus: distanceModulus.sample(generator),
      effGamma: cluster.effGamma.sample(generator),
      kingConcentration: cluster.kingConcentration.sample(generator),
      ellipticity: cluster.ellipticity.sample(generator),
      positionAngleDegrees: cluster.positionAngleDegrees.sample(generator),
      centerOffsetXPixels: cluster.centerOffsetPixels.sample(generator),
      centerOffsetYPixels: cluster.centerOffsetPixels.sample(generator))
    for (name, value) in nodeValues { parameters.set(name, value) }
    return parameters
  }

  /// Sets a parameter by its recipe name (grid axes and labels use these names).
  public mutating func set(_ name: String, _ value: Double) {
    switch name {
    case "log_age": logAgeYears = value
    case "log_mass": logMassSolar = value
    case "r_h_pc": rHalfLightParsecs = value
    case "metallicity": metallicity = value
    case "a_v": extinctionAV = value
    case "ellipticity": ellipticity = value
    case "eff_gamma": effGamma = value
    case "king_concentration": kingConcentration = value
    default: preconditionFailure("no cluster parameter named \(name)")
    }
  }

  /// Every parameter by its recipe/truth name.
  public var named: [String: Double] {
    [
      "log_age": logAgeYears, "log_mass": logMassSolar, "r_h_pc": rHalfLightParsecs, "metallicity": metallicity,
      "a_v": extinctionAV, "differential_a_v_sigma": differentialAVSigma, "distance_modulus": distanceModulus,
      "eff_gamma": effGamma, "king_concentration": kingConcentration, "ellipticity": ellipticity,
      "position_angle_deg": positionAngleDegrees, "center_offset_x_px": centerOffsetXPixels,
      "center_offset_y_px": centerOffsetYPixels,
    ]
  }
}
