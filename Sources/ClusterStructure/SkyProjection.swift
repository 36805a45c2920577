import Foundation
import Numerics

/// Conversions from parsecs in the cluster's sky plane to arcseconds and image pixels.
///
/// Distance from the distance modulus μ = 5 log10(d / 10 pc): d = 10^(μ/5 + 1) pc. Angles use
/// the small-angle relation θ = R/d (relative error < (R/d)²/3 ≈ 10⁻¹⁰ for clusters in M31).
public struct SkyProjection: Sendable, Equatable {
  /// Arcseconds per radian: 180 × 3600 / π.
  public static let arcsecondsPerRadian = 180.0 * 3600.0 / Double.pi
  /// M31's distance modulus (McConnachie et al. 2005): Starmill's default.
  public static let m31DistanceModulus = 24.47

  public let distanceModulus: Double
  /// The image grid's pixel scale (arcsec per pixel).
  public let pixelScaleArcsec: Double

  public init(distanceModulus: Double = SkyProjection.m31DistanceModulus, pixelScaleArcsec: Double)
    throws(FieldError)
  {
    guard distanceModulus.isFinite else {
      throw FieldError(field: "distanceModulus", value: "\(distanceModulus)", rule: "must be finite")
    }
    guard pixelScaleArcsec.isFinite, pixelScaleArcsec > 0 else {
      throw FieldError(
        field: "pixelScaleArcsec", value: "\(pixelScaleArcsec)", rule: "must be a finite number of arcsec > 0")
    }
    self.distanceModulus = distanceModulus
    self.pixelScaleArcsec = pixelScaleArcsec
  }

  /// d = 10^(μ/5 + 1) parsecs.
  public static func distanceParsecs(distanceModulus: Double) -> Double { pow(10, distanceModulus / 5 + 1) }

  public var distanceParsecs: Double { Self.distanceParsecs(distanceModulus: distanceModulus) }

  /// Arcseconds subtended by `parsecs` at the cluster's distance.
  public func arcseconds(fromParsecs parsecs: Double) -> Double {
    parsecs / distanceParsecs * Self.arcsecondsPerRadian
  }

  /// Image pixels subtended by `parsecs`.
  public func pixels(fromParsecs parsecs: Double) -> Double { arcseconds(fromParsecs: parsecs) / pixelScaleArcsec }

  /// Parsecs per pixel (inverse of `pixels(fromParsecs: 1)`).
  public var parsecsPerPixel: Double { 1 / pixels(fromParsecs: 1) }
}
