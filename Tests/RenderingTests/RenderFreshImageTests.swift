import Foundation
import Numerics
import Optics
import Rendering
import Testing

/// `Renderer.render(_:workspace:)` writes a new image once into uninitialised storage: it must
/// give the pixels of `render(_:into:workspace:)`, which overwrites an image whatever it held,
/// bit for bit — with and without the deposit field, stars over the edges, a reused workspace.
@Suite struct RenderFreshImageTests {
  static let table = try! RenderPSFTable(psf: try! MoffatPSF(beta: 2.5, fwhmPixels: 2.0))

  /// Faint (deposited in bulk), middling (split) and bright (full stamp) stars, some off the
  /// image or across its edges, in two bands.
  static func stars(seed: UInt64, count: Int) throws -> RenderStarList {
    let generator = RandomGenerator(seed: seed)
    let x = (0..<count).map { _ in -6 + 52 * generator.uniform() }
    let y = (0..<count).map { _ in -6 + 46 * generator.uniform() }
    let flux = (0..<2).map { _ in (0..<count).map { _ in pow(10, 1 + 4.5 * generator.uniform()) } }
    return try RenderStarList(x: x, y: y, flux: flux)
  }

  @Test(arguments: [0.0, 1.0])
  func freshImageEqualsTheOverwrittenOne(wingErrorLimit: Double) throws {
    let renderer = try Renderer(
      width: 40, height: 34, tables: [Self.table, Self.table], wingErrorLimitCounts: wingErrorLimit)
    let workspace = RenderWorkspace()
    for (seed, count) in [(1, 400), (2, 3), (3, 900), (4, 0)] {
      let stars = try Self.stars(seed: UInt64(seed), count: count)
      var overwritten = ImageCube(
        bandCount: 2, width: 40, height: 34, pixels: [Float](repeating: .nan, count: 2 * 40 * 34))
      try renderer.render(stars, into: &overwritten, workspace: RenderWorkspace())
      let fresh = try renderer.render(stars, workspace: workspace)
      #expect(fresh.bandCount == 2 && fresh.width == 40 && fresh.height == 34)
      #expect(fresh.pixels.map(\.bitPattern) == overwritten.pixels.map(\.bitPattern), "seed \(seed)")
      #expect(overwritten.pixels.allSatisfy { !$0.isNaN })
      if count > 0 { #expect(fresh.total(band: 0) > 0) }
    }
    let oneBand = try RenderStarList(x: [1], y: [1], flux: [[1]])
    #expect(throws: RenderError.self) { try renderer.render(oneBand, workspace: workspace) }
  }
}
