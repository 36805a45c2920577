import Foundation

extension PixelPoissonSampler {
  /// Noisy pixels for a whole image band in one call: each pixel value p (a noiseless source
  /// level) becomes
  ///
  ///     Float((Poisson(B + s) + σ Z − offset) · outputScale),   s = p · sourceScale,
  ///
  /// with Poisson(B + s) as `draw(sourceMean:using:)` (s ≤ 0 and NaN count as 0) and Z a standard
  /// normal by the ziggurat (`Xoshiro256StarStar.standardNormal`), drawn only when σ > 0.
  ///
  /// Words: the band is cut into blocks of `blockSize` pixels. Within a block, pixel by pixel in
  /// index order, the words of the common path: the Poisson words listed on the type for
  /// 0 < s < 65,536 (one for B + d₀ and nothing else for s ≥ 65,536 or s ≤ 0) and, when σ > 0, the
  /// ziggurat's first word. Then, after the block, the rare parts that need further words, in
  /// pixel order: PTRS for s ≥ 65,536 (`exactPoisson(mean: s)`), then the ziggurat's slow path
  /// (wedge, tail, rejection: `zigguratSlowPath`) for the ≈ 1.2 % of first words outside the
  /// inner rectangles. A pixel with neither takes exactly the words of `draw` then
  /// `standardNormal`. The fraction's sequential search (≈ 1–3 % of pixels) takes no words and
  /// is also done after the block. Every part is still an independent exact draw (the deferred
  /// words are fresh words of the same stream), so each pixel is the same Poisson(B + s) plus
  /// σ·N(0, 1) as before; the result is a pure function of the generator's state and the image,
  /// the same on every machine and thread. Deferring keeps every call and every data-dependent
  /// use of the generator out of the per-pixel loop, so its state stays in registers.
  ///
  /// A sky too wide to merge with the unit digit (B ≳ 4,000 e⁻, `mergesBaseWithUnitDigit` false
  /// with B > 0) or too large for a table keeps the plain per-pixel order (`draw`, then
  /// `standardNormal`, pixel by pixel).
  public func drawPixels(
    _ pixels: UnsafeMutableBufferPointer<Float>, sourceScale: Double, readNoiseSigma sigma: Double, offset: Double,
    outputScale: Double, using generator: inout Xoshiro256StarStar
  ) {
    let kernel = self.kernel
    guard kernel.untabulatedBaseMean == 0, kernel.isMerged || !kernel.hasBase else {
      for index in pixels.indices {
        var electrons = kernel.draw(sourceMean: Double(pixels[index]) * sourceScale, using: &generator)
        if sigma > 0 { electrons += sigma * generator.standardNormal() }
        pixels[index] = Float((electrons - offset) * outputScale)
      }
      return
    }
    guard let base = pixels.baseAddress, !pixels.isEmpty else { return }
    let blockSize = Self.blockSize
    withUnsafeTemporaryAllocation(of: DeferredPixel.self, capacity: blockSize) { records in
      let records = records.baseAddress!
      var g = generator
      var start = 0
      while start < pixels.count {
        let count = min(blockSize, pixels.count - start)
        let deferred = kernel.drawBlock(
          base + start, count: count, sourceScale: sourceScale, sigma: sigma, offset: offset,
          outputScale: outputScale, records: records, state: &g)
        if deferred > 0 {
          g = PixelPoissonKernel.resolve(
            records, count: deferred, pixels: base + start, sigma: sigma, offset: offset, outputScale: outputScale,
            state: g)
        }
        start += count
      }
      generator = g
    }
  }

  /// Pixels per block of `drawPixels` (its deferred rare parts are drawn after each block).
  public static var blockSize: Int { 1024 }
}

/// A pixel whose value waits for a rare part after its block (`drawPixels`).
struct DeferredPixel {
  /// The pixel's index in its block.
  var index: Int
  /// The sum of the table parts (and the fraction's count when it was decided).
  var count: Int
  /// `pendingPTRS`: s; `pendingFraction`: the fraction f = s − ⌊s⌋.
  var mean: Double
  /// The fraction's uniform, m 2⁻⁵³.
  var scaledUniform: UInt64
  /// The ziggurat's first word and abscissa.
  var normalBits: UInt64
  var normalAbscissa: Double
  /// The standard normal when decided on the fast path.
  var normal: Double
  var flags: UInt8

  static var pendingPTRS: UInt8 { 1 }
  static var pendingFraction: UInt8 { 2 }
  static var pendingNormal: UInt8 { 4 }
}

extension PixelPoissonKernel {
  /// The common path of `drawPixels` for one block (merged tables, or B = 0 with the digit
  /// tables): writes every pixel whose parts are all decided and records the others in
  /// `records`; returns how many it recorded. No calls and no generator use off the common path.
  @inline(__always) func drawBlock(
    _ pixels: UnsafeMutablePointer<Float>, count: Int, sourceScale: Double, sigma: Double, offset: Double,
    outputScale: Double, records: UnsafeMutablePointer<DeferredPixel>, state g: inout Xoshiro256StarStar
  ) -> Int {
    let edges = ZigguratNormalTable.shared.edges
    let withNormal = sigma > 0
    var deferred = 0
    for index in 0..<count {
      let s = Double(pixels[index]) * sourceScale
      var flags: UInt8 = 0
      var total = 0
      var fractionMean = 0.0
      var m: UInt64 = 0
      if s > 0 && s < 65_536 {
        // ⌊s⌋ and the fraction's grid cell from one conversion: s · 128 is exact.
        let scaled = Int(s * Double(PoissonFractionTable.steps))
        let whole = scaled >> 7
        if hasBase || whole > 0 { total = mergedViews[whole & 15].drawCount(word: g.next()) }
        if whole >= 16 {
          total &+= digitViews[16 + ((whole >> 4) & 15)].drawCount(word: g.next())
          if whole >= 256 { total &+= digitViews[32 + ((whole >> 8) & 15)].drawCount(word: g.next()) }
        }
        m = g.next() &>> 11
        let k = PoissonFractionTable.draw(thresholds: fractions, cell: scaled & 127, scaledUniform: m)
        if whole >= 4096 {
          for _ in 0..<(whole >> 12) { total &+= fourThousandView.drawCount(word: g.next()) }
        }
        if k >= 0 {
          total &+= k
        } else {
          flags = DeferredPixel.pendingFraction
          fractionMean = s - Double(whole)
        }
      } else {
        if hasBase { total = mergedViews[0].drawCount(word: g.next()) }
        if s > 0 {
          flags = DeferredPixel.pendingPTRS
          fractionMean = s
        }
      }
      var normal = 0.0
      var bits: UInt64 = 0
      var x = 0.0
      if withNormal {
        bits = g.next()
        let layer = Int(truncatingIfNeeded: bits & 0xFF)
        x = Double(bits >> 11) * 0x1p-53 * edges[layer]
        // Bit 8 moved to the sign bit (no branch on the sign).
        normal = Double(bitPattern: x.bitPattern ^ (bits & 0x100) << 55)
        if !(x < edges[layer + 1]) { flags |= DeferredPixel.pendingNormal }
      }
      if flags == 0 {
        var electrons = Double(total)
        if withNormal { electrons += sigma * normal }
        pixels[index] = Float((electrons - offset) * outputScale)
      } else {
        records[deferred] = DeferredPixel(
          index: index, count: total, mean: fractionMean, scaledUniform: m, normalBits: bits, normalAbscissa: x,
          normal: normal, flags: flags)
        deferred += 1
      }
    }
    return deferred
  }

  /// The deferred parts of a block, in pixel order: PTRS, the fraction's search, the ziggurat's
  /// slow path; writes those pixels. Takes the generator by value (out of the hot loop).
  @inline(never) static func resolve(
    _ records: UnsafeMutablePointer<DeferredPixel>, count: Int, pixels: UnsafeMutablePointer<Float>, sigma: Double,
    offset: Double, outputScale: Double, state: Xoshiro256StarStar
  ) -> Xoshiro256StarStar {
    var g = state
    for record in UnsafeBufferPointer(start: records, count: count) {
      var electrons = Double(record.count)
      if record.flags & DeferredPixel.pendingPTRS != 0 {
        electrons += g.exactPoisson(mean: record.mean)
      } else if record.flags & DeferredPixel.pendingFraction != 0 {
        electrons += PoissonFractionTable.search(uniform: Double(record.scaledUniform) * 0x1p-53, mean: record.mean)
      }
      if sigma > 0 {
        var normal = record.normal
        if record.flags & DeferredPixel.pendingNormal != 0 {
          normal = g.zigguratSlowPath(bits: record.normalBits, x: record.normalAbscissa)
        }
        electrons += sigma * normal
      }
      pixels[record.index] = Float((electrons - offset) * outputScale)
    }
    return g
  }
}
