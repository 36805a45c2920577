import Foundation
import Optics
import Rendering
import Testing

@Suite("Renderer physics: flux, edges, sub-pixel placement, bands")
struct RenderPhysicsTests {
  static let moffat = try! MoffatPSF(beta: 2.5, fwhmPixels: 2.0)
  static let moffatTable = try! RenderPSFTable(psf: moffat)
  static let gaussian = try! GaussianPSF(sigmaPixels: 1.3)
  static let gaussianTable = try! RenderPSFTable(psf: gaussian)

  func total(_ image: ImageCube, band: Int = 0) -> Double { image.total(band: band) }

  @Test func fluxIsConservedForStarsWellInside() throws {
    // Stars ≥ 17 px from every edge keep the whole support; Float32 accumulation of ~10³ values
    // limits the sum to ~1e-6, the phase blend conserves light exactly (blend of unit sums). A
    // split star (ε > 0) keeps its light exactly only on average over phases (RenderSplitTests);
    // one star is off by at most the table's `maximumWingMisplacedLight` (≈10⁻³).
    let flux = 12345.678
    for (table, label) in [(Self.moffatTable, "Moffat"), (Self.gaussianTable, "Gaussian")] {
      for epsilon in [0.0, 0.5, 5.0] {
        let renderer = try Renderer(width: 48, height: 48, tables: [table], wingErrorLimitCounts: epsilon)
        for (x, y) in [(23.0, 24.0), (23.37, 24.81), (24.5, 23.5), (22.999, 25.001)] {
          let stars = try RenderStarList(x: [x], y: [y], flux: [[flux]])
          let relative = abs(total(try renderer.render(stars)) / flux - 1)
          let limit = epsilon == 0 ? 1e-4 : table.maximumWingMisplacedLight[0] + 1e-5
          #expect(relative < limit, "\(label) ε=\(epsilon) at (\(x), \(y)): relative flux error \(relative)")
        }
      }
    }
  }

  @Test func lightOffTheEdgeIsLostNotWrapped() throws {
    let renderer = try Renderer(width: 32, height: 32, tables: [Self.gaussianTable])
    // A star half a pixel beyond the left edge, and one beyond the bottom-right corner.
    let stars = try RenderStarList(x: [-0.5, 33.2], y: [16.3, 32.6], flux: [[1000, 1000]])
    let image = try renderer.render(stars)
    // Light kept = Gaussian mass inside [−½, 31.5]²: exactly ½ in x for the star on the edge
    // line; Φ((31.5 − 33.2)/σ)·Φ((31.5 − 32.6)/σ) for the one beyond the corner.
    let phi = { (t: Double) -> Double in 0.5 * erfc(-t / 2.0.squareRoot()) }
    let sigma = 1.3
    let expected =
      1000 * 0.5 * (phi((31.5 - 16.3) / sigma) - phi((-0.5 - 16.3) / sigma))
      + 1000 * phi((31.5 - 33.2) / sigma) * phi((31.5 - 32.6) / sigma)
    #expect(abs(total(image) / expected - 1) < 1e-4, "kept \(total(image)) vs \(expected)")
    // Nothing appears on the far side: right columns of the left star's rows are empty.
    for y in 0..<24 {
      #expect(image[0, 31, y] == 0, "light wrapped to the right edge at row \(y)")
    }
    // The corner star would wrap into the top-left and bottom-right corners if it wrapped.
    for a in 0..<6 {
      for b in 25..<32 {
        #expect(image[0, a, b] == 0 && image[0, b, a] == 0, "light wrapped around at (\(a), \(b))")
      }
    }
    // A star entirely outside (beyond the support) contributes nothing.
    let far = try RenderStarList(x: [-20], y: [10], flux: [[1e6]])
    #expect(total(try renderer.render(far)) == 0)
  }

  @Test func pixelCentredAndOffsetStarsLandWhereTheyShould() throws {
    let renderer = try Renderer(width: 21, height: 21, tables: [Self.moffatTable])
    let centred = try renderer.render(try RenderStarList(x: [10], y: [10], flux: [[1]]))
    // Centred: the peak is pixel (10, 10) and the image is symmetric under x ↔ 20 − x and x ↔ y.
    #expect(
      centred.pixels.indices.max { centred.pixels[$0] < centred.pixels[$1] } == centred.index(band: 0, x: 10, y: 10))
    for y in 0..<21 {
      for x in 0..<21 {
        #expect(abs(centred[0, x, y] - centred[0, 20 - x, y]) < 2e-7)
        #expect(abs(centred[0, x, y] - centred[0, y, x]) < 2e-7)
      }
    }
    #expect(abs(Double(centred[0, 10, 10]) - Self.moffat.pixelFraction(dx: 0, dy: 0)) < 1e-6)
    // Offset by exactly half a pixel in x: pixels 10 and 11 share the peak equally.
    let offset = try renderer.render(try RenderStarList(x: [10.5], y: [10], flux: [[1]]))
    #expect(abs(offset[0, 10, 10] - offset[0, 11, 10]) < 1e-6)
    #expect(offset[0, 10, 10] < centred[0, 10, 10])
    // An arbitrary offset reproduces the exact pixel integrals (blend error ≲ 1e-3 of the peak).
    let star = try RenderStarList(x: [10.29], y: [9.63], flux: [[1]])
    let image = try renderer.render(star)
    let peak = Self.moffat.pixelFraction(dx: 0, dy: 0)
    for y in 5...15 {
      for x in 5...15 {
        let exact = Self.moffat.pixelFraction(dx: Double(x) - 10.29, dy: Double(y) - 9.63)
        #expect(abs(Double(image[0, x, y]) - exact) < 1e-3 * peak)
      }
    }
  }

  @Test func bandsRenderInOnePassThroughTheirOwnPSFs() throws {
    let sharp = try RenderPSFTable(psf: GaussianPSF(sigmaPixels: 0.9))
    let tables = [Self.moffatTable, sharp, Self.moffatTable]
    let renderer = try Renderer(width: 40, height: 30, tables: tables)
    let stars = try RenderStarList(
      x: [5.2, 20.7, 38.9, 13.1], y: [3.3, 15.5, 28.2, 22.0],
      flux: [[100, 200, 300, 400], [10, 20, 30, 40], [0, 5, 0, 7]])
    let image = try renderer.render(stars)
    for band in 0..<3 {
      let single = try Renderer(width: 40, height: 30, tables: [tables[band]])
      let alone = try single.render(try RenderStarList(x: stars.x, y: stars.y, flux: [stars.flux[band]]))
      #expect(Array(image.band(band)) == alone.pixels)
    }
    #expect(throws: RenderError.self) { try renderer.render(try RenderStarList(x: [1], y: [1], flux: [[1]])) }
  }
}
