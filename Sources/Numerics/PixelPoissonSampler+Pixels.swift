import Foundation

extension PixelPoissonSampler {
  /// Noisy pixels for a whole image band in one call: each pixel value p (a noiseless source
  /// level) becomes
  ///
  ///     Float((Poisson(B + s) + σ Z − offset) · outputScale),   s = p · sourceScale,
  ///
  /// with Poisson(B + s) made of the parts listed on the type (s ≤ 0 and NaN count as 0) and Z a
  /// standard normal by the ziggurat (`Xoshiro256StarStar.standardNormal`'s method), drawn only
  /// when σ > 0.
  ///
  /// Words (session 7): the common parts take the words of `stream`'s four SIMD lanes in their
  /// interleaved order (`PixelNoiseStream.fill`), generated `wordBufferRounds` rounds at a time
  /// into a buffer: pixel by pixel in index order, the Poisson words listed on the type for
  /// 0 < s < 65,536 (for s ≥ 65,536 and s ≤ 0 only the B + d₀ word) and, when σ > 0, the
  /// ziggurat's first word. A pixel is started only with at least `maximumWordsPerPixel` words
  /// left in the buffer; otherwise the unread words are kept and the buffer refilled behind them,
  /// so the common parts read the interleaved words strictly in order. The words still unread
  /// when the band ends are dropped (the next band starts at the lanes' next round). The band is
  /// cut into blocks of `blockSize` pixels; after each block, in pixel order, the rare parts
  /// draw from `stream.scalar` (the fifth, jump-separated stream): PTRS for s ≥ 65,536
  /// (`exactPoisson(mean: s)`), the ziggurat's slow path (wedge, tail, rejection) for the ≈ 1.2 %
  /// of first words outside the inner rectangles; the fraction's sequential search (≈ 1–3 % of
  /// pixels, no words) is also done there. Every part is an independent exact draw on words of
  /// disjoint streams, so each pixel is Poisson(B + s) plus σ·N(0, 1); the result is a pure
  /// function of the stream's state and the image, the same on every machine and thread.
  ///
  /// A sky too wide to merge with the unit digit (B ≳ 4,000 e⁻) or too large for a table takes
  /// the plain per-pixel order on `stream.scalar` (`draw(sourceMean:using:)`, then
  /// `standardNormal`, pixel by pixel).
  public func drawPixels(
    _ pixels: UnsafeMutableBufferPointer<Float>, sourceScale: Double, readNoiseSigma sigma: Double, offset: Double,
    outputScale: Double, using stream: inout PixelNoiseStream
  ) {
    let kernel = self.kernel
    guard kernel.untabulatedBaseMean == 0, kernel.isMerged else {
      for index in pixels.indices {
        var electrons = kernel.draw(sourceMean: Double(pixels[index]) * sourceScale, using: &stream.scalar)
        if sigma > 0 { electrons += sigma * stream.scalar.standardNormal() }
        pixels[index] = Float((electrons - offset) * outputScale)
      }
      return
    }
    guard let base = pixels.baseAddress, !pixels.isEmpty else { return }
    let reserve = Self.maximumWordsPerPixel
    let capacity = reserve + 4 * Self.wordBufferRounds
    // The most words a pixel with s < 4096 takes (B + d₀, f, d₁, d₂, the normal): a run of n
    // pixels started with `left` ≥ reserve words surely starts each of them with ≥ reserve left
    // when n ≤ (left − reserve) / runWords + 1, so the loop checks the buffer once per run.
    let runWords = sigma > 0 ? 5 : 4
    // s · 128 in one product: sourceScale · 128 is exact, so (p · t) · 128 = p · (t · 128).
    let scaledSource = sourceScale * Double(PoissonFractionTable.steps)
    let edges = ZigguratNormalTable.shared.edges
    withUnsafeTemporaryAllocation(byteCount: capacity * 8, alignment: 64) { raw in
      let words = raw.baseAddress!.bindMemory(to: UInt64.self, capacity: capacity)
      withUnsafeTemporaryAllocation(of: DeferredPixel.self, capacity: Self.blockSize) { records in
        let records = records.baseAddress!
        // Per block: each pixel's class code, then its count (`drawRun`).
        let codes = UnsafeMutablePointer<UInt32>.allocate(capacity: Self.blockSize)
        defer { codes.deallocate() }
        var position = capacity
        var start = 0
        while start < pixels.count {
          let count = min(Self.blockSize, pixels.count - start)
          var done = 0
          var deferred = 0
          PixelPoissonKernel.classify(base + start, count: count, scaledSource: scaledSource, into: codes)
          while done < count {
            if capacity - position < reserve {
              // Keep the unread words just before the fill region, then refill it.
              let left = capacity - position
              (words + reserve - left).update(from: words + position, count: left)
              stream.fill(words + reserve, rounds: Self.wordBufferRounds)
              position = reserve - left
            }
            let end = done + min(count - done, (capacity - position - reserve) / runWords + 1)
            let cursor = BlockCursor(index: done, deferred: deferred, position: position)
            let next =
              sigma > 0
              ? kernel.drawRun(
                base + start, codes: codes, end: end, cursor: cursor, scaledSource: scaledSource, sigma: sigma,
                offset: offset, outputScale: outputScale, words: words, records: records, edges: edges,
                withNormal: true)
              : kernel.drawRun(
                base + start, codes: codes, end: end, cursor: cursor, scaledSource: scaledSource, sigma: 0,
                offset: offset, outputScale: outputScale, words: words, records: records, edges: edges,
                withNormal: false)
            done = next.index
            deferred = next.deferred
            position = next.position
          }
          if sigma <= 0 {
            PixelPoissonKernel.convertCounts(
              codes, count: count, into: base + start, offset: offset, outputScale: outputScale)
          }
          if deferred > 0 {
            stream.scalar = PixelPoissonKernel.resolve(
              records, count: deferred, pixels: base + start, sigma: sigma, offset: offset, outputScale: outputScale,
              state: stream.scalar)
          }
          start += count
        }
      }
    }
  }

  /// Pixels per block of `drawPixels` (its deferred rare parts are drawn after each block).
  public static var blockSize: Int { 1024 }
  /// Rounds of four lane words per buffer fill of `drawPixels`.
  public static var wordBufferRounds: Int { 256 }
  /// The most words a pixel's common parts take: B + d₀, f, d₁, d₂, 15 for d₃, the normal.
  public static var maximumWordsPerPixel: Int { 20 }
}

/// Where `drawBlock` stands: the next pixel of the block, the records so far, the next word.
struct BlockCursor {
  var index: Int
  var deferred: Int
  var position: Int
}

/// A pixel whose value waits for a rare part after its block (`drawPixels`).
struct DeferredPixel {
  /// The pixel's index in its block.
  var index: Int
  /// The sum of the table parts (and the fraction's count when it was decided).
  var count: Int
  /// s (PTRS: its mean; the fraction: f = s − ⌊s⌋).
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
  /// The common path of `drawPixels` for one run of a block (merged tables) from `cursor` to
  /// `end` or just after the first pixel with s ≥ 4096 (it may take up to `maximumWordsPerPixel`
  /// words): writes every pixel whose parts are all decided — without the normal as its count in
  /// `codes` (which held its class code, `classify`; `convertCounts` turns the block into
  /// floats), with the normal as its float — and records the others in `records`. No calls, no
  /// generator and no buffer check in the loop.
  @inline(__always) func drawRun(
    _ pixels: UnsafeMutablePointer<Float>, codes: UnsafeMutablePointer<UInt32>, end runEnd: Int, cursor: BlockCursor,
    scaledSource: Double, sigma: Double, offset: Double, outputScale: Double, words: UnsafePointer<UInt64>,
    records: UnsafeMutablePointer<DeferredPixel>, edges: UnsafePointer<Double>, withNormal: Bool
  ) -> BlockCursor {
    // Locals, not loads through `self` (stores to the pixels could alias it for the optimiser).
    let unit = self.unit
    let fractions = self.fractions
    // The pixel as a moving pointer into `codes` (one register for its code and its count).
    var end = codes + runEnd
    var code = codes + cursor.index
    var deferred = cursor.deferred
    var w = words + cursor.position
    /// The rest of the pixel at `code`, whose table parts sum to `total`: with σ > 0 the
    /// ziggurat's first word; then, every part decided, its value (the float, or with σ = 0 its
    /// count in the code slot for the output pass), else its record for `resolve` (the mean s
    /// recomputed from the pixel exactly as the class code was).
    @inline(__always) func finishPixel(total: Int, flags: UInt8, fractionUniform m: UInt64) {
      var flags = flags
      var normal = 0.0
      var bits: UInt64 = 0
      var x = 0.0
      if withNormal {
        bits = w[0]
        w += 1
        let first = ZigguratNormalTable.firstWord(bits, edges: edges)
        (x, normal) = (first.abscissa, first.normal)
        if !first.inside { flags |= DeferredPixel.pendingNormal }
      }
      let index = code - codes
      if flags == 0 {
        if withNormal {
          pixels[index] = Float((Double(total) + sigma * normal - offset) * outputScale)
        } else {
          code.pointee = UInt32(truncatingIfNeeded: total)
        }
      } else {
        records[deferred] = DeferredPixel(
          index: index, count: total, mean: Double(pixels[index]) * scaledSource * 0x1p-7, scaledUniform: m,
          normalBits: bits, normalAbscissa: x, normal: normal, flags: flags)
        deferred += 1
      }
    }
    while code < end {
      // The common class 0 < s < 16 (code ⌊s · 128⌋ < 2048; d₀ = ⌊s⌋): a loop of its own, so
      // that the other classes' tables and bookkeeping stay out of its registers.
      while code < end {
        let scaled = Int(truncatingIfNeeded: code.pointee)
        guard scaled < 16 * 128 else { break }
        var total = unit.drawCount(word: w[0], digit: scaled >> 7)
        let m = w[1] &>> 11
        w += 2
        let k = PoissonFractionTable.draw(thresholds: fractions, cell: scaled & 127, scaledUniform: m)
        var flags: UInt8 = 0
        if k >= 0 { total &+= k } else { flags = DeferredPixel.pendingFraction }
        finishPixel(total: total, flags: flags, fractionUniform: m)
        code += 1
      }
      // The class 16 ≤ s < 256 (code < 32,768): B + d₀, f, then 16 d₁ (d₁ = code / 2048).
      if !withNormal {
        let digitViews = self.digitViews
        while code < end {
          let scaled = Int(truncatingIfNeeded: code.pointee)
          guard UInt(bitPattern: scaled &- 16 * 128) < 240 * 128 else { break }
          var total = unit.drawCount(word: w[0], digit: (scaled >> 7) & 15)
          let m = w[1] &>> 11
          total &+= digitViews[16 &+ (scaled >> 11)].drawCount(word: w[2])
          w += 3
          let k = PoissonFractionTable.draw(thresholds: fractions, cell: scaled & 127, scaledUniform: m)
          if k >= 0 {
            code.pointee = UInt32(truncatingIfNeeded: total &+ k)
          } else {
            let index = code - codes
            records[deferred] = DeferredPixel(
              index: index, count: total, mean: Double(pixels[index]) * scaledSource * 0x1p-7, scaledUniform: m,
              normalBits: 0, normalAbscissa: 0, normal: 0, flags: DeferredPixel.pendingFraction)
            deferred += 1
          }
          code += 1
        }
      }
      guard code < end else { break }
      if code.pointee < 16 * 128 { continue }
      // Any other class: s ≤ 0 or NaN, 16 ≤ s < 65,536, s ≥ 65,536 (PTRS deferred).
      let index = code - codes
      let s128 = Double(pixels[index]) * scaledSource
      var flags: UInt8 = 0
      var total: Int
      var m: UInt64 = 0
      if s128 > 0 && s128 < 65_536 * 128 {
        // ⌊s⌋ and the fraction's grid cell from one conversion.
        let scaled = Int(s128)
        let whole = scaled >> 7
        total = unit.drawCount(word: w[0], digit: whole & 15)
        m = w[1] &>> 11
        w += 2
        let k = PoissonFractionTable.draw(thresholds: fractions, cell: scaled & 127, scaledUniform: m)
        total &+= drawHigherDigits(whole: whole, words: &w)
        // Up to 15 more words for d₃: the run's guarantee ends with this pixel.
        if whole >= 4096 { end = code + 1 }
        if k >= 0 { total &+= k } else { flags = DeferredPixel.pendingFraction }
      } else {
        total = unit.drawCount(word: w[0], digit: 0)
        w += 1
        if s128 > 0 { flags = DeferredPixel.pendingPTRS }
      }
      finishPixel(total: total, flags: flags, fractionUniform: m)
      code += 1
    }
    return BlockCursor(index: code - codes, deferred: deferred, position: w - words)
  }

  /// Each pixel's class code for `drawRun`: ⌊s · 128⌋ (< 32,768) when 0 < s < 256, s · 128 =
  /// p · scaledSource as in `drawRun`'s other classes, else `UInt32.max`. ⌊x⌋ for 0 < x < 2¹⁵
  /// is the low word of ⌊x⌋ + 2⁵² (exact): no trapping conversion, so the loop vectorises.
  @inline(__always) static func classify(
    _ pixels: UnsafePointer<Float>, count: Int, scaledSource: Double, into codes: UnsafeMutablePointer<UInt32>
  ) {
    for index in 0..<count {
      let s128 = Double(pixels[index]) * scaledSource
      let floor = UInt32(truncatingIfNeeded: (s128.rounded(.down) + 0x1p52).bitPattern)
      codes[index] = s128 > 0 && s128 < 256 * 128 ? floor : .max
    }
  }

  /// The parts 16 d₁, 256 d₂ and d₃ × 4096 of ⌊s⌋ = `whole`, from the words at `w` on
  /// (advanced past them); none for ⌊s⌋ < 16.
  @inline(__always) func drawHigherDigits(whole: Int, words w: inout UnsafePointer<UInt64>) -> Int {
    guard whole >= 16 else { return 0 }
    var total = digitViews[16 + ((whole >> 4) & 15)].drawCount(word: w[0])
    w += 1
    if whole >= 256 {
      total &+= digitViews[32 + ((whole >> 8) & 15)].drawCount(word: w[0])
      w += 1
      if whole >= 4096 {
        let view = fourThousandView
        for _ in 0..<(whole >> 12) {
          total &+= view.drawCount(word: w[0])
          w += 1
        }
      }
    }
    return total
  }

  /// Turns a block's counts (written by `drawRun` into `codes`) into the pixels'
  /// Float((count − offset) · outputScale) — the same operations as the per-pixel expression, in
  /// a loop the compiler vectorises. Deferred pixels are converted too and overwritten after.
  @inline(__always) static func convertCounts(
    _ codes: UnsafePointer<UInt32>, count: Int, into pixels: UnsafeMutablePointer<Float>, offset: Double,
    outputScale: Double
  ) {
    for index in 0..<count {
      pixels[index] = Float((Double(Int32(bitPattern: codes[index])) - offset) * outputScale)
    }
  }

  /// The deferred parts of a block, in pixel order: PTRS, the fraction's search, the ziggurat's
  /// slow path, on the scalar stream; writes those pixels. Takes the generator by value (out of
  /// the hot loop).
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
        let f = record.mean - record.mean.rounded(.down)
        electrons += PoissonFractionTable.search(uniform: Double(record.scaledUniform) * 0x1p-53, mean: f)
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
