import Numerics

/// The smooth wing field of `Renderer`: per band, the stars' deposited fluxes convolved with the
/// band's wing kernel (`RenderPSFTable.wingKernel`) by one FFT, two bands per complex transform.
///
/// Geometry: deposit cells m ∈ [−R, size + R − 1] per axis (a cell farther out cannot reach the
/// image through a kernel of half-width R) are stored at index m mod N, the kernel's offset d at
/// d mod N, with N ≥ size + 2R a fast FFT size. Then for every image pixel n and every stored
/// cell, the circular offset n − m mod N equals the true offset whenever |n − m| ≤ R and
/// lies outside the kernel otherwise: nothing wraps, and light falling outside the image is lost.
struct WingConvolution: Sendable {
  let width: Int
  let height: Int
  /// The largest wing-kernel half-width R over bands (`RenderPSFTable.wingKernelRadius`).
  let reach: Int
  let fftWidth: Int
  let fftHeight: Int
  /// Per band: the kernel's spectrum, interleaved complex `2·N_x·N_y`.
  let spectra: [[Double]]
  /// Per pair of bands (b, b+1): whether both use the same kernel (a cheaper product).
  let pairSharesKernel: [Bool]

  init(width: Int, height: Int, tables: [RenderPSFTable]) throws(RenderError) {
    self.width = width
    self.height = height
    reach = tables.map(\.wingKernelRadius).max() ?? 0
    fftWidth = FFT2D.fastSize(atLeast: width + 2 * reach)
    fftHeight = FFT2D.fastSize(atLeast: height + 2 * reach)
    var cache: [ObjectIdentifier: [Double]] = [:]
    var spectra: [[Double]] = []
    do {
      let plan = try FFT2D.Plan(width: fftWidth, height: fftHeight)
      for table in tables {
        if let known = cache[ObjectIdentifier(table)] {
          spectra.append(known)
          continue
        }
        let r = table.wingKernelRadius
        let side = 2 * r + 1
        var data = [Double](repeating: 0, count: 2 * fftWidth * fftHeight)
        for dy in -r...r {
          for dx in -r...r {
            let index = ((dy + fftHeight) % fftHeight) * fftWidth + (dx + fftWidth) % fftWidth
            data[2 * index] = table.wingKernel[(dy + r) * side + dx + r]
          }
        }
        try data.withUnsafeMutableBufferPointer { try plan.transform($0, .forward) }
        cache[ObjectIdentifier(table)] = data
        spectra.append(data)
      }
    } catch {
      throw .invalidParameter(
        name: "wing FFT size", value: Double(fftWidth * fftHeight), rule: "FFT setup failed: \(error)")
    }
    self.spectra = spectra
    pairSharesKernel = stride(from: 0, to: tables.count, by: 2).map { band in
      band + 1 < tables.count && tables[band] === tables[band + 1]
    }
  }

  var bandCount: Int { spectra.count }
  var pairCount: Int { (bandCount + 1) / 2 }
  var pairFloats: Int { 2 * fftWidth * fftHeight }

  /// Where band `band`'s deposits go: its pair's buffer and the real (0) or imaginary (1) part.
  @inline(__always) func slot(band: Int) -> (pair: Int, part: Int) { (band / 2, band % 2) }

  /// Convolves the deposits in `buffers` (one interleaved pair buffer per two bands, filled
  /// by the renderer) in place with each band's kernel: afterwards the real (imaginary) part at
  /// index `y·N_x + x` holds the wing light of the pair's first (second) band at pixel (x, y).
  func convolve(_ buffers: UnsafeMutablePointer<Double>, scratch: UnsafeMutablePointer<Double>, plan: FFT2D.Plan) {
    let n = fftWidth * fftHeight
    for pair in 0..<pairCount {
      let data = buffers + pair * pairFloats
      let bufferPointer = UnsafeMutableBufferPointer(start: data, count: pairFloats)
      try! plan.transform(bufferPointer, .forward)
      let first = 2 * pair
      let hasSecond = first + 1 < bandCount
      spectra[first].withUnsafeBufferPointer { ha in
        if !hasSecond || pairSharesKernel[pair] {
          // (a + i b) ∗ h = a ∗ h + i (b ∗ h) for a real kernel h: one complex product.
          for k in 0..<n {
            let (zr, zi) = (data[2 * k], data[2 * k + 1])
            let (hr, hi) = (ha[2 * k], ha[2 * k + 1])
            data[2 * k] = zr * hr - zi * hi
            data[2 * k + 1] = zr * hi + zi * hr
          }
          return
        }
        spectra[first + 1].withUnsafeBufferPointer { hb in
          // Separate the two real spectra, A = (Z[k] + Z̄[−k])/2 and B = (Z[k] − Z̄[−k])/(2i)
          // (Numerical Recipes 3rd ed. §12.3.2), and form C = A·Ha + i·B·Hb.
          for v in 0..<fftHeight {
            let mirrorV = v == 0 ? 0 : fftHeight - v
            for u in 0..<fftWidth {
              let mirrorU = u == 0 ? 0 : fftWidth - u
              let k = v * fftWidth + u
              let m = mirrorV * fftWidth + mirrorU
              let (zr, zi) = (data[2 * k], data[2 * k + 1])
              let (cr, ci) = (data[2 * m], -data[2 * m + 1])
              let (ar, ai) = (0.5 * (zr + cr), 0.5 * (zi + ci))
              // (Z − Z̄[−k]) / (2i) = (Im, −Re) / 2 of the difference.
              let (br, bi) = (0.5 * (zi - ci), -0.5 * (zr - cr))
              let (pr, pi) = (ar * ha[2 * k] - ai * ha[2 * k + 1], ar * ha[2 * k + 1] + ai * ha[2 * k])
              let (qr, qi) = (br * hb[2 * k] - bi * hb[2 * k + 1], br * hb[2 * k + 1] + bi * hb[2 * k])
              // C = P + i Q.
              scratch[2 * k] = pr - qi
              scratch[2 * k + 1] = pi + qr
            }
          }
          data.update(from: scratch, count: pairFloats)
        }
      }
      try! plan.transform(bufferPointer, .inverse)
    }
  }
}
