import Foundation
import Numerics
import Optics

/// A PSF pre-resampled for fast rendering: pixel stamps at a grid of sub-pixel phases, and a
/// smooth deposit field that `Renderer` convolves once for all stars.
///
/// Phases: a star at `x` sits on pixel `n = ⌊x + ½⌋` with phase `a = x − n ∈ [−½, ½)`. Stamps are
/// stored at `P + 1` phases per axis (`a = p/P − ½`, both ends included); the renderer blends the
/// four around a star bilinearly, an `O(P⁻²)` error (≈4·10⁻⁴ of a star's light in Σ|ΔI| for a
/// Moffat of FWHM 2 px at P = 16, measured by the fixture tests).
///
/// Deposit field + correction stamps (exact in every pixel of a star's stamp, exact in total
/// light): with f(u, v) = `psf.pixelFraction(u, v)`, a star's flux is spread over the 4 × 4 grid
/// points around it with cubic Lagrange weights w_m(x) (they sum to 1 and reproduce cubics; blended
/// between phase nodes exactly like the stamps), and the spread fluxes of all stars are convolved
/// once with the kernel K, so a star adds A(n; x) = Σ_m w_m(x) K(n − m) ≈ f(n − x) to pixel n. K is
/// f's phase average deconvolved by the mean deposit weights, which makes the field exact in
/// expectation: averaged over a star's sub-pixel phase, E[A(n; x)] = E[f(n − x)] in every pixel,
/// so the errors of many stars do not add up to a bias; and Σ_n A(n; x) = Σ K, the star's whole
/// light, at every phase. A − f is a fourth-order interpolation error: largest in the PSF's core
/// (`maximumBulkError`, ≈0.8 % of the flux per pixel for a Moffat of FWHM 2 px), tiny in its
/// smooth far field. A star of radius class r is drawn with the correction stamp f(n − x) − A(n; x)
/// for |i|, |j| ≤ r (pixel offsets from n), so within its stamp the render is exactly f, and outside
/// it only A − f remains. The largest |A − f| per unit flux over all phases and pixels outside the
/// class square is `maximumWingError[class]`; `Renderer` picks each star's class from it, and draws
/// stars faint enough for `maximumBulkError` with no stamp at all (the deposit only: bulk). The last
/// class covers the PSF's whole support and is drawn as f alone, without a deposit: exact.
public final class RenderPSFTable: @unchecked Sendable {
  // @unchecked: the stamp storage is written once in `init` and only read afterwards.
  /// Phase steps per pixel (P).
  public let phasesPerPixel: Int
  /// Stamp half-widths of the classes, ascending: the core radius first, the full radius last.
  public let classRadii: [Int]
  /// Per class: the largest |A − f| per unit flux outside the class square (0 for the last class).
  public let maximumWingError: [Double]
  /// Per class: the largest Σ|A − f| per unit flux (light misplaced by the deposit) over phases.
  public let maximumWingMisplacedLight: [Double]
  /// The largest |A − f| per unit flux over every pixel and phase: the error of a star drawn by
  /// its deposit alone (bulk, no stamp).
  public let maximumBulkError: Double
  /// The largest Σ|A − f| per unit flux over phases: the light a bulk star misplaces.
  public let maximumBulkMisplacedLight: Double
  /// The deposit kernel K at integer offsets |dx|, |dy| ≤ `depositKernelRadius`, row-major
  /// `[(dy + k)(2k+1) + dx + k]`.
  public let depositKernel: [Double]
  /// The deposit kernel's half-width k (R + 3).
  public let depositKernelRadius: Int
  /// Per phase interval p (of P): the cubic deposit weights at its two end nodes, `[2p]` and
  /// `[2p + 1]`, for cells n − 2 … n + 1 (p < P/2) or n − 1 … n + 2 (p ≥ P/2) of the star's pixel n.
  /// A function of P alone (tables with the same P have equal weights; `Renderer` relies on it).
  let depositWeights: [SIMD4<Double>]
  /// The same weights as the renderer blends them, in Float32: per interval p the node weights
  /// `[2p]` and the slope `[2p + 1]` (end node − start node), so a star at fraction g ∈ [0, 1) of
  /// the interval gets `depositWeights(interval:fraction:)` = start + g · slope. Float32 like the
  /// field it is added to: ΣΣ w deviates from 1 by ≈ 10⁻⁷, far below the split rule's ε.
  let depositWeightSlopes: [SIMD4<Float>]

  /// Per class: floats per stamp row (2r + 1 rounded up to a multiple of 8) and per stamp.
  let rowStrides: [Int]
  let stampSizes: [Int]
  /// Per class: stamps laid out `[(q·(P+1) + p)·stampSize + row·rowStride + column]`, in one
  /// allocation owned by this object (so the render loop can hold plain pointers into it).
  let stamps: [UnsafePointer<Float>]
  private let storage: UnsafeMutablePointer<Float>
  private let storageCount: Int

  /// Builds the stamps and the deposit kernel from any PSF model.
  ///
  /// - Parameters:
  ///   - phasesPerPixel: P (even, 2…256). 16 keeps the blend error below 5·10⁻⁴ of a star's light
  ///     for PSFs with FWHM ≥ 2 px; use 32 for sharper PSFs (4× the memory).
  ///   - coreRadius: the smallest stamp half-width (≥ 1). 3 makes the stamp one 8-float SIMD row
  ///     wide and the Moffat(FWHM 2 px) wing error ≈ 10⁻⁴ of the flux per pixel.
  ///   - classRadii: larger stamp half-widths for brighter stars (values ≤ `coreRadius` or ≥ the
  ///     full radius are dropped; the full radius is always added).
  public init(
    psf: some PointSpreadFunction, phasesPerPixel: Int = 16, coreRadius: Int = 3,
    classRadii: [Int] = [5, 7, 11, 15, 20]
  ) throws(RenderError) {
    guard phasesPerPixel >= 2, phasesPerPixel <= 256, phasesPerPixel % 2 == 0 else {
      throw .invalidParameter(name: "phasesPerPixel", value: Double(phasesPerPixel), rule: "must be even, in 2...256")
    }
    let support = psf.supportHalfWidthPixels
    guard support.isFinite, support >= 0, support <= 200 else {
      throw .invalidParameter(name: "psf.supportHalfWidthPixels", value: support, rule: "must be in 0...200")
    }
    guard coreRadius >= 1 else {
      throw .invalidParameter(name: "coreRadius", value: Double(coreRadius), rule: "must be ≥ 1")
    }
    let fullRadius = max(1, Int((support + 0.5).rounded(.down)))
    let radii =
      Array(Set(([coreRadius] + classRadii).filter { $0 >= coreRadius && $0 < fullRadius })).sorted() + [fullRadius]
    let P = phasesPerPixel
    let phaseCount = P + 1
    let R = fullRadius

    // Every stamp value is f(u, v) with u = i + ½ − p/P on the fine grid u_k = −(R + ½) + k/P.
    let fineCount = (2 * R + 1) * P + 1
    let fineOffsets = (0..<fineCount).map { -(Double(R) + 0.5) + Double($0) / Double(P) }
    let fine = psf.pixelFractionGrid(offsetsX: fineOffsets, offsetsY: fineOffsets)
    @inline(__always) func value(_ i: Int, _ j: Int, _ p: Int, _ q: Int) -> Double {
      fine[((j + R + 1) * P - q) * fineCount + (i + R + 1) * P - p]
    }
    func phase(_ p: Int) -> Double { Double(p) / Double(P) - 0.5 }

    // Deposit weights per phase interval [p, p+1] (both ends in the frame of the interval's
    // cell): the renderer blends them with the stamp's phase weights, so the deposit matches the
    // blended stamps exactly.
    var intervalWeights: [SIMD4<Double>] = []
    for interval in 0..<P {
      let floorOffset = interval < P / 2 ? -1.0 : 0.0
      intervalWeights.append(CubicDeposit.weights(phase(interval) - floorOffset))
      intervalWeights.append(CubicDeposit.weights(phase(interval + 1) - floorOffset))
    }
    // Mean deposit weight c_m of cell offsets m = −2…2 over a uniform phase (trapezoid over the
    // nodes of each interval is exact for the piecewise-linear blend).
    var meanWeights = [Double](repeating: 0, count: 5)
    for interval in 0..<P {
      let firstCell = interval < P / 2 ? -2 : -1
      for ii in 0..<4 {
        let w = 0.5 * (intervalWeights[2 * interval][ii] + intervalWeights[2 * interval + 1][ii]) / Double(P)
        meanWeights[firstCell + ii + 2] += w
      }
    }

    // The deposit kernel K: exact in expectation. A star at a uniform phase adds on average
    // E[A(i)] = Σ_m c_m K(i − m) (c ⊗ c in 2-D) and should add E[f(i − a)], the phase-averaged
    // PSF G(i); K = G deconvolved by c ⊗ c (|ĉ(ω)| ≥ 0.54, so the inverse filter decays within a
    // few pixels; it is kept to `depositKernelRadius` = R + 3, the rest is < 10⁻⁹ of the peak).
    let kernelRadius = R + 3
    let side = 2 * kernelRadius + 1
    let kernel = Self.deconvolvedKernel(
      radius: R, kernelRadius: kernelRadius, meanWeights: meanWeights,
      averaged: { i, j in
        // Trapezoid average over the (P+1)² phase nodes of f(i − a, j − b).
        var sum = 0.0
        for q in 0...P {
          let wq = q == 0 || q == P ? 0.5 : 1.0
          for p in 0...P {
            let wp = p == 0 || p == P ? 0.5 : 1.0
            sum += wp * wq * value(i, j, p, q)
          }
        }
        return sum / Double(P * P)
      })

    // A(n; x) over the square |i|, |j| ≤ K + 2 around the star's pixel, per phase node.
    let reach = kernelRadius + 2
    let areaSide = 2 * reach + 1
    // (Through buffer pointers: each cell still sums its 16 terms in the same order, so the rows
    // vectorise without changing a bit.)
    func deposited(_ p: Int, _ q: Int) -> [Double] {
      var area = [Double](repeating: 0, count: areaSide * areaSide)
      let (a, b) = (phase(p), phase(q))
      let (cellX, cellY) = (Int(a.rounded(.down)), Int(b.rounded(.down)))
      let wx = CubicDeposit.weights(a - a.rounded(.down))
      let wy = CubicDeposit.weights(b - b.rounded(.down))
      area.withUnsafeMutableBufferPointer { area in
        kernel.withUnsafeBufferPointer { kernel in
          for jj in 0..<4 {
            for ii in 0..<4 {
              let w = wx[ii] * wy[jj]
              let (mx, my) = (cellX - 1 + ii, cellY - 1 + jj)
              for dy in -kernelRadius...kernelRadius {
                let row = area.baseAddress! + (my + dy + reach) * areaSide + mx + reach - kernelRadius
                let kernelRow = kernel.baseAddress! + (dy + kernelRadius) * side
                for dx in 0..<side { row[dx] += w * kernelRow[dx] }
              }
            }
          }
        }
      }
      return area
    }

    let splitClasses = radii.count - 1
    var strides: [Int] = []
    var sizes: [Int] = []
    var errors = [Double](repeating: 0, count: radii.count)
    var misplaced = [Double](repeating: 0, count: radii.count)
    var bulkError = 0.0
    var bulkMisplaced = 0.0
    // Every class's stamps in one zeroed allocation (the row padding stays 0), written in place.
    var stampOffsets: [Int] = []
    var total = 0
    for r in radii {
      let stride = (2 * r + 1 + 7) / 8 * 8
      strides.append(stride)
      sizes.append((2 * r + 1) * stride)
      stampOffsets.append(total)
      total += phaseCount * phaseCount * (2 * r + 1) * stride
    }
    let memory = HugePageMemory.allocate(byteCount: total * MemoryLayout<Float>.stride)
      .bindMemory(to: Float.self, capacity: total)
    for q in 0..<phaseCount {
      for p in 0..<phaseCount {
        let area = deposited(p, q)
        // Errors of A against f, per ring ρ∞ = max(|i|, |j|).
        var ringPeak = [Double](repeating: 0, count: reach + 1)
        var ringSum = [Double](repeating: 0, count: reach + 1)
        for j in -reach...reach {
          for i in -reach...reach {
            let exact = abs(i) <= R && abs(j) <= R ? value(i, j, p, q) : 0
            let error = abs(area[(j + reach) * areaSide + i + reach] - exact)
            let ring = max(abs(i), abs(j))
            ringPeak[ring] = max(ringPeak[ring], error)
            ringSum[ring] += error
          }
        }
        bulkError = max(bulkError, ringPeak.max() ?? 0)
        bulkMisplaced = max(bulkMisplaced, ringSum.reduce(0, +))
        for (c, r) in radii.enumerated() where c < splitClasses {
          errors[c] = max(errors[c], ringPeak[(r + 1)...].max() ?? 0)
          misplaced[c] = max(misplaced[c], ringSum[(r + 1)...].reduce(0, +))
        }
        for (c, r) in radii.enumerated() {
          let stamp = memory + stampOffsets[c] + (q * phaseCount + p) * sizes[c]
          for j in -r...r {
            for i in -r...r {
              let deposit = c < splitClasses ? area[(j + reach) * areaSide + i + reach] : 0
              stamp[(j + r) * strides[c] + (i + r)] = Float(value(i, j, p, q) - deposit)
            }
          }
        }
      }
    }
    self.phasesPerPixel = P
    self.classRadii = radii
    rowStrides = strides
    stampSizes = sizes
    depositKernel = kernel
    depositKernelRadius = kernelRadius
    depositWeights = intervalWeights
    depositWeightSlopes = (0..<P).flatMap { interval in
      let (start, end) = (intervalWeights[2 * interval], intervalWeights[2 * interval + 1])
      return [SIMD4<Float>(start), SIMD4<Float>(end - start)]
    }
    maximumWingError = errors
    maximumWingMisplacedLight = misplaced
    maximumBulkError = bulkError
    maximumBulkMisplacedLight = bulkMisplaced
    storage = memory
    storageCount = total
    stamps = stampOffsets.map { UnsafePointer(memory + $0) }
  }

  deinit { HugePageMemory.deallocate(UnsafeMutableRawPointer(storage)) }

  /// Solves (c ⊗ c) ∗ K = G for K on |i|, |j| ≤ `kernelRadius`, G given on |i|, |j| ≤ `radius`,
  /// by division in the Fourier domain of a zero-padded grid (the tail beyond `kernelRadius` is
  /// dropped; it decays like the inverse filter's poles, ≈0.1 per pixel).
  static func deconvolvedKernel(
    radius: Int, kernelRadius: Int, meanWeights c: [Double], averaged: (Int, Int) -> Double
  ) -> [Double] {
    let size = FFT2D.fastSize(atLeast: 2 * kernelRadius + 1 + 24)
    var data = [Double](repeating: 0, count: 2 * size * size)
    for j in -radius...radius {
      for i in -radius...radius {
        data[2 * (((j + size) % size) * size + (i + size) % size)] = averaged(i, j)
      }
    }
    let filter = (0..<size).map { u -> Double in
      let omega = 2 * Double.pi * Double(u) / Double(size)
      return c[2] + 2 * c[3] * cos(omega) + 2 * c[4] * cos(2 * omega)
    }
    // The filter is symmetric (c₋ₘ = cₘ), so its transform is real.
    let plan = try! FFT2D.Plan(width: size, height: size)
    data.withUnsafeMutableBufferPointer { try! plan.transform($0, .forward) }
    for v in 0..<size {
      for u in 0..<size {
        let scale = 1 / (filter[u] * filter[v])
        data[2 * (v * size + u)] *= scale
        data[2 * (v * size + u) + 1] *= scale
      }
    }
    data.withUnsafeMutableBufferPointer { try! plan.transform($0, .inverse) }
    let side = 2 * kernelRadius + 1
    var kernel = [Double](repeating: 0, count: side * side)
    for j in -kernelRadius...kernelRadius {
      for i in -kernelRadius...kernelRadius {
        kernel[(j + kernelRadius) * side + i + kernelRadius] =
          data[2 * (((j + size) % size) * size + (i + size) % size)]
      }
    }
    return kernel
  }

  /// The deposit weights of a star at fraction `fraction` of phase interval `interval` (see
  /// `depositWeightSlopes`); the renderer evaluates the same expression inline.
  @inline(__always) func depositWeights(interval: Int, fraction: Float) -> SIMD4<Float> {
    depositWeightSlopes[2 * interval] + fraction * depositWeightSlopes[2 * interval + 1]
  }

  /// Bytes of stamp memory.
  public var stampBytes: Int { storageCount * MemoryLayout<Float>.stride }

  /// The half-width that covers the whole PSF (R).
  public var fullRadius: Int { classRadii[classRadii.count - 1] }
}

/// Cubic Lagrange deposit weights: a star at `x = m₀ + t` (t ∈ [0, 1)) gives the grid points
/// m₀ − 1 … m₀ + 2 the weights that interpolate a function from them at x (Abramowitz & Stegun
/// 25.2.13, four-point formula): they sum to 1 and reproduce cubics, so depositing with them and
/// convolving with a smooth kernel K evaluates Σ w_m K(n − m) = K(n − x) + O(K⁽⁴⁾).
enum CubicDeposit {
  @inline(__always) static func weights(_ t: Double) -> SIMD4<Double> {
    let tm1 = t - 1
    let tm2 = t - 2
    let tp1 = t + 1
    return SIMD4(-t * tm1 * tm2 / 6, tp1 * tm1 * tm2 / 2, -tp1 * t * tm2 / 2, tp1 * t * tm1 / 6)
  }
}
