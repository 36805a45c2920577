import Numerics

/// Renders star lists into multi-band images through each band's PSF, exactly and fast.
///
/// Each star is placed at its exact sub-pixel position: its stamp is the bilinear blend of the
/// four precomputed phase stamps around its phase (`RenderPSFTable`), scaled by its flux in each
/// band. Light falling outside the image is lost, never wrapped.
///
/// One pass: the star list is traversed once, in list order. For each star the fluxes of all
/// bands are read once, its pixel n = ⌊x + ½⌋ (per axis) once, and its phase indices and blend
/// weights once per distinct `phasesPerPixel` among the tables; then, before the next star, it is
/// drawn into every group of bands that share one `RenderPSFTable` instance (groups in order of
/// their first band): one blended stamp per group, one multiply-add per band and pixel, and the
/// group's deposit. Every band buffer and every band's deposit plane therefore receives the
/// stars' contributions in list order with the same floating-point operations as rendering each
/// group alone: the image is bit-identical to rendering the groups separately (and, with ε = 0, to
/// rendering each band with a single-band `Renderer`).
///
/// Deposit field + stamps (`wingErrorLimitCountsPerBand` = ε per band, in the image's units per pixel;
/// 0, the default, draws every star with its full stamp; a group of bands sharing a table uses the
/// smallest ε of its bands): within each group a star with F, its largest flux among the group's
/// bands, is drawn
/// - in bulk, by its deposit alone, when `F · maximumBulkError ≤ ε` (faint stars: most of a real
///   cluster's stars, at a few tens of ns each);
/// - otherwise with the correction stamp of the smallest radius class c of the group's table for
///   which `F · maximumWingError[c] ≤ ε`, plus its deposit;
/// - with the full stamp alone, exact, when no class qualifies.
///
/// So one star may be split in one group and drawn in full in another. The deposits are convolved
/// once per band with the table's kernel (`DepositConvolution`). A star whose fluxes in a group are
/// all 0 is skipped there. Inside a split star's stamp the result is the exact pixel fraction;
/// outside it (everywhere, for a bulk star) the light is the kernel interpolated from the deposit,
/// off by at most ε per pixel for that star. No light is moved between stars or pixels wholesale:
/// every star keeps its exact total light (up to the interpolation error, a misplacement of
/// `maximumWingMisplacedLight` or `maximumBulkMisplacedLight` of its light, which averages to zero
/// over phases) wherever it sits, so crowded cores are not biased. Stars just outside the image
/// whose deposit would fall beyond the field's guard band (`DepositConvolution`) are drawn with the
/// full stamp: exact.
public struct Renderer: Sendable {
  public let width: Int
  public let height: Int
  public let tables: [RenderPSFTable]
  /// ε per band (see the type's documentation).
  public let wingErrorLimitCountsPerBand: [Double]

  /// Bands grouped by shared table: (table, bands).
  let groups: [(table: RenderPSFTable, bands: [Int])]
  /// Floats of guard before the first band buffer and after the last: a stamp row chunk starts at
  /// column ≥ −2R and may end up to 2R + 8 columns past the row (R the largest full radius).
  let bandGuard: Int
  /// The deposit field's FFT geometry and kernel spectra (nil when ε = 0: no star is split).
  let wing: DepositConvolution?

  /// - Parameters:
  ///   - tables: one table per band (pass the same instance for bands that share a PSF).
  ///   - wingErrorLimitCounts: ε of the split rule above for every band (≥ 0; 0 = always the full
  ///     stamp).
  public init(width: Int, height: Int, tables: [RenderPSFTable], wingErrorLimitCounts: Double = 0)
    throws(RenderError)
  {
    try self.init(
      width: width, height: height, tables: tables,
      wingErrorLimitCountsPerBand: [Double](repeating: wingErrorLimitCounts, count: tables.count))
  }

  /// - Parameters:
  ///   - tables: one table per band (pass the same instance for bands that share a PSF).
  ///   - wingErrorLimitCountsPerBand: ε of the split rule above, per band (each ≥ 0; e.g. a fixed
  ///     fraction of each band's own sky noise).
  public init(width: Int, height: Int, tables: [RenderPSFTable], wingErrorLimitCountsPerBand: [Double])
    throws(RenderError)
  {
    guard width >= 1, height >= 1 else { throw .invalidImageSize(width: width, height: height) }
    guard wingErrorLimitCountsPerBand.count == tables.count else {
      throw .bandCountMismatch(
        field: "wingErrorLimitCountsPerBand", expected: tables.count, found: wingErrorLimitCountsPerBand.count)
    }
    for limit in wingErrorLimitCountsPerBand where !(limit.isFinite && limit >= 0) {
      throw .invalidParameter(name: "wingErrorLimitCountsPerBand", value: limit, rule: "must be finite and ≥ 0")
    }
    let wingErrorLimitCounts = wingErrorLimitCountsPerBand.max() ?? 0
    self.width = width
    self.height = height
    self.tables = tables
    self.wingErrorLimitCountsPerBand = wingErrorLimitCountsPerBand
    var groups: [(table: RenderPSFTable, bands: [Int])] = []
    for (band, table) in tables.enumerated() {
      if let index = groups.firstIndex(where: { $0.table === table }) {
        groups[index].bands.append(band)
      } else {
        groups.append((table, [band]))
      }
    }
    self.groups = groups
    let largest = tables.map(\.fullRadius).max() ?? 0
    bandGuard = 2 * largest + 8
    wing =
      wingErrorLimitCounts > 0 && !tables.isEmpty
      ? try DepositConvolution(width: width, height: height, tables: tables) : nil
  }

  public var bandCount: Int { tables.count }

  /// The ε of a group of bands sharing one table: the smallest of theirs.
  func wingErrorLimit(ofBands bands: [Int]) -> Double { bands.map { wingErrorLimitCountsPerBand[$0] }.min() ?? 0 }

  /// Renders `stars` into a fresh image.
  public func render(_ stars: RenderStarList) throws(RenderError) -> ImageCube {
    try render(stars, workspace: RenderWorkspace())
  }

  /// Renders `stars` into `image` (overwritten), using `workspace` for scratch memory.
  public func render(_ stars: RenderStarList, into image: inout ImageCube, workspace: RenderWorkspace)
    throws(RenderError)
  {
    try checkBands(of: stars)
    guard image.bandCount == bandCount, image.width == width, image.height == height else {
      throw .bandCountMismatch(field: "output image", expected: bandCount, found: image.bandCount)
    }
    image.pixels.withUnsafeMutableBufferPointer { output in
      render(stars, into: output, workspace: workspace)
    }
  }

  /// Renders `stars` into a new image, using `workspace` for scratch memory: the same pixels as
  /// `render(_:into:workspace:)`, written once into uninitialised storage (no zero-fill pass
  /// over an image that is then overwritten).
  public func render(_ stars: RenderStarList, workspace: RenderWorkspace) throws(RenderError) -> ImageCube {
    try checkBands(of: stars)
    let count = bandCount * height * width
    let pixels = [Float](unsafeUninitializedCapacity: count) { output, initialized in
      render(stars, into: UnsafeMutableBufferPointer(rebasing: output[0..<count]), workspace: workspace)
      initialized = count
    }
    return ImageCube(bandCount: bandCount, width: width, height: height, pixels: pixels)
  }

  private func checkBands(of stars: RenderStarList) throws(RenderError) {
    guard stars.bandCount == bandCount else {
      throw .bandCountMismatch(field: "star fluxes", expected: bandCount, found: stars.bandCount)
    }
  }

  /// The render itself, into `output` (`bandCount · height · width` floats, `[band][y][x]`),
  /// every one of which it writes.
  private func render(
    _ stars: RenderStarList, into output: UnsafeMutableBufferPointer<Float>, workspace: RenderWorkspace
  ) {
    precondition(output.count == bandCount * height * width, "output of \(output.count) floats")
    let bandStride = height * width
    workspace.cleanBandBuffer(count: bandCount * bandStride + 2 * bandGuard)
    var wingPairs: UnsafeMutablePointer<Float>?
    var plan: FFT2D.PrunedSinglePrecisionPlan?
    var realPlan: FFT2D.PrunedRealSinglePrecisionPlan?
    if let wing {
      (wingPairs, plan, realPlan) = workspace.wingBuffers(
        count: wing.pairCount * wing.pairFloats, width: wing.fftWidth,
        height: wing.fftHeight, outputRows: wing.imageRows, inputRows: wing.depositRows,
        unpairedBand: wing.hasUnpairedBand)
    }
    var deposited = false
    workspace.buffer.withUnsafeMutableBufferPointer { buffer in
      let origin = buffer.baseAddress! + bandGuard
      deposited = drawStars(stars, origin: origin, bandStride: bandStride, depositPairs: wingPairs)
      if deposited, let wing, let wingPairs { wing.convolve(buffers: wingPairs, plan: plan!, realPlan: realPlan) }
      // The read-back: each pixel of the band buffers once, cleared as it is read (the
      // workspace's band buffer is zero between renders: `RenderWorkspace`), so no separate
      // clearing pass over it before the next render.
      for band in 0..<bandCount {
        for row in 0..<height {
          let source = origin + band * bandStride + row * width
          let destination = output.baseAddress! + (band * height + row) * width
          if deposited, let wing, let wingPairs {
            let wingRow = wingPairs + wing.resultOffset(band: band, row: row)
            for x in 0..<width {
              destination[x] = source[x] + wingRow[2 * x]
              source[x] = 0
            }
          } else {
            destination.update(from: source, count: width)
            source.update(repeating: 0, count: width)
          }
        }
      }
    }
  }

  /// The one pass: draws every star, in list order, into every group's band buffers and deposits
  /// split and bulk stars' flux into their bands' slots of the deposit pair buffers
  /// (`DepositConvolution`, nil when no star may be split); returns whether any star was deposited. Internal so that tests
  /// can compare its accumulated buffers with the per-group reference bit for bit.
  ///
  /// Band buffers (`origin`, band b at `b · bandStride`, `bandStride` ≥ width · height) have
  /// unpadded rows of `width` floats, with `bandGuard` writable floats before the first and after
  /// the last band. A stamp row is added in whole 8-float chunks: where a chunk's columns leave the
  /// row (a star near the left or right edge) its outside lanes are replaced by +0 and the chunk is
  /// added all the same, so the neighbouring row (or the guard) receives +0 — which leaves every
  /// value unchanged bit for bit, as buffer values are never −0 — and the stamp's own zero padding
  /// beyond column 2r likewise adds +0. Light outside the image is thus lost, and every pixel
  /// receives exactly the operations it received in the padded rows before (session 6: the rows
  /// were padded by 2R on each side, 146 instead of 77 KB for 3 × 80 × 80 with the PHAT PSFs).
  func drawStars(
    _ stars: RenderStarList, origin: UnsafeMutablePointer<Float>, bandStride: Int,
    depositPairs: UnsafeMutablePointer<Float>?
  ) -> Bool {
    let starCount = stars.count
    guard starCount > 0, !groups.isEmpty else { return false }
    // Flat per-group layout: the star loop reads only plain values and pointers.
    var groupPasses: [GroupPass] = []
    var classPasses: [ClassPass] = []
    var bandOrder: [Int] = []
    var depositList: [SIMD4<Float>] = []
    for group in groups {
      let table = group.table
      let classCount = table.classRadii.count
      let epsilon = wingErrorLimit(ofBands: group.bands)
      // The largest flux drawn in bulk (none without a deposit field).
      let bulkLimit =
        depositPairs == nil || epsilon == 0
        ? -1 : table.maximumBulkError > 0 ? epsilon / table.maximumBulkError : .infinity
      let classBase = classPasses.count
      // Each class's limit is the largest of its own and the smaller classes' (a running maximum):
      // the first class whose limit admits a flux is the same as with the classes' own limits
      // (if F ≤ max of limits 0…c, F ≤ limit c′ for some c′ ≤ c), and the limits now increase, so
      // that first class is also the number of limits below F (`GroupPass.classLimits`).
      var runningLimit = -Double.infinity
      var limits: [Double] = []
      for c in 0..<classCount {
        // The largest flux whose wing error stays ≤ ε (none without a deposit field; the last class: all).
        var limit = Double.infinity
        if c < classCount - 1 {
          let error = table.maximumWingError[c]
          limit = depositPairs == nil ? 0 : error > 0 ? epsilon / error : .infinity
        }
        runningLimit = max(runningLimit, limit)
        limit = runningLimit
        limits.append(limit)
        classPasses.append(
          ClassPass(
            radius: table.classRadii[c], stampSize: table.stampSizes[c], rowStride: table.rowStrides[c],
            phases: table.phasesPerPixel, fluxLimit: limit, stamps: table.stamps[c]))
      }
      groupPasses.append(
        GroupPass(
          phases: table.phasesPerPixel, classBase: classBase, lastClass: classCount - 1,
          bandBase: bandOrder.count, bandCount: group.bands.count,
          bandEnd: bandOrder.count + group.bands.count, depositBase: depositList.count,
          bulkFluxLimit: bulkLimit,
          classLimits: SIMD2(limits[0], classCount > 1 ? limits[1] : .infinity)))
      bandOrder += group.bands
      depositList += table.depositWeightSlopes
    }
    let bandOrigins = bandOrder.map { origin + $0 * bandStride }
    // Per band in group order: its slot in the pair buffers (cell (x, y) at + 2 · offset).
    let wingOrigins: [UnsafeMutablePointer<Float>] =
      depositPairs.map { data in
        bandOrder.map { band in
          let (pair, part) = wing!.slot(band: band)
          return data + pair * wing!.pairFloats + part
        }
      } ?? []
    // Per pair of bands: the flux slots (in group order) of its first and second band (−1: none).
    let pairSlots: [SIMD2<Int>] = (0..<(wing?.pairCount ?? 0)).map { pair in
      SIMD2(bandOrder.firstIndex(of: 2 * pair)!, bandOrder.firstIndex(of: 2 * pair + 1) ?? -1)
    }
    let pairFloats = wing?.pairFloats ?? 0
    // Wing deposit geometry (see `DepositConvolution`).
    let reach = wing?.reach ?? 0
    let fftWidth = wing?.fftWidth ?? 1
    let guardX = wing?.guardX ?? 0
    let guardY = wing?.guardY ?? 0
    let groupCount = groupPasses.count
    // A star's 4 × 4 deposit cells start at (cellX, cellY): do they reach the image through the
    // kernel, and are they all inside the stored guard band (`DepositConvolution`)?
    // (Bounds precomputed, so the star loop compares without overflow-checked arithmetic.)
    let (reachLowX, reachHighX) = (-reach - 3, width + reach - 1)
    let (reachLowY, reachHighY) = (-reach - 3, height + reach - 1)
    let (storedLowX, storedHighX) = (-guardX, width + guardX - 4)
    let (storedLowY, storedHighY) = (-guardY, height + guardY - 4)
    @inline(__always) func depositReachesImage(_ cellX: Int, _ cellY: Int) -> Bool {
      cellX >= reachLowX && cellX <= reachHighX && cellY >= reachLowY && cellY <= reachHighY
    }
    @inline(__always) func depositIsStored(_ cellX: Int, _ cellY: Int) -> Bool {
      cellX >= storedLowX && cellX <= storedHighX && cellY >= storedLowY && cellY <= storedHighY
    }
    // The one P of all groups when they share it and stars may be deposited (0 otherwise).
    let sharedPhases =
      depositPairs != nil && groupPasses.allSatisfy({ $0.phases == groupPasses[0].phases })
      ? groupPasses[0].phases : 0
    let totalBands = bandOrder.count
    var deposited = false

    let groupList = Pinned(groupPasses)
    let classList = Pinned(classPasses)
    let depositWeights = Pinned(depositList)
    let bandList = Pinned(bandOrigins)
    let wingList = Pinned(wingOrigins)
    let pairList = Pinned(pairSlots)
    // Per star: its fluxes as Float in group order, and each group's largest flux.
    let flux = Pinned([Float](repeating: 0, count: totalBands))
    let peaks = Pinned([Double](repeating: 0, count: groupCount))
    // Per star (shared P): the flux each band deposits (its flux, or 0 where it is not deposited).
    let depositFlux = Pinned([Float](repeating: 0, count: totalBands))
    let pairCount = pairSlots.count
    // Shared P: per block of stars, a branch-light pre-pass over the star arrays (band columns,
    // then positions) computes each star's code (`StarCode`), deposit cell offset, blended
    // deposit weights and per-pair Float fluxes; a star lit, in bulk in every group and stored
    // (most of a cluster's stars) is then deposited from these alone, the rest go through the
    // per-group path below. Stars are still visited in list order, so every band buffer and
    // deposit cell receives the same operations in the same order as before.
    let block = sharedPhases > 0 ? Self.preparedBlockSize : 0
    let codes = Pinned([UInt8](repeating: 0, count: block))
    let cellOffsets = Pinned([Int](repeating: 0, count: block))
    // Per star: its blended deposit weights, the column weights w_x in lanes 0–3, the row weights
    // w_y in lanes 4–7.
    let blockWeights = Pinned([SIMD8<Float>](repeating: .zero, count: block))
    let pairFlux = Pinned([SIMD2<Float>](repeating: .zero, count: block * pairCount))
    // Per band in group order: its group's bulk flux limit.
    let bandBulkLimits = Pinned(
      groupPasses.flatMap { [Double](repeating: $0.bulkFluxLimit, count: $0.bandCount) })
    defer {
      groupList.free()
      classList.free()
      depositWeights.free()
      bandList.free()
      wingList.free()
      pairList.free()
      flux.free()
      peaks.free()
      depositFlux.free()
      codes.free()
      cellOffsets.free()
      blockWeights.free()
      pairFlux.free()
      bandBulkLimits.free()
    }
    /// Draws the stamp of class `stampClass` of a star at pixel (nx, ny), interval (p, q) and
    /// fractions (fx, fy) of its table's P phases into the `bandCount` band buffers at `bandOrigins`.
    @inline(__always) func drawStamp(
      _ stampClass: UnsafePointer<ClassPass>, nx: Int, ny: Int, p: Int, q: Int, fx: Float, fy: Float,
      bandOrigins: UnsafeMutablePointer<UnsafeMutablePointer<Float>>, starFlux: UnsafeMutablePointer<Float>,
      bandCount: Int
    ) {
      // Class constants from `ClassPass` (no per-stamp products); wrapping integer arithmetic:
      // every value here is bounded by the image and stamp sizes (positions reaching a stamp are
      // within ±2³⁰ px of the image).
      let span = stampClass.pointee.span
      let left = nx &- stampClass.pointee.radius
      let top = ny &- stampClass.pointee.radius
      if left > width &- 1 || left &+ span < 0 || top > height &- 1 || top &+ span < 0 { return }
      let w00 = (1 - fx) * (1 - fy)
      let w10 = fx * (1 - fy)
      let w01 = (1 - fx) * fy
      let w11 = fx * fy
      let rowStride = stampClass.pointee.rowStride
      let d10 = stampClass.pointee.stampSize
      let d01 = stampClass.pointee.phaseRowStride
      let d11 = stampClass.pointee.diagonalStride
      let firstRow = max(0, 0 &- top)
      let rows = min(span, height &- 1 &- top) &- firstRow &+ 1
      var s00 = stampClass.pointee.stamps + (q &* d01 &+ p &* d10 &+ firstRow &* rowStride)
      let chunks = stampClass.pointee.chunks
      let imageOffset = (top &+ firstRow) &* width &+ left
      /// The stamp chunk at float offset `o` of the row at `s00`, blended between the four phases.
      @inline(__always) func blended(_ s00: UnsafePointer<Float>, _ o: Int) -> SIMD8<Float> {
        w00 * load8(s00 + o) + w10 * load8(s00 + d10 + o) + w01 * load8(s00 + d01 + o) + w11 * load8(s00 + d11 + o)
      }
      if left < 0 || left &+ span >= width {
        // A stamp crossing the left or right edge (rare): lanes outside the row add +0.
        let lanes = SIMD8<Int32>(0, 1, 2, 3, 4, 5, 6, 7)
        var rowOffset = imageOffset
        for _ in 0..<rows {
          for chunk in 0..<chunks {
            let o = chunk * 8
            let columns = lanes &+ Int32(truncatingIfNeeded: left + o)
            let inside = (columns .>= 0) .& (columns .< Int32(truncatingIfNeeded: width))
            if !any(inside) { continue }
            let chunkValues = blended(s00, o).replacing(with: 0, where: .!inside)
            for k in 0..<bandCount {
              let destination = bandOrigins[k] + rowOffset + o
              store8(load8(destination) + starFlux[k] * chunkValues, destination)
            }
          }
          s00 += rowStride
          rowOffset += width
        }
        return
      }
      if bandCount == 1 {
        // One band (every group of distinct PSFs): one destination pointer walking down the rows.
        let f = starFlux[0]
        var destination = bandOrigins[0] + imageOffset
        if chunks <= 2 {
          // One- and two-chunk rows (r ≤ 7: the core and the next two classes, most stamps):
          // the chunks unrolled, no inner loop. The same operations per chunk as below.
          let second = chunks == 2
          for _ in 0..<rows {
            store8(load8(destination) + f * blended(s00, 0), destination)
            if second { store8(load8(destination + 8) + f * blended(s00, 8), destination + 8) }
            s00 += rowStride
            destination += width
          }
          return
        }
        for _ in 0..<rows {
          for chunk in 0..<chunks {
            let o = chunk * 8
            store8(load8(destination + o) + f * blended(s00, o), destination + o)
          }
          s00 += rowStride
          destination += width
        }
        return
      }
      if bandCount == 3 {
        // Three bands sharing the table (the standard case): the fluxes and the three destination
        // pointers held in registers, no per-chunk reload of them, the same operations as below.
        let (f0, f1, f2) = (starFlux[0], starFlux[1], starFlux[2])
        var (d0, d1, d2) = (bandOrigins[0] + imageOffset, bandOrigins[1] + imageOffset, bandOrigins[2] + imageOffset)
        if chunks <= 2 {
          // One- and two-chunk rows unrolled, as for one band.
          let second = chunks == 2
          for _ in 0..<rows {
            let chunkValues = blended(s00, 0)
            store8(load8(d0) + f0 * chunkValues, d0)
            store8(load8(d1) + f1 * chunkValues, d1)
            store8(load8(d2) + f2 * chunkValues, d2)
            if second {
              let secondValues = blended(s00, 8)
              store8(load8(d0 + 8) + f0 * secondValues, d0 + 8)
              store8(load8(d1 + 8) + f1 * secondValues, d1 + 8)
              store8(load8(d2 + 8) + f2 * secondValues, d2 + 8)
            }
            s00 += rowStride
            d0 += width
            d1 += width
            d2 += width
          }
          return
        }
        for _ in 0..<rows {
          for chunk in 0..<chunks {
            let o = chunk * 8
            let chunkValues = blended(s00, o)
            store8(load8(d0 + o) + f0 * chunkValues, d0 + o)
            store8(load8(d1 + o) + f1 * chunkValues, d1 + o)
            store8(load8(d2 + o) + f2 * chunkValues, d2 + o)
          }
          s00 += rowStride
          d0 += width
          d1 += width
          d2 += width
        }
        return
      }
      var rowOffset = imageOffset
      for _ in 0..<rows {
        for chunk in 0..<chunks {
          let o = chunk * 8
          let chunkValues = blended(s00, o)
          for k in 0..<bandCount {
            let destination = bandOrigins[k] + rowOffset + o
            store8(load8(destination) + starFlux[k] * chunkValues, destination)
          }
        }
        s00 += rowStride
        rowOffset += width
      }
    }

    /// Sets the deposited flux of bands `first..<end` (group order) to theirs in `source`, or 0.
    @inline(__always) func setDepositFlux(_ first: Int, _ end: Int, from source: UnsafeMutablePointer<Float>?) {
      if end &- first == 1 {
        depositFlux[first] = source?[first] ?? 0
        return
      }
      var k = first
      while k < end {
        depositFlux[k] = source?[k] ?? 0
        k &+= 1
      }
    }

    /// The pre-pass of stars `start..<start + count` (shared P): codes, deposit cells and weights,
    /// pair fluxes, into the block scratch arrays. Four stars at a time in `SIMD4<Double>` lanes
    /// (one AVX register; two SSE2 registers on the baseline target), with the same values as the
    /// per-group path computes for a star, so both deposit a star identically: ⌊v⌋ and the
    /// integer conversions go through the 1.5 · 2⁵² rounding constant (`PreparedLanes`), exact for
    /// |v| < 2⁵¹, and positions are first clamped to ±2³⁰ px, which changes no star whose deposit
    /// can reach the image (a clamped star's code says "does not reach", and a star that does not
    /// reach is either skipped, as it is in bulk, or drawn through the per-group path from its own
    /// position). Lanes past `count` (the block's tail) compute from zeros into scratch slots that
    /// are never read (`preparedBlockSize` is a multiple of 4).
    @inline(never) func prepareBlock(
      start: Int, count: Int, fluxColumns: UnsafePointer<UnsafePointer<Double>>, xs: UnsafePointer<Double>,
      ys: UnsafePointer<Double>
    ) {
      // Pairs of bands: the Float fluxes, interleaved as the pair buffers' cells are. Four stars
      // at a time (one packed conversion per band, then the lanes interleaved: the same Float
      // values as one conversion per flux); the tail star by star. The paired and the unpaired
      // band have loops of their own: one loop with an optional second column cost +0.05 M
      // instructions per bench.yaml sample (session 10).
      let quads = count & ~3
      for pair in 0..<pairCount {
        let slots = pairList[pair]
        let first = fluxColumns[slots[0]] + start
        let destination = UnsafeMutableRawPointer(pairFlux.base + pair &* block)
        let second = slots[1] >= 0 ? fluxColumns[slots[1]] + start : nil
        var i = 0
        if let second {
          while i < quads {
            let a = SIMD4<Float>(UnsafeRawPointer(first + i).loadUnaligned(as: SIMD4<Double>.self))
            let b = SIMD4<Float>(UnsafeRawPointer(second + i).loadUnaligned(as: SIMD4<Double>.self))
            destination.storeBytes(
              of: SIMD8(a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3]), toByteOffset: i &* 8, as: SIMD8<Float>.self)
            i &+= 4
          }
          while i < count {
            destination.storeBytes(
              of: SIMD2(Float(first[i]), Float(second[i])), toByteOffset: i &* 8, as: SIMD2<Float>.self)
            i &+= 1
          }
        } else {
          while i < quads {
            let a = SIMD4<Float>(UnsafeRawPointer(first + i).loadUnaligned(as: SIMD4<Double>.self))
            destination.storeBytes(
              of: SIMD8(a[0], 0, a[1], 0, a[2], 0, a[3], 0), toByteOffset: i &* 8, as: SIMD8<Float>.self)
            i &+= 4
          }
          while i < count {
            destination.storeBytes(of: SIMD2(Float(first[i]), 0), toByteOffset: i &* 8, as: SIMD2<Float>.self)
            i &+= 1
          }
        }
      }
      let lanes = PreparedLanes(phases: sharedPhases)
      let (lowX, highX) = (SIMD4(repeating: Double(reachLowX)), SIMD4(repeating: Double(reachHighX)))
      let (lowY, highY) = (SIMD4(repeating: Double(reachLowY)), SIMD4(repeating: Double(reachHighY)))
      let (storedX0, storedX1) = (SIMD4(repeating: Double(storedLowX)), SIMD4(repeating: Double(storedHighX)))
      let (storedY0, storedY1) = (SIMD4(repeating: Double(storedLowY)), SIMD4(repeating: Double(storedHighY)))
      let (guardXs, guardYs) = (SIMD4(repeating: Double(guardX)), SIMD4(repeating: Double(guardY)))
      let rowCells = SIMD4(repeating: Double(fftWidth))
      let zero = SIMD4<Int64>()
      let weights = UnsafeRawPointer(depositWeights.base)
      // Local copies of the captured values (kept in registers across the stores below).
      let (bands, bulkLimits) = (totalBands, bandBulkLimits.base)
      var i = 0
      while i < count {
        let available = count &- i
        // Band columns: lit (any flux > 0) and not bulk (a flux above its group's bulk limit).
        var lit = SIMDMask<SIMD4<Int64>>(repeating: false)
        var notBulk = SIMDMask<SIMD4<Int64>>(repeating: false)
        for k in 0..<bands {
          let values = load4(fluxColumns[k] + (start &+ i), available)
          lit = lit .| (values .> 0)
          notBulk = notBulk .| (values .> SIMD4(repeating: bulkLimits[k]))
        }
        // Positions: phase, deposit cells (reach and storage flags), blended deposit weights.
        let x = lanes.clamped(load4(xs + (start &+ i), available))
        let y = lanes.clamped(load4(ys + (start &+ i), available))
        let nx = lanes.floor(x + 0.5)
        let ny = lanes.floor(y + 0.5)
        let tx = (x - nx + 0.5) * lanes.phaseScale
        let ty = (y - ny + 0.5) * lanes.phaseScale
        let p = lanes.interval(tx)
        let q = lanes.interval(ty)
        let fx = SIMD4<Float>(tx - p)
        let fy = SIMD4<Float>(ty - q)
        let cellX = nx + lanes.firstCell(p)
        let cellY = ny + lanes.firstCell(q)
        let reaches = (cellX .>= lowX) .& (cellX .<= highX) .& (cellY .>= lowY) .& (cellY .<= highY)
        let stored = (cellX .>= storedX0) .& (cellX .<= storedX1) .& (cellY .>= storedY0) .& (cellY .<= storedY1)
        let code =
          zero.replacing(with: Int64(StarCode.lit), where: lit)
          | zero.replacing(with: Int64(StarCode.notBulk), where: notBulk)
          | zero.replacing(with: Int64(StarCode.reaches), where: reaches)
          | zero.replacing(with: Int64(StarCode.stored), where: reaches .& stored)
        UnsafeMutableRawPointer(codes.base + i).storeBytes(
          of: SIMD4<UInt8>(truncatingIfNeeded: code), as: SIMD4<UInt8>.self)
        let offsets = lanes.integers(2 * ((cellY + guardYs) * rowCells + cellX + guardXs))
        UnsafeMutableRawPointer(cellOffsets.base + i).storeBytes(of: offsets, as: SIMD4<Int64>.self)
        // Each axis's weights start + fraction · slope, the Float operations of
        // `RenderPSFTable.depositWeights(interval:fraction:)`, stored as one SIMD8 per star. The
        // intervals as byte offsets of their (start, slope) pairs in the table (32 bytes a pair).
        // (Blending both axes in one SIMD8 costs more: the fractions' lane broadcasts.)
        let (pBytes, qBytes) = (lanes.integers(p * 32), lanes.integers(q * 32))
        let slots = UnsafeMutableRawPointer(blockWeights.base + i)
        for lane in 0..<4 {
          let pairP = weights + Int(truncatingIfNeeded: pBytes[lane])
          let pairQ = weights + Int(truncatingIfNeeded: qBytes[lane])
          let wx =
            pairP.load(as: SIMD4<Float>.self) + fx[lane] * pairP.load(fromByteOffset: 16, as: SIMD4<Float>.self)
          let wy =
            pairQ.load(as: SIMD4<Float>.self) + fy[lane] * pairQ.load(fromByteOffset: 16, as: SIMD4<Float>.self)
          slots.storeBytes(of: wx, toByteOffset: 32 &* lane, as: SIMD4<Float>.self)
          slots.storeBytes(of: wy, toByteOffset: 32 &* lane &+ 16, as: SIMD4<Float>.self)
        }
        i &+= 4
      }
    }

    /// Deposits the prepared stars from index `first` of the block on (shared P), in list order,
    /// while they need their deposit alone (lit, in bulk in every group, stored) or nothing (unlit,
    /// or in bulk everywhere but beyond the kernel's reach of the image); returns the index of the
    /// first star that needs the per-group path (or `end`). The deposit is the per-group path's
    /// expression: per pair buffer and row, flux · (w_y · w_x) added in one SIMD8 update.
    /// (Not inlined: in its own function the loop keeps its pointers in registers.)
    @inline(never) func depositBulkRun(from first: Int, to end: Int) -> Int {
      let cellsBase = depositPairs.unsafelyUnwrapped
      let rowFloats = 2 &* fftWidth
      let (pairs, pairStride, fluxStride) = (pairCount, pairFloats, block)
      // Local copies of the captured pointers: the deposits' stores cannot alias locals, so they
      // stay in registers.
      let (codes, cellOffsets, pairFlux) = (codes.base, cellOffsets.base, pairFlux.base)
      let blockWeights = blockWeights.base
      /// The run from `first`: stars drawn by their deposit alone go through `deposit(i)`, unlit
      /// stars and bulk stars beyond the image's reach are skipped; returns the first other star.
      @inline(__always) func run(_ deposit: (Int) -> Void) -> (next: Int, any: Bool) {
        var any = false
        var i = first
        while i < end {
          let code = codes[i]
          if code != StarCode.bulkDeposit {
            if code & StarCode.lit == 0 || code & (StarCode.notBulk | StarCode.reaches) == 0 {
              i &+= 1
              continue
            }
            break
          }
          any = true
          deposit(i)
          i &+= 1
        }
        return (i, any)
      }
      let (i, any): (Int, Bool)
      if pairs == 2 {
        // Three or four bands (the standard case): both pair buffers, row by row, in a loop of
        // its own (fewer live values than the general one: no spills).
        let secondFlux = pairFlux + fluxStride
        (i, any) = run { i in
          addDepositToTwoPairs(
            cellsBase + cellOffsets[i], rowFloats: rowFloats, pairFloats: pairStride,
            interleavedPair(pairFlux[i]), interleavedPair(secondFlux[i]),
            depositRowWeights(blockWeights[i]))
        }
      } else {
        (i, any) = run { i in
          let rowWeights = depositRowWeights(blockWeights[i])
          let cells = cellsBase + cellOffsets[i]
          let fluxes = pairFlux + i
          for pair in 0..<pairs {
            let f = fluxes[pair &* fluxStride]
            addDeposit(
              cells + pair &* pairStride, rowFloats: rowFloats, interleavedPair(f),
              rowWeights)
          }
        }
      }
      if any { deposited = true }
      return i
    }

    withBandPointers(stars.flux, order: bandOrder) { fluxColumns in
      stars.x.withUnsafeBufferPointer { xs in
        stars.y.withUnsafeBufferPointer { ys in
          var blockStart = 0
          while blockStart < starCount {
            let blockEnd = block > 0 ? min(blockStart &+ block, starCount) : starCount
            if block > 0 {
              prepareBlock(
                start: blockStart, count: blockEnd &- blockStart, fluxColumns: fluxColumns, xs: xs.baseAddress!,
                ys: ys.baseAddress!)
            }
            var star = blockStart
            while star < blockEnd {
              if block > 0 {
                // Stars that need their deposit alone, or nothing, in one tight loop.
                star = blockStart &+ depositBulkRun(from: star &- blockStart, to: blockEnd &- blockStart)
                if star == blockEnd { break }
              }
              defer { star &+= 1 }
              var anyLight = false
              for g in 0..<groupCount {
                let group = groupList[g]
                var peak = 0.0
                var k = group.bandBase
                if group.bandCount == 1 {
                  // One band (distinct PSFs): no loop (the same value as the loop's).
                  let value = fluxColumns[k][star]
                  flux[k] = Float(value)
                  peak = max(peak, value)
                } else {
                  while k < group.bandEnd {
                    let value = fluxColumns[k][star]
                    flux[k] = Float(value)
                    peak = max(peak, value)
                    k &+= 1
                  }
                }
                peaks[g] = peak
                anyLight = anyLight || peak > 0
              }
              if !anyLight { continue }

              // All groups share one P and stars may be deposited (the common case): one phase
              // per star (its deposit cells' reach and storage from the pre-pass's code), each
              // group's stamp if it needs one, and one deposit for all bands at the end: per row,
              // one SIMD8 update per pair of bands, the same product flux · (w_y · w_x) per cell as
              // the per-group path below. (A band that does not deposit the star adds ±0 to its
              // cells, which leaves them bit for bit unchanged, as deposit cells are never −0.)
              if sharedPhases > 0 {
                let local = star &- blockStart
                let x = xs[star]
                let y = ys[star]
                let nx = Int(roundedDown(x + 0.5))
                let ny = Int(roundedDown(y + 0.5))
                let phases = sharedPhases
                let phaseScale = Double(phases)
                let tx = (x - Double(nx) + 0.5) * phaseScale
                let ty = (y - Double(ny) + 0.5) * phaseScale
                let p = min(Int(tx), phases - 1)
                let q = min(Int(ty), phases - 1)
                let fx = Float(tx - Double(p))
                let fy = Float(ty - Double(q))
                let code = codes[local]
                let reaches = code & StarCode.reaches != 0
                let stored = code & StarCode.stored != 0
                var anyDeposit = false
                for g in 0..<groupCount {
                  let group = groupList[g]
                  let peakFlux = peaks[g]
                  let (firstBand, endBand) = (group.bandBase, group.bandEnd)
                  let bulk = peakFlux <= group.bulkFluxLimit
                  if peakFlux <= 0 || (bulk && !reaches) {
                    // Unlit, or beyond the kernel's reach of the image: no light on it.
                    setDepositFlux(firstBand, endBand, from: nil)
                    continue
                  }
                  var cls = 0
                  if !bulk {
                    // The number of class limits below the flux (they increase): no data-dependent
                    // branch for the two common classes.
                    let limits = group.classLimits
                    cls = (peakFlux > limits[0] ? 1 : 0) &+ (peakFlux > limits[1] ? 1 : 0)
                    if peakFlux > limits[1] {
                      while peakFlux > classList[group.classBase &+ cls].fluxLimit { cls &+= 1 }
                    }
                  }
                  if (bulk || cls < group.lastClass) && stored {
                    anyDeposit = true
                    setDepositFlux(firstBand, endBand, from: flux.base)
                    if bulk { continue }
                  } else {
                    setDepositFlux(firstBand, endBand, from: nil)
                    // Outside the stored guard band but within the field's reach: exact full stamp.
                    if reaches && !stored && cls < group.lastClass { cls = group.lastClass }
                  }
                  drawStamp(
                    classList.base + (group.classBase &+ cls), nx: nx, ny: ny, p: p, q: q, fx: fx, fy: fy,
                    bandOrigins: bandList.base + firstBand, starFlux: flux.base + firstBand,
                    bandCount: group.bandCount)
                }
                if anyDeposit {
                  deposited = true
                  // The pre-pass's weights and cell offset of this star: the same values (a stored
                  // star's position was not clamped there).
                  let rowWeights = depositRowWeights(blockWeights[local])
                  var cells = depositPairs.unsafelyUnwrapped + cellOffsets[local]
                  for pair in 0..<pairCount {
                    let slots = pairList[pair]
                    let first = depositFlux[slots[0]]
                    let second = slots[1] >= 0 ? depositFlux[slots[1]] : 0
                    addDeposit(
                      cells, rowFloats: 2 &* fftWidth,
                      interleavedPair(SIMD2(first, second)),
                      rowWeights)
                    cells += pairFloats
                  }
                }
                continue
              }

              // Groups with different P (or no deposit field): each group on its own.
              // Position → pixel once; pixel → phase once per distinct phase count.
              let x = xs[star]
              let y = ys[star]
              let nx = roundedDown(x + 0.5)
              let ny = roundedDown(y + 0.5)
              var phases = 0
              var weightPhases = 0
              var (wx, wy) = (SIMD4<Float>(), SIMD4<Float>())
              var (p, q) = (0, 0)
              var (fx, fy): (Float, Float) = (0, 0)
              for g in 0..<groupCount {
                let group = groupList[g]
                let peakFlux = peaks[g]
                if peakFlux <= 0 { continue }
                // Bulk (deposit only) or the smallest class whose wing error is within ε.
                let bulk = peakFlux <= group.bulkFluxLimit
                var cls = 0
                if !bulk { while peakFlux > classList[group.classBase + cls].fluxLimit { cls += 1 } }
                if group.phases != phases {
                  phases = group.phases
                  let phaseScale = Double(phases)
                  let tx = (x - nx + 0.5) * phaseScale
                  let ty = (y - ny + 0.5) * phaseScale
                  p = min(Int(tx), phases - 1)
                  q = min(Int(ty), phases - 1)
                  fx = Float(tx - Double(p))
                  fy = Float(ty - Double(q))
                }
                let bandCount = group.bandCount
                let starFlux = flux.base + group.bandBase
                if bulk || cls < group.lastClass {
                  // Cubic deposit, blended between the phase nodes like the stamp.
                  let halfPhases = phases / 2
                  let cellX = Int(nx) + (p < halfPhases ? -2 : -1)
                  let cellY = Int(ny) + (q < halfPhases ? -2 : -1)
                  if depositReachesImage(cellX, cellY) {
                    if depositIsStored(cellX, cellY) {
                      deposited = true
                      if weightPhases != phases {
                        // The deposit weights depend on P only (`RenderPSFTable.depositWeights`), so
                        // they are blended once per star and distinct P, like the phase.
                        weightPhases = phases
                        let weights = depositWeights.base + group.depositBase
                        wx = weights[2 * p] + fx * weights[2 * p + 1]
                        wy = weights[2 * q] + fy * weights[2 * q + 1]
                      }
                      let wingOrigins = wingList.base + group.bandBase
                      for jj in 0..<4 {
                        let row = (cellY + jj + guardY) * fftWidth + cellX + guardX
                        let w = wy[jj] * wx
                        for k in 0..<bandCount {
                          addToFourCells(wingOrigins[k] + 2 * row, starFlux[k] * w)
                        }
                      }
                      if bulk { continue }
                    } else {
                      // Outside the stored guard band but within the field's reach: exact full stamp.
                      cls = group.lastClass
                    }
                  } else if bulk {
                    continue  // Beyond the kernel's reach of the image: no light on it.
                  }
                }
                drawStamp(
                  classList.base + (group.classBase + cls), nx: Int(nx), ny: Int(ny), p: p, q: q, fx: fx, fy: fy,
                  bandOrigins: bandList.base + group.bandBase, starFlux: starFlux,
                  bandCount: bandCount)
              }
            }
            blockStart = blockEnd
          }
        }
      }
    }
    return deposited
  }
}

/// The pre-pass's per-star bits (shared P). A star with exactly `bulkDeposit` is lit, in bulk in
/// every group and deposited inside the stored guard band: it needs its deposit alone.
private enum StarCode {
  static let lit: UInt8 = 1
  static let notBulk: UInt8 = 2
  static let reaches: UInt8 = 4
  static let stored: UInt8 = 8
  static let bulkDeposit: UInt8 = lit | reaches | stored
}

extension Renderer {
  /// Stars per pre-pass block: its scratch (≈ 60 bytes a star with three bands) stays in L1. A
  /// multiple of 4 (the pre-pass works in lanes of four stars).
  static let preparedBlockSize = 256
}

/// One group of bands sharing a table, as the star loop sees it: indices into the flat class,
/// band and deposit-weight lists.
private struct GroupPass {
  var phases: Int
  var classBase: Int
  var lastClass: Int
  var bandBase: Int
  var bandCount: Int
  /// bandBase + bandCount.
  var bandEnd: Int
  var depositBase: Int
  /// The largest flux drawn by its deposit alone (−1: none).
  var bulkFluxLimit: Double
  /// The flux limits of classes 0 and 1 (∞ where the class is the last or absent): a star above
  /// the bulk limit is in class (F > limit 0) + (F > limit 1), or higher when F > limit 1
  /// (`ClassPass.fluxLimit` increases with the class).
  var classLimits: SIMD2<Double>
}

/// One radius class of a group's table: stamp geometry, the flux limit of the split rule, and
/// the phase stamps (owned by the table, which the renderer keeps alive).
///
/// What depends on the class alone is computed here once, not per stamp: the span 2r, the chunks
/// per row, and the offsets from a stamp to its neighbours in phase (p + 1: `stampSize`; q + 1:
/// `phaseRowStride` = (P + 1) · stampSize; both: their sum).
private struct ClassPass {
  var radius: Int
  /// 2r (the stamp's last row and column offset).
  var span: Int
  var stampSize: Int
  var rowStride: Int
  /// rowStride / 8.
  var chunks: Int
  /// (P + 1) · stampSize and (P + 1) · stampSize + stampSize.
  var phaseRowStride: Int
  var diagonalStride: Int
  var fluxLimit: Double
  var stamps: UnsafePointer<Float>

  init(radius: Int, stampSize: Int, rowStride: Int, phases: Int, fluxLimit: Double, stamps: UnsafePointer<Float>) {
    self.radius = radius
    span = 2 * radius
    self.stampSize = stampSize
    self.rowStride = rowStride
    chunks = rowStride / 8
    phaseRowStride = (phases + 1) * stampSize
    diagonalStride = phaseRowStride + stampSize
    self.fluxLimit = fluxLimit
    self.stamps = stamps
  }
}

/// A small array copied into manually managed memory for the star loop (no reference counting or
/// bounds checks there); `free()` releases it. Only for trivial element types.
private struct Pinned<Element> {
  let base: UnsafeMutablePointer<Element>

  init(_ values: [Element]) {
    base = .allocate(capacity: max(1, values.count))
    base.initialize(from: values, count: values.count)
  }

  func free() { base.deallocate() }

  subscript(index: Int) -> Element {
    @inline(__always) get { base[index] }
    @inline(__always) nonmutating set { base[index] = newValue }
  }
}

/// Calls `body` with pointers to `columns[order[0]]`, `columns[order[1]]`, … (each non-empty),
/// valid for the duration of the call.
private func withBandPointers<Result>(
  _ columns: [[Double]], order: [Int], collected: [UnsafePointer<Double>] = [],
  _ body: (UnsafePointer<UnsafePointer<Double>>) -> Result
) -> Result {
  if collected.count == order.count {
    return collected.withUnsafeBufferPointer { body($0.baseAddress!) }
  }
  return columns[order[collected.count]].withUnsafeBufferPointer { column in
    withBandPointers(columns, order: order, collected: collected + [column.baseAddress!], body)
  }
}

/// Four doubles from `pointer`, or the `available` (< 4) there followed by zeros.
@inline(__always) private func load4(_ pointer: UnsafePointer<Double>, _ available: Int) -> SIMD4<Double> {
  if available >= 4 { return UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Double>.self) }
  var lanes = SIMD4<Double>()
  for lane in 0..<available { lanes[lane] = pointer[lane] }
  return lanes
}

/// A star's deposit weights per row of its 4 × 4 cells, from its blended weights (column weights
/// w_x in the low half, row weights w_y in the high half): row j is w_y[j] · w_x, each column
/// weight twice, for the two bands of a pair buffer's interleaved complex cells.
@inline(__always) private func depositRowWeights(_ weights: SIMD8<Float>) -> (
  SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>
) {
  let (wx, wy) = (weights.lowHalf, weights.highHalf)
  let wx8 = SIMD8(wx[0], wx[0], wx[1], wx[1], wx[2], wx[2], wx[3], wx[3])
  return (wy[0] * wx8, wy[1] * wx8, wy[2] * wx8, wy[3] * wx8)
}

/// The two fluxes of a pair of bands repeated over four interleaved complex cells.
@inline(__always) private func interleavedPair(_ f: SIMD2<Float>) -> SIMD8<Float> {
  SIMD8(f[0], f[1], f[0], f[1], f[0], f[1], f[0], f[1])
}

/// Adds `values` to one band's four consecutive deposit cells at `cells`, `cells[0]`, `cells[2]`,
/// `cells[4]`, `cells[6]` (the band's part of interleaved complex cells).
@inline(__always) private func addToFourCells(_ cells: UnsafeMutablePointer<Float>, _ values: SIMD4<Float>) {
  cells[0] += values[0]
  cells[2] += values[1]
  cells[4] += values[2]
  cells[6] += values[3]
}

/// Adds `flux` (a pair's two band fluxes, interleaved as its cells are) times the four rows'
/// weights (`rowWeights`, each the row weight times the column weights, interleaved likewise) to
/// a star's 4 × 4 cells of one pair buffer, whose first row starts at `cells`.
@inline(__always) private func addDeposit(
  _ cells: UnsafeMutablePointer<Float>, rowFloats: Int, _ flux: SIMD8<Float>,
  _ rowWeights: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>)
) {
  let (c0, c1, c2, c3) = (cells, cells + rowFloats, cells + 2 &* rowFloats, cells + 3 &* rowFloats)
  store8(load8(c0) + flux * rowWeights.0, c0)
  store8(load8(c1) + flux * rowWeights.1, c1)
  store8(load8(c2) + flux * rowWeights.2, c2)
  store8(load8(c3) + flux * rowWeights.3, c3)
}

/// `addDeposit` into two pair buffers `pairFloats` apart (fluxes `first` and `second`), row by
/// row: the same products and sums per cell, one row pointer walking down.
@inline(__always) private func addDepositToTwoPairs(
  _ cells: UnsafeMutablePointer<Float>, rowFloats: Int, pairFloats: Int, _ first: SIMD8<Float>,
  _ second: SIMD8<Float>, _ rowWeights: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>)
) {
  var row = cells
  @inline(__always) func add(_ weights: SIMD8<Float>) {
    store8(load8(row) + first * weights, row)
    store8(load8(row + pairFloats) + second * weights, row + pairFloats)
    row += rowFloats
  }
  add(rowWeights.0)
  add(rowWeights.1)
  add(rowWeights.2)
  add(rowWeights.3)
}

/// ⌊value⌋ without a libm call (the baseline x86-64 target has no SSE4.1 `roundsd`, so
/// `rounded(.down)` calls `floor`): exact through Int64 for |value| < 2⁵², libm beyond.
@inline(__always) private func roundedDown(_ value: Double) -> Double {
  guard abs(value) < 0x1p52 else { return value.rounded(.down) }
  let truncated = Double(Int64(value))
  return truncated > value ? truncated - 1 : truncated
}
