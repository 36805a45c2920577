/// The position arithmetic of `Renderer`'s pre-pass on four stars at once, in `SIMD4<Double>`
/// lanes, giving per lane exactly the values the scalar per-group path computes for one star.
///
/// ⌊v⌋ without a libm call or a rounding instruction (the baseline x86-64 target has no SSE4.1
/// `roundpd`): r = (v + c) − c with c = 1.5 · 2⁵² is v rounded to the nearest integer (IEEE 754
/// round-to-nearest: for |v| < 2⁵¹ the sum lies in [2⁵², 2⁵³), where the spacing of doubles is 1),
/// and ⌊v⌋ = r − 1 where r > v, else r: exact. The same constant converts integer-valued lanes to
/// `Int64`: the bit pattern of v + c minus that of c is v, for integers |v| < 2⁵¹ (packed double →
/// int64 conversion needs AVX-512). Callers clamp positions to ±2³⁰ (`clamped`) so every
/// intermediate stays far inside that range.
struct PreparedLanes {
  /// P, as a lane value.
  let phaseScale: SIMD4<Double>
  /// P − 1 and P/2.
  let lastInterval: SIMD4<Double>
  let halfPhases: SIMD4<Double>
  /// 1.5 · 2⁵² and its bit pattern (instance constants: a `static let` costs a `swift_once`
  /// check per use).
  let roundingConstant = SIMD4<Double>(repeating: 0x1.8p52)
  let roundingBits = SIMD4<Int64>(repeating: 0x4338_0000_0000_0000)
  /// Positions beyond ±2³⁰ px are clamped to it (no deposit from there reaches any image).
  let farPixels = SIMD4<Double>(repeating: 0x1p30)

  init(phases: Int) {
    phaseScale = SIMD4(repeating: Double(phases))
    lastInterval = SIMD4(repeating: Double(phases - 1))
    halfPhases = SIMD4(repeating: Double(phases / 2))
  }

  @inline(__always) func clamped(_ v: SIMD4<Double>) -> SIMD4<Double> {
    v.replacing(with: -farPixels, where: v .< -farPixels).replacing(
      with: farPixels, where: v .> farPixels)
  }

  /// ⌊v⌋ per lane, for |v| < 2⁵¹.
  @inline(__always) func floor(_ v: SIMD4<Double>) -> SIMD4<Double> {
    let nearest = (v + roundingConstant) - roundingConstant
    return nearest.replacing(with: nearest - 1, where: nearest .> v)
  }

  /// The phase interval of a phase coordinate t = (x − n + ½) · P ∈ [0, P]: `min(Int(t), P − 1)`.
  /// (Under round-to-nearest t is never negative, x − n being exact or rounded to −½; the lower
  /// clamp keeps `Int`'s truncation toward zero for any t ∈ (−1, 0) all the same.)
  @inline(__always) func interval(_ t: SIMD4<Double>) -> SIMD4<Double> {
    let down = floor(t)
    return down.replacing(with: 0, where: down .< 0).replacing(with: lastInterval, where: down .> lastInterval)
  }

  /// The offset of a star's first deposit cell from its pixel: −2 in the interval's lower half,
  /// else −1 (`RenderPSFTable.depositWeights`).
  @inline(__always) func firstCell(_ interval: SIMD4<Double>) -> SIMD4<Double> {
    SIMD4<Double>(repeating: -1).replacing(with: -2, where: interval .< halfPhases)
  }

  /// Integer-valued lanes (|v| < 2⁵¹) as `Int64`.
  @inline(__always) func integers(_ v: SIMD4<Double>) -> SIMD4<Int64> {
    unsafeBitCast(v + roundingConstant, to: SIMD4<Int64>.self) &- roundingBits
  }
}
