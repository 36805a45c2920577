import Optics

/// A PSF pre-resampled for fast rendering: pixel stamps at a grid of sub-pixel phases.
///
/// A star at `x` is placed on the pixel `n = ⌊x + ½⌉` with phase `a = x − n ∈ [−½, ½)`; the
/// stamp for phase `a` holds `psf.pixelFraction(i − a, j − b)` for pixel offsets `|i|, |j| ≤ r`.
/// Stamps are stored at `phasesPerPixel + 1` phases per axis (`a = p/P − ½`, both ends
/// included) and the renderer blends the four around a star bilinearly. The blend error is
/// `O(P⁻²)`: for P = 16 it is ≈ 4·10⁻⁴ of a star's light in Σ|ΔI| for a Moffat of FWHM 2 px and
/// less for broader PSFs (measured by the tests against exact pixel integrals).
///
/// Radius classes: stamps are stored for a ladder of half-widths `r₁ < r₂ < … < R`, where `R`
/// covers the PSF's whole support. A class-`r` stamp at each phase is scaled by
/// `S_R(phase)/S_r(phase)` (the full stamp's light over the cut stamp's), so a star rendered with a
/// cut stamp keeps exactly the light it would have with the full one: flux is conserved and only
/// the far-wing shape beyond `r` is traded, by `Renderer`'s documented rule.
public final class RenderPSFTable: @unchecked Sendable {
  // @unchecked: the stamp storage is written once in `init` and only read afterwards.
  /// Phase steps per pixel (P).
  public let phasesPerPixel: Int
  /// Stamp half-widths of the classes, ascending; the last covers the whole PSF.
  public let classRadii: [Int]
  /// Per class: the largest |pixel fraction| outside the class's square, over all phases.
  public let maximumOutsideFraction: [Double]
  /// Per class: the largest fraction of a unit star's light outside the class's square, over phases.
  public let maximumCutLight: [Double]

  /// Per class: floats per stamp row (2r + 1 rounded up to a multiple of 8) and per stamp.
  let rowStrides: [Int]
  let stampSizes: [Int]
  /// Per class: stamps laid out `[(q·(P+1) + p)·stampSize + row·rowStride + column]`, in one
  /// allocation owned by this object (so the render loop can hold plain pointers into it).
  let stamps: [UnsafePointer<Float>]
  private let storage: UnsafeMutablePointer<Float>
  private let storageCount: Int

  /// Builds the stamps from any PSF model.
  ///
  /// - Parameters:
  ///   - phasesPerPixel: P (≥ 1). 16 keeps the blend error below 5·10⁻⁴ of a star's light for
  ///     PSFs with FWHM ≥ 2 px; use 32 for sharper PSFs (4× the memory).
  ///   - classRadii: the cut half-widths to prepare (values ≥ the full radius are dropped; the full
  ///     radius is always added).
  public init(
    psf: some PointSpreadFunction, phasesPerPixel: Int = 16, classRadii: [Int] = [1, 2, 3, 4, 5, 6, 8, 11, 15, 20]
  ) throws(RenderError) {
    guard phasesPerPixel >= 1, phasesPerPixel <= 256 else {
      throw .invalidParameter(name: "phasesPerPixel", value: Double(phasesPerPixel), rule: "must be in 1...256")
    }
    let support = psf.supportHalfWidthPixels
    guard support.isFinite, support >= 0, support <= 200 else {
      throw .invalidParameter(name: "psf.supportHalfWidthPixels", value: support, rule: "must be in 0...200")
    }
    let fullRadius = max(1, Int((support + 0.5).rounded(.down)))
    let radii = Array(Set(classRadii.filter { $0 >= 1 && $0 < fullRadius })).sorted() + [fullRadius]
    let P = phasesPerPixel
    let phaseCount = P + 1

    // Every stamp value is psf(u, v) with u = i + ½ − p/P on the fine grid u_k = −(R + ½) + k/P.
    let fineCount = (2 * fullRadius + 1) * P + 1
    let fineOffsets = (0..<fineCount).map { -(Double(fullRadius) + 0.5) + Double($0) / Double(P) }
    let fine = psf.pixelFractionGrid(offsetsX: fineOffsets, offsetsY: fineOffsets)
    @inline(__always) func value(_ i: Int, _ j: Int, _ p: Int, _ q: Int) -> Double {
      fine[((j + fullRadius + 1) * P - q) * fineCount + (i + fullRadius + 1) * P - p]
    }

    // Per phase, light and largest |value| on each square ring ρ = max(|i|, |j|).
    let ringCount = fullRadius + 1
    var ringLight = [Double](repeating: 0, count: phaseCount * phaseCount * ringCount)
    var ringPeak = [Double](repeating: 0, count: phaseCount * phaseCount * ringCount)
    for q in 0..<phaseCount {
      for p in 0..<phaseCount {
        let base = (q * phaseCount + p) * ringCount
        for j in -fullRadius...fullRadius {
          for i in -fullRadius...fullRadius {
            let ring = base + max(abs(i), abs(j))
            let v = value(i, j, p, q)
            ringLight[ring] += v
            ringPeak[ring] = max(ringPeak[ring], abs(v))
          }
        }
      }
    }

    var strides: [Int] = []
    var sizes: [Int] = []
    var allStamps: [[Float]] = []
    var outsideMaxima: [Double] = []
    var cutMaxima: [Double] = []
    for r in radii {
      let side = 2 * r + 1
      let stride = (side + 7) / 8 * 8
      let size = side * stride
      var table = [Float](repeating: 0, count: phaseCount * phaseCount * size)
      var outsideMax = 0.0
      var cutMax = 0.0
      for q in 0..<phaseCount {
        for p in 0..<phaseCount {
          let rings = (q * phaseCount + p) * ringCount
          let kept = (0...r).reduce(0.0) { $0 + ringLight[rings + $1] }
          let full = (0...fullRadius).reduce(0.0) { $0 + ringLight[rings + $1] }
          if r < fullRadius {
            for ring in (r + 1)...fullRadius { outsideMax = max(outsideMax, ringPeak[rings + ring]) }
          }
          let scale = kept != 0 ? full / kept : 1
          cutMax = max(cutMax, abs(full - kept))
          let base = (q * phaseCount + p) * size
          for j in -r...r {
            for i in -r...r {
              table[base + (j + r) * stride + (i + r)] = Float(value(i, j, p, q) * scale)
            }
          }
        }
      }
      strides.append(stride)
      sizes.append(size)
      allStamps.append(table)
      outsideMaxima.append(outsideMax)
      cutMaxima.append(cutMax)
    }
    self.phasesPerPixel = P
    self.classRadii = radii
    rowStrides = strides
    stampSizes = sizes
    let total = allStamps.reduce(0) { $0 + $1.count }
    let memory = UnsafeMutablePointer<Float>.allocate(capacity: total)
    var pointers: [UnsafePointer<Float>] = []
    var offset = 0
    for table in allStamps {
      (memory + offset).initialize(from: table, count: table.count)
      pointers.append(UnsafePointer(memory + offset))
      offset += table.count
    }
    storage = memory
    storageCount = total
    stamps = pointers
    maximumOutsideFraction = outsideMaxima
    maximumCutLight = cutMaxima
  }

  deinit { storage.deallocate() }

  /// Bytes of stamp memory.
  public var stampBytes: Int { storageCount * MemoryLayout<Float>.stride }

  /// The half-width that covers the whole PSF.
  public var fullRadius: Int { classRadii[classRadii.count - 1] }
}
