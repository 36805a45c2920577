import Numerics
import Optics
import StarmillTestSupport
import Testing

@testable import Rendering

/// The one-pass renderer (`Renderer.drawStars`: every star drawn into every PSF group before the
/// next star) against the straightforward per-group path it replaced (`referenceDrawGroup` below:
/// one full pass over the star list per group). Both leave the band buffers and the wing
/// deposits that the rest of `render` turns into the image, so the comparison is of those, bit for
/// bit; with ε = 0 the final images are also compared with one single-band `Renderer` per band.
@Suite("One pass over the star list: bit-identical to rendering each PSF group separately")
struct RenderOnePassTests {
  // Distinct tables: two P = 16 (Moffat, Gaussian) and one P = 32, so the pass recomputes the
  // phase for a second phase count; supports small enough to stay cheap in a debug build.
  static let moffat = try! RenderPSFTable(psf: MoffatPSF(beta: 2.5, fwhmPixels: 1.8))
  static let gaussian = try! RenderPSFTable(psf: GaussianPSF(sigmaPixels: 1.2))
  static let sharp = try! RenderPSFTable(psf: GaussianPSF(sigmaPixels: 0.8), phasesPerPixel: 32)
  // A third P = 16 table: three distinct tables sharing P take the pre-pass's block path with
  // one-band groups (the PHAT case), and pairs of bands whose bands lie in different groups.
  static let wide = try! RenderPSFTable(psf: MoffatPSF(beta: 3, fwhmPixels: 2.4))

  static let configurations: [(label: String, tables: [RenderPSFTable])] = [
    ("shared", [moffat, moffat, moffat]),
    ("3 distinct", [moffat, gaussian, sharp]),
    ("interleaved groups", [moffat, sharp, moffat, gaussian, sharp]),
    ("one band", [moffat]),
    ("five bands, one table", [moffat, moffat, moffat, moffat, moffat]),
    ("3 distinct, shared P", [moffat, gaussian, wide]),
    ("groups of 2 and 1, shared P", [moffat, gaussian, moffat]),
    ("4 bands, 3 groups, shared P", [gaussian, wide, moffat, wide]),
  ]

  /// Stars inside, on and far beyond the edges (past the wing's guard band), fluxes over 6 decades
  /// (every split class), with some band fluxes and some whole stars at 0.
  static func stars(bands: Int, width: Int, height: Int, count: Int, seed: UInt64) throws -> RenderStarList {
    let random = RandomGenerator(seed: seed, stream: 3)
    var xs: [Double] = []
    var ys: [Double] = []
    var flux = [[Double]](repeating: [], count: bands)
    for star in 0..<count {
      xs.append(random.uniform(-45, Double(width) + 45))
      ys.append(random.uniform(-45, Double(height) + 45))
      let reference = random.powerLaw(alpha: 2, lower: 1, upper: 1e6)
      for band in 0..<bands {
        let zero = star % 11 == 0 || random.uniform() < 0.1
        flux[band].append(zero ? 0 : reference * random.uniform(0.3, 3))
      }
    }
    return try RenderStarList(x: xs, y: ys, flux: flux)
  }

  /// The band buffers (with their guards) and wing deposits after drawing `stars`, by the one pass or by the
  /// per-group reference, and whether any star was deposited.
  static func accumulated(_ renderer: Renderer, _ stars: RenderStarList, onePass: Bool) -> (
    bands: [Float], wing: [Float], deposited: Bool
  ) {
    let bandStride = renderer.height * renderer.width
    let guardFloats = renderer.bandGuard
    var bands = [Float](repeating: 0, count: renderer.bandCount * bandStride + 2 * guardFloats)
    var wing = [Float](repeating: 0, count: renderer.wing.map { $0.pairCount * $0.pairFloats } ?? 0)
    var deposited = false
    bands.withUnsafeMutableBufferPointer { bandBuffer in
      wing.withUnsafeMutableBufferPointer { wingBuffer in
        let wingData = renderer.wing == nil ? nil : wingBuffer.baseAddress
        if onePass {
          deposited = renderer.drawStars(
            stars, origin: bandBuffer.baseAddress! + guardFloats, bandStride: bandStride, depositPairs: wingData)
        } else {
          for group in renderer.groups {
            deposited =
              referenceDrawGroup(
                renderer, group.table, bands: group.bands, stars: stars, origin: bandBuffer.baseAddress! + guardFloats,
                bandStride: bandStride, wingData: wingData) || deposited
          }
        }
      }
    }
    return (bands, wing, deposited)
  }

  @Test(arguments: [0.0, 0.5, 20.0])
  func onePassMatchesThePerGroupPathBitForBit(epsilon: Double) throws {
    let (width, height) = (40, 29)
    for (label, tables) in Self.configurations {
      let renderer = try Renderer(width: width, height: height, tables: tables, wingErrorLimitCounts: epsilon)
      // 299 and 300 stars: two pre-pass blocks, the second with a partial and a whole last lane group.
      for seed in [1, 2] as [UInt64] {
        let stars = try Self.stars(
          bands: tables.count, width: width, height: height, count: 298 + Int(seed), seed: seed)
        let pass = Self.accumulated(renderer, stars, onePass: true)
        let reference = Self.accumulated(renderer, stars, onePass: false)
        #expect(pass.deposited == reference.deposited, "\(label) ε=\(epsilon) seed \(seed)")
        // The test must exercise what it claims: light in every band, and split stars when ε > 0.
        #expect(pass.bands.contains { $0 != 0 })
        #expect(pass.deposited == (epsilon > 0), "\(label) ε=\(epsilon): deposited \(pass.deposited)")
        let bandMismatches = zip(pass.bands, reference.bands).filter { $0.bitPattern != $1.bitPattern }.count
        let wingMismatches = zip(pass.wing, reference.wing).filter { $0.bitPattern != $1.bitPattern }.count
        #expect(bandMismatches == 0, "\(label) ε=\(epsilon) seed \(seed): \(bandMismatches) band floats differ")
        #expect(wingMismatches == 0, "\(label) ε=\(epsilon) seed \(seed): \(wingMismatches) wing floats differ")
        if epsilon == 0 {
          // Public path: the whole image against one single-band renderer per band.
          let image = try renderer.render(stars)
          for band in 0..<tables.count {
            let single = try Renderer(width: width, height: height, tables: [tables[band]])
            let alone = try single.render(try RenderStarList(x: stars.x, y: stars.y, flux: [stars.flux[band]]))
            let same = zip(image.band(band), alone.pixels).allSatisfy { $0.bitPattern == $1.bitPattern }
            #expect(same, "\(label) band \(band) seed \(seed): differs from the single-band render")
          }
        }
      }
    }
  }

  @Test func emptyAndDarkStarListsLeaveTheImageBlack() throws {
    let renderer = try Renderer(width: 16, height: 16, tables: [Self.moffat, Self.sharp], wingErrorLimitCounts: 1)
    for stars in [
      try RenderStarList(x: [], y: [], flux: [[], []]),
      try RenderStarList(x: [3, 8.5], y: [4, 9.2], flux: [[0, 0], [0, 0]]),
    ] {
      #expect(try renderer.render(stars).pixels.allSatisfy { $0 == 0 })
    }
  }
}

/// The per-group path the one pass replaced, kept as the reference (with the bulk rule added): one
/// pass over all stars for the bands of one table, drawing into the band buffers and depositing
/// split and bulk stars' flux (stamp columns clipped to the image); returns whether any star was
/// deposited.
private func referenceDrawGroup(
  _ renderer: Renderer, _ table: RenderPSFTable, bands: [Int], stars: RenderStarList,
  origin: UnsafeMutablePointer<Float>, bandStride: Int, wingData: UnsafeMutablePointer<Float>?
) -> Bool {
  let (width, height, wing) = (renderer.width, renderer.height, renderer.wing)
  let phases = table.phasesPerPixel
  let phaseCount = phases + 1
  let phaseScale = Double(phases)
  let classCount = table.classRadii.count
  let fluxLimits: [Double] = (0..<classCount).map { c in
    if c == classCount - 1 { return .infinity }
    guard wingData != nil else { return 0 }
    let error = table.maximumWingError[c]
    return error > 0 ? renderer.wingErrorLimit(ofBands: bands) / error : .infinity
  }
  let bandCount = bands.count
  let bandOrigins = bands.map { origin + $0 * bandStride }
  var fluxes = [Float](repeating: 0, count: stars.count * bandCount)
  var peaks = [Double](repeating: 0, count: stars.count)
  for (k, band) in bands.enumerated() {
    for (star, value) in stars.flux[band].enumerated() {
      fluxes[star * bandCount + k] = Float(value)
      peaks[star] = max(peaks[star], value)
    }
  }
  let reach = wing?.reach ?? 0
  let fftWidth = wing?.fftWidth ?? 1
  let guardX = wing?.guardX ?? 0
  let guardY = wing?.guardY ?? 0
  let lastClass = classCount - 1
  let wingOrigins: [UnsafeMutablePointer<Float>] =
    wingData.map { data in
      bands.map { band in
        let (pair, part) = wing!.slot(band: band)
        return data + pair * wing!.pairFloats + part
      }
    } ?? []
  var deposited = false
  let halfPhases = phases / 2
  for star in 0..<peaks.count {
    let peakFlux = peaks[star]
    if peakFlux <= 0 { continue }
    let bulk = wingData != nil && peakFlux * table.maximumBulkError <= renderer.wingErrorLimit(ofBands: bands)
    var cls = 0
    while !bulk && peakFlux > fluxLimits[cls] { cls += 1 }
    let (x, y) = (stars.x[star], stars.y[star])
    let nx = (x + 0.5).rounded(.down)
    let ny = (y + 0.5).rounded(.down)
    let tx = (x - nx + 0.5) * phaseScale
    let ty = (y - ny + 0.5) * phaseScale
    let p = min(Int(tx), phases - 1)
    let q = min(Int(ty), phases - 1)
    let fx = Float(tx - Double(p))
    let fy = Float(ty - Double(q))
    if bulk || cls < lastClass {
      let cellX = Int(nx) + (p < halfPhases ? -2 : -1)
      let cellY = Int(ny) + (q < halfPhases ? -2 : -1)
      if cellX + 3 >= -reach && cellX <= width + reach - 1 && cellY + 3 >= -reach && cellY <= height + reach - 1 {
        if cellX >= -guardX && cellX + 3 <= width + guardX - 1 && cellY >= -guardY && cellY + 3 <= height + guardY - 1 {
          deposited = true
          let wx = table.depositWeights(interval: p, fraction: fx)
          let wy = table.depositWeights(interval: q, fraction: fy)
          for jj in 0..<4 {
            let row = (cellY + jj + guardY) * fftWidth + cellX + guardX
            for ii in 0..<4 {
              // The cell weight and the deposit in Float32 (the planes' type).
              let w = wy[jj] * wx[ii]
              for k in 0..<bandCount { wingOrigins[k][2 * (row + ii)] += fluxes[star * bandCount + k] * w }
            }
          }
          if bulk { continue }
        } else {
          cls = lastClass
        }
      } else if bulk {
        continue
      }
    }
    let r = table.classRadii[cls]
    let left = Int(nx) - r
    let top = Int(ny) - r
    if left > width - 1 || left + 2 * r < 0 || top > height - 1 || top + 2 * r < 0 { continue }
    let w00 = (1 - fx) * (1 - fy)
    let w10 = fx * (1 - fy)
    let w01 = (1 - fx) * fy
    let w11 = fx * fy
    let size = table.stampSizes[cls]
    let rowStride = table.rowStrides[cls]
    let s00 = table.stamps[cls] + (q * phaseCount + p) * size
    let s10 = s00 + size
    let s01 = s00 + phaseCount * size
    let s11 = s01 + size
    // Scalar lanes: SIMD8 arithmetic is lane-wise, so the same operations in the same order.
    for row in max(0, -top)...min(2 * r, height - 1 - top) {
      // Columns clipped to the image: light outside it is lost.
      for column in max(0, -left)...min(2 * r, width - 1 - left) {
        let o = row * rowStride + column
        let blended = w00 * s00[o] + w10 * s10[o] + w01 * s01[o] + w11 * s11[o]
        for k in 0..<bandCount {
          let destination = bandOrigins[k] + (top + row) * width + left + column
          destination.pointee = destination.pointee + fluxes[star * bandCount + k] * blended
        }
      }
    }
  }
  return deposited
}
