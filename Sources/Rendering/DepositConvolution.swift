import Numerics

/// The deposit field of `Renderer`: per band, the stars' deposited fluxes convolved with the
/// band's kernel (`RenderPSFTable.depositKernel`) by one single-precision FFT, two bands per
/// complex transform; with an odd band count the last band's real field goes through
/// `FFT2D.PrunedRealSinglePrecisionPlan` (half spectrum, two rows per complex row transform: 232
/// of the complex pair's 448 row and column transforms at 128², session 8).
///
/// Layout: the renderer deposits straight into one interleaved complex Float32 buffer per pair
/// of bands (`pairFloats` floats, `[y][x]`, row length N_x complex values): band 2k in the real
/// parts of pair k, band 2k + 1 in the imaginary parts (`slot(band:)`), so a star's four cells of
/// a row in both bands of a pair are 8 contiguous floats (one SIMD8 update) and `convolve`
/// transforms the buffers where they are, with no packing pass. Afterwards the real (imaginary)
/// part at `offset(x:y:)` holds the pair's first (second) band's deposited light at pixel (x, y).
///
/// Precision: deposits accumulate and are transformed in Float32 (`FFT2D.PrunedSinglePrecisionPlan`, whose
/// forward skips the rows no deposit reaches and whose inverse completes only the image's rows);
/// the kernel spectra are computed in Double, scaled by 1/(N_x N_y) and rounded once. The
/// rounding, ≈ 10⁻⁷ of a cell's deposited flux and ≈ 10⁻⁶ of the field's RMS spread over the
/// plane by the transforms, is far below the split rule's ε at PHAT sky levels: `starmill bench
/// render`'s accuracy columns against the exact full-stamp render are unchanged from the Double
/// field (session 5), and the split tests hold their tolerances.
///
/// Geometry (per axis; R = `reach`, the largest kernel half-width): the transform size N is the
/// smallest power of two ≥ size + R + 2 (FFTW's power-of-two plans cost 2–4× fewer instructions
/// than the mixed-radix sizes just above size + 2R, measured with callgrind at 96…160), and
/// g = min(R, N − size − R) ≥ 2 is the guard band. Deposit cells m ∈ [−g, size + g − 1] are
/// stored at index m + g (no wrap, so the deposit loop needs no modulo), the kernel's offset d at
/// d mod N, and image pixel n is read back at index n + g. For every pixel and every stored cell
/// the circular offset (n + g) − (m + g) mod N equals the true offset n − m whenever |n − m| ≤ R,
/// and lies outside the kernel otherwise (|n − m| ≤ size + g − 1 < N − R): nothing wraps, and
/// light falling outside the image is lost. A star whose deposit cells reach the image's R-zone
/// but not all lie in the stored range (a star more than g − 2 px outside the image) is drawn
/// with its full stamp instead (`Renderer`): exact, and rare.
struct DepositConvolution: Sendable {
  let width: Int
  let height: Int
  /// The largest wing-kernel half-width R over bands (`RenderPSFTable.depositKernelRadius`).
  let reach: Int
  let fftWidth: Int
  let fftHeight: Int
  /// The guard bands g (≥ 2): stored deposit cells are x ∈ [−g_x, width + g_x − 1], likewise y.
  let guardX: Int
  let guardY: Int
  /// Per band: the kernel's spectrum divided by N_x N_y, interleaved complex Float32 `2·N_x·N_y`.
  let spectra: [[Float]]
  /// Per pair of bands (b, b+1): whether both use the same kernel (a cheaper product).
  let pairSharesKernel: [Bool]
  /// With an odd band count, the rows the last (unpaired) band's real transform completes two at
  /// a time: the `inverseRows` of the real plan for `imageRows` (`resultOffset` needs them without
  /// the plan, which `convolve` checks against them).
  let oddBandRows: Range<Int>

  init(width: Int, height: Int, tables: [RenderPSFTable]) throws(RenderError) {
    self.width = width
    self.height = height
    reach = tables.map(\.depositKernelRadius).max() ?? 0
    func powerOfTwo(atLeast n: Int) -> Int {
      var size = 1
      while size < n { size *= 2 }
      return size
    }
    fftWidth = powerOfTwo(atLeast: max(width + reach + 2, 2 * reach + 1))
    fftHeight = powerOfTwo(atLeast: max(height + reach + 2, 2 * reach + 1))
    guardX = min(reach, fftWidth - width - reach)
    guardY = min(reach, fftHeight - height - reach)
    var cache: [ObjectIdentifier: [Float]] = [:]
    var spectra: [[Float]] = []
    do {
      let plan = try FFT2D.Plan(width: fftWidth, height: fftHeight)
      let scale = 1 / Double(fftWidth * fftHeight)
      for table in tables {
        if let known = cache[ObjectIdentifier(table)] {
          spectra.append(known)
          continue
        }
        let r = table.depositKernelRadius
        let side = 2 * r + 1
        var data = [Double](repeating: 0, count: 2 * fftWidth * fftHeight)
        for dy in -r...r {
          for dx in -r...r {
            let index = ((dy + fftHeight) % fftHeight) * fftWidth + (dx + fftWidth) % fftWidth
            data[2 * index] = table.depositKernel[(dy + r) * side + dx + r]
          }
        }
        try data.withUnsafeMutableBufferPointer { try plan.transform($0, .forward) }
        let spectrum = data.map { Float($0 * scale) }
        cache[ObjectIdentifier(table)] = spectrum
        spectra.append(spectrum)
      }
    } catch {
      throw .invalidParameter(
        name: "wing FFT size", value: Double(fftWidth * fftHeight), rule: "FFT setup failed: \(error)")
    }
    self.spectra = spectra
    pairSharesKernel = stride(from: 0, to: tables.count, by: 2).map { band in
      band + 1 < tables.count && tables[band] === tables[band + 1]
    }
    oddBandRows = FFT2D.PrunedRealSinglePrecisionPlan.pairedRows(
      covering: guardY..<(guardY + height), height: fftHeight)
  }

  var bandCount: Int { spectra.count }
  var pairCount: Int { (bandCount + 1) / 2 }
  var pairFloats: Int { 2 * fftWidth * fftHeight }

  /// The rows of a pair buffer that hold the image's pixels (the only rows `convolve` completes).
  var imageRows: Range<Int> { guardY..<(guardY + height) }

  /// The rows of a pair buffer that hold stored deposit cells (y ∈ [−g_y, height + g_y − 1]): the
  /// others stay zero, and the forward transform skips them.
  var depositRows: Range<Int> { 0..<(height + 2 * guardY) }

  /// Index of deposit cell / image pixel (x, y) in complex elements of a pair buffer.
  @inline(__always) func offset(x: Int, y: Int) -> Int { (y + guardY) * fftWidth + x + guardX }

  /// Where band `band`'s deposits go: its pair's buffer and the real (0) or imaginary (1) part.
  @inline(__always) func slot(band: Int) -> (pair: Int, part: Int) { (band / 2, band % 2) }

  /// Whether the last band is alone in its pair (an odd band count): its buffer holds a real
  /// field, transformed by the real plan (`convolve`).
  var hasUnpairedBand: Bool { bandCount % 2 == 1 }

  /// After `convolve`: the float index, from the first pair buffer, of band `band`'s convolved
  /// row `row` (image row, pixel x = 0); the row's pixels follow 2 floats apart. A paired band
  /// reads its part of the pair's row; the unpaired band reads the real plan's output layout.
  func resultOffset(band: Int, row: Int) -> Int {
    let (pair, part) = slot(band: band)
    guard hasUnpairedBand && band == bandCount - 1 else { return pair * pairFloats + 2 * offset(x: 0, y: row) + part }
    return pair * pairFloats + 2 * guardX
      + FFT2D.PrunedRealSinglePrecisionPlan.outputOffset(row: row + guardY, width: fftWidth, inverseRows: oddBandRows)
  }

  /// Convolves the deposits in `buffers` (one interleaved complex buffer per two bands, filled by
  /// the renderer) with each band's kernel, in place: afterwards the real (imaginary) part at
  /// complex index `offset(x:y:)` holds the deposited light of the pair's first (second) band at
  /// pixel (x, y) of the image (other rows are meaningless afterwards); an unpaired last band's
  /// result is read at `resultOffset(band:row:)`. `plan` is of size N_x × N_y, completes
  /// `imageRows` and takes input in `depositRows`; `realPlan` likewise (required when
  /// `hasUnpairedBand`; its `inverseRows` must be `oddBandRows`).
  func convolve(
    buffers: UnsafeMutablePointer<Float>, plan: FFT2D.PrunedSinglePrecisionPlan,
    realPlan: FFT2D.PrunedRealSinglePrecisionPlan?
  ) {
    precondition(!hasUnpairedBand || realPlan != nil, "an unpaired band needs the real plan")
    precondition(realPlan == nil || realPlan!.inverseRows == oddBandRows, "the real plan completes other rows")
    for pair in 0..<pairCount {
      let data = buffers + pair * pairFloats
      let first = 2 * pair
      if first + 1 == bandCount {
        // A real field: half its spectrum (Hermitian), two rows per complex row transform.
        let realPlan = realPlan!
        realPlan.forward(data)
        spectra[first].withUnsafeBufferPointer { h in
          Self.multiply(data, by: h.baseAddress!, rows: fftHeight, rowLength: fftWidth, columns: realPlan.columnCount)
        }
        realPlan.inverse(data)
        continue
      }
      plan.forward(data)
      spectra[first].withUnsafeBufferPointer { ha in
        if pairSharesKernel[pair] {
          // (a + i b) ∗ h = a ∗ h + i (b ∗ h) for a real kernel h: one complex product.
          Self.multiply(data, by: ha.baseAddress!, rows: fftHeight, rowLength: fftWidth, columns: fftWidth)
          return
        }
        spectra[first + 1].withUnsafeBufferPointer { hb in
          // Separate the two real spectra, A = (Z[k] + Z̄[−k])/2 and B = (Z[k] − Z̄[−k])/(2i)
          // (Numerical Recipes 3rd ed. §12.3.2), and form C = A·Ha + i·B·Hb. In place: each
          // frequency k and its mirror −k are read together and both results written afterwards
          // (rows v and N − v for 0 < v < N/2; the self-mirrored rows 0 and N/2 by their columns
          // u and N − u), with the same expression per frequency as through a scratch copy.
          @inline(__always) func product(_ k: Int, _ zr: Float, _ zi: Float, _ cr: Float, _ ci: Float) -> (Float, Float)
          {
            let (ar, ai) = (0.5 * (zr + cr), 0.5 * (zi + ci))
            // (Z − Z̄[−k]) / (2i) = (Im, −Re) / 2 of the difference.
            let (br, bi) = (0.5 * (zi - ci), -0.5 * (zr - cr))
            let (pr, pi) = (ar * ha[2 * k] - ai * ha[2 * k + 1], ar * ha[2 * k + 1] + ai * ha[2 * k])
            let (qr, qi) = (br * hb[2 * k] - bi * hb[2 * k + 1], br * hb[2 * k + 1] + bi * hb[2 * k])
            // C = P + i Q.
            return (pr - qi, pi + qr)
          }
          @inline(__always) func pair(_ k: Int, _ m: Int) {
            let (zr, zi) = (data[2 * k], data[2 * k + 1])
            let (wr, wi) = (data[2 * m], data[2 * m + 1])
            let (kr, ki) = product(k, zr, zi, wr, -wi)
            let (mr, mi) = product(m, wr, wi, zr, -zi)
            data[2 * k] = kr
            data[2 * k + 1] = ki
            data[2 * m] = mr
            data[2 * m + 1] = mi
          }
          // Four frequencies of a row and their four mirrors at once (`SeparatedProduct`): the
          // same expression per frequency in SIMD8 lanes (interleaved complex), bit for bit.
          let vectorRows = fftWidth % 4 == 0 && fftWidth >= 8
          for v in 0...(fftHeight / 2) {
            let mirrorV = v == 0 ? 0 : fftHeight - v
            // Rows 0 and N/2 (odd N: row 0 only) are their own mirrors: half their columns.
            let selfMirrored = mirrorV == v
            if vectorRows && !selfMirrored {
              // Columns 0…3 (mirrors 0, N − 1, N − 2, N − 3) one by one; then columns u…u + 3,
              // whose mirrors N − u − 3 … N − u are contiguous in reverse.
              for u in 0..<4 { pair(v * fftWidth + u, mirrorV * fftWidth + (u == 0 ? 0 : fftWidth - u)) }
              var u = 4
              while u < fftWidth {
                SeparatedProduct.mirroredChunks(
                  data, k: v * fftWidth + u, mirrorFirst: mirrorV * fftWidth + fftWidth - u - 3,
                  ha.baseAddress!, hb.baseAddress!)
                u += 4
              }
              continue
            }
            let lastU = selfMirrored ? fftWidth / 2 : fftWidth - 1
            for u in 0...lastU {
              let mirrorU = u == 0 ? 0 : fftWidth - u
              let k = v * fftWidth + u
              let m = mirrorV * fftWidth + mirrorU
              if k == m {
                let (zr, zi) = (data[2 * k], data[2 * k + 1])
                (data[2 * k], data[2 * k + 1]) = product(k, zr, zi, zr, -zi)
              } else {
                pair(k, m)
              }
            }
          }
        }
      }
      plan.inverse(data)
    }
  }

  /// Z ← Z · H on columns 0 ..< `columns` of every row (interleaved complex, rows `rowLength`
  /// complex values apart): (Re Z·Re H − Im Z·Im H, Re Z·Im H + Im Z·Re H), in SIMD8 lanes as
  /// Re Z · H + Im Z · (−Im H, Re H) (the same roundings: x + (−y) is x − y) and in the scalar
  /// remainder.
  static func multiply(
    _ data: UnsafeMutablePointer<Float>, by h: UnsafePointer<Float>, rows: Int, rowLength: Int, columns: Int
  ) {
    for v in 0..<rows {
      let (z, hv) = (data + 2 &* v &* rowLength, h + 2 &* v &* rowLength)
      var u = 0
      while u + 4 <= columns {
        let (zu, hu) = (load8(z + 2 &* u), load8(hv + 2 &* u))
        store8(zu.realParts * hu + zu.imaginaryParts * hu.timesI, z + 2 &* u)
        u += 4
      }
      while u < columns {
        let (zr, zi, hr, hi) = (z[2 &* u], z[2 &* u + 1], hv[2 &* u], hv[2 &* u + 1])
        (z[2 &* u], z[2 &* u + 1]) = (zr * hr - zi * hi, zr * hi + zi * hr)
        u += 1
      }
    }
  }
}
