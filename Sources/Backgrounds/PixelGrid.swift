import Foundation

/// The linear world coordinate system of a FITS image (FITS WCS paper II, Calabretta & Greisen
/// 2002, A&A 395, 1077): reference pixel CRPIX (1-based), reference sky point CRVAL (degrees),
/// and the CD matrix (degrees per pixel; from CDi_j, or PCi_j · CDELTi). Used to check that
/// images in different bands lie on one pixel grid.
public struct PixelGrid: Sendable, Equatable {
  public var width: Int
  public var height: Int
  /// Nil when the image carries no celestial WCS.
  public var world: World?

  public struct World: Sendable, Equatable {
    public var referencePixel: (x: Double, y: Double)
    public var referenceSky: (ra: Double, dec: Double)
    /// [[CD1_1, CD1_2], [CD2_1, CD2_2]], degrees per pixel.
    public var cd: [[Double]]

    public init(referencePixel: (x: Double, y: Double), referenceSky: (ra: Double, dec: Double), cd: [[Double]]) {
      self.referencePixel = referencePixel
      self.referenceSky = referenceSky
      self.cd = cd
    }

    public static func == (lhs: World, rhs: World) -> Bool {
      lhs.referencePixel == rhs.referencePixel && lhs.referenceSky == rhs.referenceSky && lhs.cd == rhs.cd
    }

    /// √|det CD| in arcsec: the pixel scale.
    public var pixelScaleArcsec: Double {
      (abs(cd[0][0] * cd[1][1] - cd[0][1] * cd[1][0])).squareRoot() * 3600
    }

    /// The (1-based) pixel of this grid at which `other`'s reference sky point falls, to first
    /// order about this grid's reference point (exact for identical tangent planes; the error
    /// is second order in the offset, negligible for bands of one mosaic).
    public func pixel(of sky: (ra: Double, dec: Double)) -> (x: Double, y: Double) {
      var dRA = sky.ra - referenceSky.ra
      if dRA > 180 { dRA -= 360 }
      if dRA < -180 { dRA += 360 }
      let xi = dRA * cos(referenceSky.dec * .pi / 180)
      let eta = sky.dec - referenceSky.dec
      let det = cd[0][0] * cd[1][1] - cd[0][1] * cd[1][0]
      let dx = (cd[1][1] * xi - cd[0][1] * eta) / det
      let dy = (-cd[1][0] * xi + cd[0][0] * eta) / det
      return (referencePixel.x + dx, referencePixel.y + dy)
    }
  }

  public init(width: Int, height: Int, world: World?) {
    self.width = width
    self.height = height
    self.world = world
  }

  /// How `other` differs from this grid, or nil when they agree: sizes exactly, CD matrices to
  /// `matrixTolerance` relative to the pixel scale, and the sky position of pixel (1, 1) to
  /// `pixelTolerance` pixels. Each difference names the FITS keywords involved.
  public func mismatch(_ other: PixelGrid, pixelTolerance: Double = 0.01, matrixTolerance: Double = 1e-4)
    -> String?
  {
    if width != other.width || height != other.height {
      return "NAXIS1×NAXIS2 \(other.width)×\(other.height) ≠ \(width)×\(height)"
    }
    switch (world, other.world) {
    case (nil, nil): return nil
    case (.some, nil): return "no celestial WCS (CRVAL/CRPIX/CD or CDELT) while the first band has one"
    case (nil, .some): return "a celestial WCS while the first band has none"
    case (let a?, let b?):
      let scale = a.pixelScaleArcsec / 3600
      for i in 0..<2 {
        for j in 0..<2 where abs(a.cd[i][j] - b.cd[i][j]) > matrixTolerance * scale {
          return String(
            format: "CD%d_%d %.6e ≠ %.6e (pixel scale %.5f″ vs %.5f″)", i + 1, j + 1, b.cd[i][j], a.cd[i][j],
            b.pixelScaleArcsec, a.pixelScaleArcsec)
        }
      }
      // Where does other's reference point land on this grid, vs where other says it is?
      let landed = a.pixel(of: b.referenceSky)
      let dx = landed.x - b.referencePixel.x
      let dy = landed.y - b.referencePixel.y
      if (dx * dx + dy * dy).squareRoot() > pixelTolerance {
        return String(
          format:
            "CRVAL/CRPIX put the grid %.3f px in x and %.3f px in y from the first band's (CRVAL1,2 = %.7f, %.7f; CRPIX1,2 = %.2f, %.2f)",
          dx, dy, b.referenceSky.ra, b.referenceSky.dec, b.referencePixel.x, b.referencePixel.y)
      }
      return nil
    }
  }
}
