import Foundation
import Numerics
import Optics
import Testing

@testable import Rendering

/// `RenderWorkspace`'s buffer contract: the band buffer is not cleared before a render but left
/// zero by the previous one (its read-back stores +0 over every pixel it reads). A render through
/// a workspace that has rendered other stars, other sizes and other band counts must therefore
/// equal the render through a fresh workspace bit for bit, and leave the band buffer all +0.
@Suite struct RenderWorkspaceReuseTests {
  static let moffat = try! RenderPSFTable(psf: try! MoffatPSF(beta: 2.5, fwhmPixels: 2.0))
  static let sharp = try! RenderPSFTable(psf: try! MoffatPSF(beta: 3.5, fwhmPixels: 1.4))

  /// Faint (bulk), middling (split) and bright (full stamp) stars, some across the edges and some
  /// beyond them.
  static func stars(bands: Int, width: Int, height: Int, count: Int, seed: UInt64) throws -> RenderStarList {
    let generator = RandomGenerator(seed: seed)
    let x = (0..<count).map { _ in -8 + Double(width + 16) * generator.uniform() }
    let y = (0..<count).map { _ in -8 + Double(height + 16) * generator.uniform() }
    let flux = (0..<bands).map { _ in (0..<count).map { _ in pow(10, 1 + 4.5 * generator.uniform()) } }
    return try RenderStarList(x: x, y: y, flux: flux)
  }

  @Test func reusedWorkspaceRendersLikeAFreshOneAndIsLeftClean() throws {
    // Three bands (a pair and an unpaired band in the deposit field, two PSF groups), two bands,
    // one band; with and without the deposit field; the sizes change between renders, so a later
    // render reads buffer regions that an earlier one wrote with other strides.
    let renderers = [
      try Renderer(width: 40, height: 31, tables: [Self.moffat, Self.sharp, Self.moffat], wingErrorLimitCounts: 1),
      try Renderer(width: 23, height: 44, tables: [Self.moffat, Self.moffat], wingErrorLimitCounts: 0.5),
      try Renderer(width: 40, height: 31, tables: [Self.sharp, Self.moffat, Self.moffat], wingErrorLimitCounts: 0),
      try Renderer(width: 17, height: 17, tables: [Self.sharp], wingErrorLimitCounts: 2),
    ]
    let shared = RenderWorkspace()
    var renders = 0
    for seed in 1...3 as ClosedRange<UInt64> {
      for (index, renderer) in renderers.enumerated() {
        let stars = try Self.stars(
          bands: renderer.bandCount, width: renderer.width, height: renderer.height, count: 250 * Int(seed),
          seed: 10 * seed + UInt64(index))
        let reused = try renderer.render(stars, workspace: shared)
        let fresh = try renderer.render(stars, workspace: RenderWorkspace())
        #expect(
          reused.pixels.map(\.bitPattern) == fresh.pixels.map(\.bitPattern), "renderer \(index), seed \(seed)")
        #expect(fresh.total(band: 0) > 0)
        #expect(shared.buffer.allSatisfy { $0.bitPattern == 0 }, "band buffer left dirty: renderer \(index)")
        renders += 1
      }
    }
    #expect(renders == 12)
  }
}
