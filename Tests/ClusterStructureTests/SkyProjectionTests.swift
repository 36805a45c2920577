import ClusterStructure
import Foundation
import Numerics
import Testing

@Suite struct SkyProjectionTests {
  /// d = 10^(μ/5+1) pc: μ = 0 → 10 pc, μ = 5 → 100 pc; M31 (μ = 24.47) → 783.4 kpc, where the
  /// data README quotes 1″ ≈ 3.8 pc and one 0.05″ ACS pixel ≈ 0.19 pc.
  @Test func distanceAndAngularScale() throws {
    #expect(abs(SkyProjection.distanceParsecs(distanceModulus: 0) - 10) < 1e-12)
    #expect(abs(SkyProjection.distanceParsecs(distanceModulus: 5) - 100) < 1e-10)
    let m31 = try SkyProjection(pixelScaleArcsec: 0.05)
    #expect(abs(m31.distanceParsecs / 783_429.6 - 1) < 1e-6)
    // 1 pc at d subtends 206264.806247″ / d (IAU radian in arcsec).
    #expect(abs(m31.arcseconds(fromParsecs: 1) - 206_264.806_247 / m31.distanceParsecs) < 1e-9)
    #expect(abs(1 / m31.arcseconds(fromParsecs: 1) - 3.8) < 0.05)
    #expect(abs(m31.parsecsPerPixel - 0.19) < 0.005)
    #expect(abs(m31.pixels(fromParsecs: 1) * m31.parsecsPerPixel - 1) < 1e-14)
    #expect(
      throws: FieldError(field: "pixelScaleArcsec", value: "0.0", rule: "must be a finite number of arcsec > 0")
    ) { try SkyProjection(pixelScaleArcsec: 0) }
    #expect(throws: FieldError(field: "distanceModulus", value: "nan", rule: "must be finite")) {
      try SkyProjection(distanceModulus: .nan, pixelScaleArcsec: 0.05)
    }
  }

  @Test func placementPutsTheCentreOnTheImageCentre() throws {
    let placement = ClusterPlacement.centred(width: 80, height: 60, offsetXPixels: 1.25, offsetYPixels: -0.5)
    #expect(placement.centreXPixels == 40.75)
    #expect(placement.centreYPixels == 29)
    let projection = try SkyProjection(distanceModulus: 24.47, pixelScaleArcsec: 0.05)
    let pixels = placement.pixelPositions(
      ofParsecOffsets: [PlanePosition(x: 0, y: 0), PlanePosition(x: 1, y: -2)], projection: projection)
    #expect(pixels[0] == PlanePosition(x: 40.75, y: 29))
    let perParsec = projection.pixels(fromParsecs: 1)
    #expect(abs(pixels[1].x - (40.75 + perParsec)) < 1e-12)
    #expect(abs(pixels[1].y - (29 - 2 * perParsec)) < 1e-12)
  }
}
