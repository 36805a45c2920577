import Foundation
import Numerics

/// The King (1962, AJ 67, 471) empirical projected profile,
/// Σ(R) = k [ (1 + R²/r_c²)^(−1/2) − (1 + r_t²/r_c²)^(−1/2) ]² for R < r_t, and 0 beyond.
///
/// Closed-form cumulative (King 1962 eq. 18), with s = √(1 + R²/r_c²) and C = (1 + r_t²/r_c²)^(−1/2):
/// N(<R) = π r_c² k [ 2 ln s − 4 C (s − 1) + C² (s² − 1) ], dN/ds = 2π r_c² k (1 − C s)² / s.
/// The concentration c = log10(r_t / r_c) fixes the shape, so r_h / r_c is a function of c alone
/// (found once by the same inversion); stars are placed by inverting N(<R) per star with
/// safeguarded Newton steps (in w = s − 1) to 1e-14 relative — exact to rounding, no table, no grid.
public struct KingProfile: ProjectedProfile, Equatable {
  public let rHalfLightParsecs: Double
  /// c = log10(r_t / r_c).
  public let concentration: Double
  public let coreRadiusParsecs: Double
  /// The tidal radius r_t, where Σ falls to zero: the profile's truncation.
  public let tidalRadiusParsecs: Double

  public var truncationRadiusParsecs: Double { tidalRadiusParsecs }

  /// The concentration-dependent constants, computed once.
  private let shape: KingShape

  /// A King profile with projected half-light radius r_h and concentration c = log10(r_t/r_c) > 0.
  public init(rHalfLightParsecs: Double, concentration: Double) throws(FieldError) {
    guard rHalfLightParsecs.isFinite, rHalfLightParsecs > 0 else {
      throw FieldError(
        field: "rHalfLightParsecs", value: "\(rHalfLightParsecs)", rule: "must be a finite number of parsecs > 0")
    }
    guard concentration.isFinite, concentration > 0, concentration <= 100 else {
      throw FieldError(
        field: "concentration", value: "\(concentration)", rule: "c = log10(r_t/r_c) must be in (0, 100]")
    }
    let shape = KingShape(concentration: concentration)
    let halfOverCore = KingShape.radiusOverCore(w: shape.w(enclosingFraction: 0.5))
    self.rHalfLightParsecs = rHalfLightParsecs
    self.concentration = concentration
    self.shape = shape
    self.coreRadiusParsecs = rHalfLightParsecs / halfOverCore
    self.tidalRadiusParsecs = coreRadiusParsecs * pow(10, concentration)
  }

  /// A King profile given core and tidal radii (r_t > r_c > 0); r_h follows.
  public init(coreRadiusParsecs: Double, tidalRadiusParsecs: Double) throws(FieldError) {
    guard coreRadiusParsecs.isFinite, coreRadiusParsecs > 0 else {
      throw FieldError(
        field: "coreRadiusParsecs", value: "\(coreRadiusParsecs)", rule: "must be a finite number of parsecs > 0")
    }
    guard tidalRadiusParsecs.isFinite, tidalRadiusParsecs > coreRadiusParsecs else {
      throw FieldError(
        field: "tidalRadiusParsecs", value: "\(tidalRadiusParsecs)",
        rule: "must be finite and exceed coreRadiusParsecs = \(coreRadiusParsecs) pc")
    }
    let concentration = log10(tidalRadiusParsecs / coreRadiusParsecs)
    let shape = KingShape(concentration: concentration)
    let wHalf = shape.w(enclosingFraction: 0.5)
    self.concentration = concentration
    self.shape = shape
    self.coreRadiusParsecs = coreRadiusParsecs
    self.tidalRadiusParsecs = tidalRadiusParsecs
    self.rHalfLightParsecs = coreRadiusParsecs * KingShape.radiusOverCore(w: wHalf)
  }

  public func surfaceDensity(atRadiusParsecs radius: Double) -> Double {
    guard radius >= 0, radius < tidalRadiusParsecs else { return 0 }
    let x = radius / coreRadiusParsecs
    let difference = 1 / (1 + x * x).squareRoot() - shape.c
    return difference * difference / (Double.pi * coreRadiusParsecs * coreRadiusParsecs * shape.total)
  }

  public func cumulativeFraction(withinRadiusParsecs radius: Double) -> Double {
    guard radius > 0 else { return 0 }
    guard radius < tidalRadiusParsecs else { return 1 }
    let x = radius / coreRadiusParsecs
    return shape.enclosed(w: KingShape.w(x)) / shape.total
  }

  public func radius(enclosingFraction fraction: Double) -> Double {
    guard fraction > 0 else { return 0 }
    guard fraction < 1 else { return tidalRadiusParsecs }
    return coreRadiusParsecs * KingShape.radiusOverCore(w: shape.w(enclosingFraction: fraction))
  }
}

/// The King cumulative in w = s − 1 = √(1 + R²/r_c²) − 1 (w, not s, so that small radii keep
/// full relative precision), for a given concentration.
struct KingShape: Sendable, Equatable {
  /// C = (1 + r_t²/r_c²)^(−1/2).
  let c: Double
  /// w at the tidal radius.
  let wTidal: Double
  /// N(<r_t) / (π r_c² k).
  let total: Double

  init(concentration: Double) {
    let tidalOverCore = pow(10, concentration)
    wTidal = KingShape.w(tidalOverCore)
    c = 1 / (1 + wTidal)
    total = KingShape.enclosed(w: wTidal, c: c)
  }

  /// w = x²/(√(1+x²) + 1) for x = R/r_c, without cancellation at small x.
  static func w(_ x: Double) -> Double { x * x / ((1 + x * x).squareRoot() + 1) }

  /// R/r_c for a given w: √(w (w + 2)).
  static func radiusOverCore(w: Double) -> Double { (w * (w + 2)).squareRoot() }

  /// N(<R)/(π r_c² k) = 2 ln(1 + w) − 4Cw + C² w (w + 2).
  static func enclosed(w: Double, c: Double) -> Double {
    2 * log1p(w) - 4 * c * w + c * c * w * (w + 2)
  }

  func enclosed(w: Double) -> Double { Self.enclosed(w: w, c: c) }

  /// The w enclosing `fraction` of the stars: the closed form inverted by safeguarded Newton
  /// (dN/dw = 2 (1 − C(1 + w))² / (1 + w)).
  func w(enclosingFraction fraction: Double) -> Double {
    let c = self.c
    return MonotoneInversion.safeguardedNewton(
      target: fraction * total, lower: 0, upper: wTidal,
      { w in KingShape.enclosed(w: w, c: c) },
      { w in
        let d = 1 - c * (1 + w)
        return 2 * d * d / (1 + w)
      })
  }
}
