import Numerics

/// The projected Plummer (1911, MNRAS 71, 460) sphere, Σ(R) ∝ (1 + R²/a²)^(−2), truncated at R_t:
/// the EFF profile with γ = 4.
///
/// Closed form for the scale: the enclosed fraction is F(R) = [R²/(R² + a²)] / [R_t²/(R_t² + a²)],
/// so F(r_h) = 1/2 gives a = r_h · k / √(k² − 2) with k = R_t / r_h (a = r_h when untruncated).
public struct PlummerProfile: ProjectedProfile, Equatable {
  /// Truncation radius used when none is given, in units of r_h (as for EFF).
  public static let defaultTruncationInHalfLightRadii = EFFProfile.defaultTruncationInHalfLightRadii

  /// The equivalent EFF profile (γ = 4) that does the arithmetic.
  public let equivalentEFF: EFFProfile

  public var rHalfLightParsecs: Double { equivalentEFF.rHalfLightParsecs }
  public var truncationRadiusParsecs: Double { equivalentEFF.truncationRadiusParsecs }
  /// The Plummer radius a (the projected and 3-D half-mass radii of the untruncated sphere are
  /// a and ≈ 1.305 a).
  public var scaleRadiusParsecs: Double { equivalentEFF.scaleRadiusParsecs }

  /// A Plummer profile with projected half-light radius r_h, truncated at `truncationRadiusParsecs`
  /// (default `defaultTruncationInHalfLightRadii` × r_h; `.infinity` allowed). R_t must exceed √2 r_h.
  public init(rHalfLightParsecs: Double, truncationRadiusParsecs: Double? = nil) throws(FieldError) {
    guard rHalfLightParsecs.isFinite, rHalfLightParsecs > 0 else {
      throw FieldError(
        field: "rHalfLightParsecs", value: "\(rHalfLightParsecs)", rule: "must be a finite number of parsecs > 0")
    }
    let truncation = truncationRadiusParsecs ?? Self.defaultTruncationInHalfLightRadii * rHalfLightParsecs
    let scale: Double
    if truncation == .infinity {
      scale = rHalfLightParsecs
    } else {
      let k = truncation / rHalfLightParsecs
      guard truncation.isFinite, k * k > 2 else {
        throw FieldError(
          field: "truncationRadiusParsecs", value: "\(truncation)",
          rule: "must exceed √2 × rHalfLightParsecs = \(2.0.squareRoot() * rHalfLightParsecs) pc")
      }
      scale = rHalfLightParsecs * k / (k * k - 2).squareRoot()
    }
    equivalentEFF = EFFProfile(
      verifiedGamma: 4, scaleRadiusParsecs: scale, truncationRadiusParsecs: truncation,
      rHalfLightParsecs: rHalfLightParsecs)
  }

  public func surfaceDensity(atRadiusParsecs radius: Double) -> Double {
    equivalentEFF.surfaceDensity(atRadiusParsecs: radius)
  }

  public func cumulativeFraction(withinRadiusParsecs radius: Double) -> Double {
    equivalentEFF.cumulativeFraction(withinRadiusParsecs: radius)
  }

  public func radius(enclosingFraction fraction: Double) -> Double {
    equivalentEFF.radius(enclosingFraction: fraction)
  }
}
