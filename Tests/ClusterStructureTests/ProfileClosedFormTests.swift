import ClusterStructure
import Foundation
import Numerics
import Testing

/// The closed forms against independent numbers: scipy quadrature + brentq on Σ(R) itself
/// (computed by hand, see each comment) and Simpson quadrature of 2πRΣ(R) done here.
@Suite struct ProfileClosedFormTests {
  /// r_h / r_c of King (1962) profiles. Independent: scipy 1.x `quad` of 2πR Σ(R) (epsrel 1e-13)
  /// and `brentq` (xtol 1e-14) on the half-number condition. Tolerance 1e-9 relative: both sides
  /// are good to ~1e-12, so this fails on any formula slip.
  @Test(arguments: [
    (0.5, 0.917379631175), (1.0, 1.702813246221), (1.5, 2.956876453997), (2.0, 5.083050892590),
    (2.5, 8.795556572579),
  ])
  func kingHalfLightOverCoreMatchesIndependentQuadrature(concentration: Double, expected: Double) throws {
    let king = try KingProfile(rHalfLightParsecs: 2, concentration: concentration)
    #expect(abs(2 / king.coreRadiusParsecs / expected - 1) < 1e-9)
    #expect(
      abs(king.tidalRadiusParsecs / king.coreRadiusParsecs - pow(10, concentration)) < 1e-9 * pow(10, concentration))
    // Round trip through the (r_c, r_t) initialiser.
    let again = try KingProfile(coreRadiusParsecs: king.coreRadiusParsecs, tidalRadiusParsecs: king.tidalRadiusParsecs)
    #expect(abs(again.rHalfLightParsecs - 2) < 1e-10)
  }

  /// a / r_h of truncated EFF profiles with R_t = k r_h. Independent: scipy `quad` + `brentq`
  /// on Σ ∝ (1 + R²/a²)^(−γ/2) (no closed form used). γ = 4 is Plummer: √(k²/(k² − 2)).
  @Test(arguments: [
    (3.0, 10.0, 0.627128347988), (2.5, 10.0, 0.382576280775), (2.5, 20.0, 0.336673766137),
    (2.0, 10.0, 0.101015254455), (1.5, 3.0, 0.073093555739), (4.0, 10.0, 1.010152544552),
  ])
  func effScaleMatchesIndependentQuadrature(gamma: Double, truncationInHalfRadii: Double, expected: Double) throws {
    let eff = try EFFProfile(rHalfLightParsecs: 1.5, gamma: gamma, truncationRadiusParsecs: 1.5 * truncationInHalfRadii)
    #expect(abs(eff.scaleRadiusParsecs / 1.5 / expected - 1) < 1e-9)
    #expect(abs(eff.cumulativeFraction(withinRadiusParsecs: 1.5) - 0.5) < 1e-12)
  }

  @Test func plummerClosedFormEqualsGenericEFFSolution() throws {
    for k in [1.5, 2.0, 5.0, 10.0, 100.0] {
      let plummer = try PlummerProfile(rHalfLightParsecs: 3, truncationRadiusParsecs: 3 * k)
      let eff = try EFFProfile(rHalfLightParsecs: 3, gamma: 4, truncationRadiusParsecs: 3 * k)
      #expect(abs(plummer.scaleRadiusParsecs / eff.scaleRadiusParsecs - 1) < 1e-12)
    }
    let untruncated = try PlummerProfile(rHalfLightParsecs: 3, truncationRadiusParsecs: .infinity)
    #expect(untruncated.scaleRadiusParsecs == 3)
    #expect(abs(untruncated.cumulativeFraction(withinRadiusParsecs: 3) - 0.5) < 1e-15)
    #expect(try PlummerProfile(rHalfLightParsecs: 3).truncationRadiusParsecs == 30)
  }

  /// Untruncated EFF: r_h = a √(2^(2/(γ−2)) − 1) (EFF87), and the (a → r_h) initialiser inverts it.
  @Test func untruncatedEFFHalfLightRadius() throws {
    for gamma in [2.2, 2.6, 3.0, 4.0, 6.0] {
      let eff = try EFFProfile(scaleRadiusParsecs: 0.7, gamma: gamma, truncationRadiusParsecs: .infinity)
      #expect(abs(eff.rHalfLightParsecs / (0.7 * (pow(2, 2 / (gamma - 2)) - 1).squareRoot()) - 1) < 1e-12)
      let back = try EFFProfile(
        rHalfLightParsecs: eff.rHalfLightParsecs, gamma: gamma, truncationRadiusParsecs: .infinity)
      #expect(abs(back.scaleRadiusParsecs / 0.7 - 1) < 1e-12)
    }
  }

  static let profiles: [ClusterProfile] = [
    .eff(try! EFFProfile(rHalfLightParsecs: 2, gamma: 3)),
    .eff(try! EFFProfile(rHalfLightParsecs: 2, gamma: 2)),
    .eff(try! EFFProfile(rHalfLightParsecs: 2, gamma: 1.8, truncationRadiusParsecs: 5)),
    .eff(try! EFFProfile(rHalfLightParsecs: 2, gamma: 2.5, truncationRadiusParsecs: .infinity)),
    .king(try! KingProfile(rHalfLightParsecs: 2, concentration: 0.8)),
    .king(try! KingProfile(rHalfLightParsecs: 2, concentration: 2.2)),
    .plummer(try! PlummerProfile(rHalfLightParsecs: 2)),
    .plummer(try! PlummerProfile(rHalfLightParsecs: 2, truncationRadiusParsecs: .infinity)),
  ]

  /// Σ is normalised and the closed-form cumulative equals ∫₀^R 2πR'Σ(R') dR' computed by
  /// composite Simpson in u = ln(1 + R/r_h) (3000 intervals; error < 1e-9 for these smooth
  /// integrands). Tolerance 1e-8 absolute on a fraction.
  @Test(arguments: profiles)
  func cumulativeEqualsQuadratureOfSurfaceDensity(profile: ClusterProfile) {
    let rh = profile.rHalfLightParsecs
    let outer = min(profile.truncationRadiusParsecs, 50 * rh)
    // Radii strictly inside the truncation: Simpson's rule cannot integrate across the edge.
    for radius in [0.01 * rh, 0.3 * rh, rh, 2.7 * rh, 0.999 * outer] where radius < profile.truncationRadiusParsecs {
      let upper = log1p(radius / rh)
      let intervals = 3000
      let step = upper / Double(intervals)
      var sum = 0.0
      for index in 0...intervals {
        let u = Double(index) * step
        let r = rh * expm1(u)
        let integrand = 2 * Double.pi * r * profile.surfaceDensity(atRadiusParsecs: r) * rh * exp(u)
        let weight = index == 0 || index == intervals ? 1.0 : (index % 2 == 1 ? 4.0 : 2.0)
        sum += weight * integrand
      }
      let quadrature = sum * step / 3
      #expect(abs(quadrature - profile.cumulativeFraction(withinRadiusParsecs: radius)) < 1e-8, "R = \(radius)")
    }
    if profile.truncationRadiusParsecs.isFinite {
      #expect(profile.cumulativeFraction(withinRadiusParsecs: profile.truncationRadiusParsecs) == 1)
      #expect(profile.surfaceDensity(atRadiusParsecs: profile.truncationRadiusParsecs * 1.0001) == 0)
    }
  }

  /// The inverse cumulative is exact to rounding: F⁻¹(F(R)) = R to 1e-10 relative, from 10⁻⁴ r_h
  /// out to the truncation, and F(F⁻¹(f)) = f for tiny and near-one f.
  @Test(arguments: profiles)
  func inverseCumulativeIsExact(profile: ClusterProfile) {
    let rh = profile.rHalfLightParsecs
    let outer = min(profile.truncationRadiusParsecs, 1e3 * rh)
    var radius = 1e-4 * rh
    while radius < 0.9999 * outer {
      let back = profile.radius(enclosingFraction: profile.cumulativeFraction(withinRadiusParsecs: radius))
      #expect(abs(back / radius - 1) < 1e-10, "R = \(radius)")
      radius *= 1.37
    }
    for fraction in [1e-12, 1e-6, 0.25, 0.5, 0.9, 0.999, 1 - 1e-9] {
      let r = profile.radius(enclosingFraction: fraction)
      #expect(abs(profile.cumulativeFraction(withinRadiusParsecs: r) - fraction) < 1e-12 + 1e-10 * fraction)
    }
    #expect(profile.radius(enclosingFraction: 0) == 0)
  }

  /// Each rule is reported as a `FieldError`: the parameter's name, its value and the rule.
  @Test func invalidParametersAreRejectedWithTheRuleBroken() throws {
    #expect(
      throws: FieldError(field: "gamma", value: "0.0", rule: "the EFF slope gamma must be a finite number > 0")
    ) { try EFFProfile(rHalfLightParsecs: 1, gamma: 0) }
    #expect(
      throws: FieldError(field: "rHalfLightParsecs", value: "-1.0", rule: "must be a finite number of parsecs > 0")
    ) { try EFFProfile(rHalfLightParsecs: -1, gamma: 3) }
    #expect(
      throws: FieldError(
        field: "truncationRadiusParsecs", value: "inf",
        rule: "an untruncated EFF profile has finite light only for gamma > 2 (gamma = 2.0)")
    ) { try EFFProfile(rHalfLightParsecs: 1, gamma: 2, truncationRadiusParsecs: .infinity) }
    // A uniform disc is the least concentrated profile: R_t ≤ √2 r_h is impossible.
    #expect(
      throws: FieldError(
        field: "truncationRadiusParsecs", value: "1.41",
        rule: "must exceed √2 × rHalfLightParsecs = \(2.0.squareRoot()) pc: "
          + "even a uniform disc has half its stars within R_t/√2")
    ) { try EFFProfile(rHalfLightParsecs: 1, gamma: 3, truncationRadiusParsecs: 1.41) }
    #expect(
      throws: FieldError(
        field: "truncationRadiusParsecs", value: "1.4",
        rule: "must exceed √2 × rHalfLightParsecs = \(2.0.squareRoot()) pc")
    ) { try PlummerProfile(rHalfLightParsecs: 1, truncationRadiusParsecs: 1.4) }
    // γ = 1.5 cannot hold half its stars within r_h when R_t ≥ 2^(1/0.5) r_h = 4 r_h.
    #expect(
      throws: FieldError(
        field: "truncationRadiusParsecs", value: "4.5",
        rule: "an EFF profile with gamma = 1.5 < 2 puts half its stars within r_h only if "
          + "R_t < 2^(1/(2−gamma)) r_h = 4.0 pc")
    ) { try EFFProfile(rHalfLightParsecs: 1, gamma: 1.5, truncationRadiusParsecs: 4.5) }
    #expect(
      throws: FieldError(field: "concentration", value: "0.0", rule: "c = log10(r_t/r_c) must be in (0, 100]")
    ) { try KingProfile(rHalfLightParsecs: 1, concentration: 0) }
    #expect(
      throws: FieldError(
        field: "tidalRadiusParsecs", value: "0.5", rule: "must be finite and exceed coreRadiusParsecs = 1.0 pc")
    ) { try KingProfile(coreRadiusParsecs: 1, tidalRadiusParsecs: 0.5) }
    let plummer = ClusterProfile.plummer(try PlummerProfile(rHalfLightParsecs: 1))
    #expect(
      throws: FieldError(field: "ellipticity", value: "1.0", rule: "ellipticity 1 − b/a must be in [0, 1)")
    ) { try ClusterMorphology(profile: plummer, ellipticity: 1) }
    do {
      _ = try EFFProfile(rHalfLightParsecs: 1, gamma: 3, truncationRadiusParsecs: 1.2)
      Issue.record("expected an error")
    } catch {
      #expect(error.field == "truncationRadiusParsecs")
      #expect(error.value == "1.2")
      #expect(error.description.hasPrefix("truncationRadiusParsecs = 1.2: must exceed √2"))
    }
  }
}
