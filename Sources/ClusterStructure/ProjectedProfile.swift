/// A circularly symmetric projected surface-density profile, normalised to one star in total.
///
/// Contract shared by every profile (EFF, King, Plummer):
/// - `surfaceDensity(atRadiusParsecs:)` is Σ(R) in stars pc⁻² for a cluster of one star, zero
///   beyond `truncationRadiusParsecs`, so that ∫₀^R_t 2πR Σ(R) dR = 1;
/// - `cumulativeFraction(withinRadiusParsecs:)` is that integral from 0 to R (closed forms);
/// - `radius(enclosingFraction:)` is its exact inverse on [0, 1);
/// - `rHalfLightParsecs` is the projected radius enclosing half of the stars of the truncated
///   profile. Positions do not depend on stellar mass (no mass segregation), so the half-number
///   and half-light radii coincide in expectation.
public protocol ProjectedProfile: Sendable {
  var rHalfLightParsecs: Double { get }
  /// The radius beyond which Σ = 0 (`+infinity` for untruncated EFF/Plummer profiles).
  var truncationRadiusParsecs: Double { get }
  func surfaceDensity(atRadiusParsecs radius: Double) -> Double
  func cumulativeFraction(withinRadiusParsecs radius: Double) -> Double
  func radius(enclosingFraction fraction: Double) -> Double
}
