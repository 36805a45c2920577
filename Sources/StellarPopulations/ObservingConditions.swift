import Numerics

/// How extinction varies from star to star within one population.
public enum DifferentialExtinction: Sendable, Equatable {
  /// Every star has A_V of the population.
  case none
  /// A_V,star = A_V + |N(0, σ)|: extra dust in front of some stars, never less than the
  /// foreground (a half-normal, mean σ√(2/π)).
  case halfNormal(sigma: Double)
  /// A_V,star = A_V + U(0, width): stars spread uniformly through a dust layer of depth `width`.
  case uniform(width: Double)

  /// The extra A_V of one star (one draw from `generator`, none for `.none`).
  @inline(__always) func draw(_ generator: RandomGenerator) -> Double {
    switch self {
    case .none: return 0
    case .halfNormal(let sigma): return abs(generator.gaussian(mean: 0, sigma: sigma))
    case .uniform(let width): return width * generator.uniform()
    }
  }
}

/// Distance and dust between the population and the observer.
public struct ObservingConditions: Sendable, Equatable {
  /// m − M (mag). M31: 24.47 (McConnachie et al. 2005, MNRAS 356, 979).
  public var distanceModulus: Double
  /// Foreground A_V (mag).
  public var extinctionV: Double
  public var differentialExtinction: DifferentialExtinction

  public static let m31DistanceModulus = 24.47

  public init(
    distanceModulus: Double = ObservingConditions.m31DistanceModulus, extinctionV: Double = 0,
    differentialExtinction: DifferentialExtinction = .none
  ) {
    self.distanceModulus = distanceModulus
    self.extinctionV = extinctionV
    self.differentialExtinction = differentialExtinction
  }

  /// Absolute magnitudes as they are (distance modulus 0, no dust).
  public static let absolute = ObservingConditions(distanceModulus: 0)
}
