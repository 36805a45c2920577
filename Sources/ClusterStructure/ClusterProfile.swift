/// The radial profile of a cluster: one of the three profiles Starmill knows, as a value.
public enum ClusterProfile: ProjectedProfile, Equatable {
  case eff(EFFProfile)
  case king(KingProfile)
  case plummer(PlummerProfile)

  /// The wrapped profile.
  public var profile: any ProjectedProfile {
    switch self {
    case .eff(let profile): return profile
    case .king(let profile): return profile
    case .plummer(let profile): return profile
    }
  }

  public var rHalfLightParsecs: Double { profile.rHalfLightParsecs }
  public var truncationRadiusParsecs: Double { profile.truncationRadiusParsecs }

  // The per-radius methods switch rather than go through `profile` (no existential per call).

  public func surfaceDensity(atRadiusParsecs radius: Double) -> Double {
    switch self {
    case .eff(let profile): return profile.surfaceDensity(atRadiusParsecs: radius)
    case .king(let profile): return profile.surfaceDensity(atRadiusParsecs: radius)
    case .plummer(let profile): return profile.surfaceDensity(atRadiusParsecs: radius)
    }
  }

  public func cumulativeFraction(withinRadiusParsecs radius: Double) -> Double {
    switch self {
    case .eff(let profile): return profile.cumulativeFraction(withinRadiusParsecs: radius)
    case .king(let profile): return profile.cumulativeFraction(withinRadiusParsecs: radius)
    case .plummer(let profile): return profile.cumulativeFraction(withinRadiusParsecs: radius)
    }
  }

  public func radius(enclosingFraction fraction: Double) -> Double {
    switch self {
    case .eff(let profile): return profile.radius(enclosingFraction: fraction)
    case .king(let profile): return profile.radius(enclosingFraction: fraction)
    case .plummer(let profile): return profile.radius(enclosingFraction: fraction)
    }
  }
}
