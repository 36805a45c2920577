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
    // s · 128 in one product: sourceScale · 128 is exact, so (p · t) · 128 = p · (t · 128).
    let scaledSource = sourceScale * Double(PoissonFractionTable.steps)
    withUnsafeTemporaryAllocation(byteCount: capacity * 8, alignment: 64) { raw in
      let words = raw.baseAddress!.bindMemory(to: UInt64.self, capacity: capacity)
      withUnsafeTemporaryAllocation(of: DeferredPixel.self, capacity: Self.blockSize) { records in
        let records = records.baseAddress!
        var position = capacity
        var start = 0
        while start < pixels.count {
          let count = min(Self.blockSize, pixels.count - start)
          var done = 0
          var deferred = 0
          while done < count {
            if capacity - position < reserve {
              // Keep the unread words just before the fill region, then refill it.
              let left = capacity - position
              (words + reserve - left).update(from: words + position, count: left)
              stream.fill(words + reserve, rounds: Self.wordBufferRounds)
              position = reserve - left
            }
            let cursor = BlockCursor(index: done, deferred: deferred, position: position)
            let next =
              sigma > 0
              ? kernel.drawBlock(
                base + start, count: count, cursor: cursor, scaledSource: scaledSource, sigma: sigma, offset: offset,
                outputScale: outputScale, words: words, limit: capacity - reserve, records: records, withNormal: true)
              : kernel.drawBlock(
                base + start, count: count, cursor: cursor, scaledSource: scaledSource, sigma: 0, offset: offset,
                outputScale: outputScale, words: words, limit: capacity - reserve, records: records, withNormal: false)
            done = next.index
            deferred = next.deferred
            position = next.position
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
  /// The common path of `drawPixels` for one block (merged tables) from `cursor` on: writes
  /// every pixel whose parts are all decided and records the others in `records`; stops at the
  /// block's end or when fewer than `maximumWordsPerPixel` words are left (position > limit).
  /// No calls and no generator in the loop: the words come from the buffer.
  @inline(__always) func drawBlock(
    _ pixels: UnsafeMutablePointer<Float>, count: Int, cursor: BlockCursor, scaledSource: Double, sigma: Double,
    offset: Double, outputScale: Double, words: UnsafePointer<UInt64>, limit: Int,
    records: UnsafeMutablePointer<DeferredPixel>, withNormal: Bool
  ) -> BlockCursor {
    let edges = ZigguratNormalTable.shared.edges
    // Locals, not loads through `self` (stores to the pixels could alias it for the optimiser).
    let unit = self.unit
    let fractions = self.fractions
    let digitViews = self.digitViews
    let fourThousandView = self.fourThousandView
    var index = cursor.index
    var deferred = cursor.deferred
    var position = cursor.position
    while index < count && position <= limit {
      let s128 = Double(pixels[index]) * scaledSource
      var flags: UInt8 = 0
      var total: Int
      var m: UInt64 = 0
      if s128 > 0 && s128 < 65_536 * 128 {
        // ⌊s⌋ and the fraction's grid cell from one conversion.
        let scaled = Int(s128)
        let whole = scaled >> 7
        total = unit.drawCount(word: words[position], digit: whole & 15)
        m = words[position + 1] &>> 11
        position += 2
        let k = PoissonFractionTable.draw(thresholds: fractions, cell: scaled & 127, scaledUniform: m)
        if whole >= 16 {
          total &+= digitViews[16 + ((whole >> 4) & 15)].drawCount(word: words[position])
          position += 1
          if whole >= 256 {
            total &+= digitViews[32 + ((whole >> 8) & 15)].drawCount(word: words[position])
            position += 1
            if whole >= 4096 {
              for _ in 0..<(whole >> 12) {
                total &+= fourThousandView.drawCount(word: words[position])
                position += 1
              }
            }
          }
        }
        if k >= 0 { total &+= k } else { flags = DeferredPixel.pendingFraction }
      } else {
        total = unit.drawCount(word: words[position], digit: 0)
        position += 1
        if s128 > 0 { flags = DeferredPixel.pendingPTRS }
      }
      var normal = 0.0
      var bits: UInt64 = 0
      var x = 0.0
      if withNormal {
        bits = words[position]
        position += 1
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
          index: index, count: total, mean: s128 * 0x1p-7, scaledUniform: m, normalBits: bits, normalAbscissa: x,
          normal: normal, flags: flags)
        deferred += 1
      }
      index += 1
    }
    return BlockCursor(index: index, deferred: deferred, position: position)
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
