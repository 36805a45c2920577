/// Replaces every value x of `values` by ln x, for whole arrays at a time, without a libm call
/// per value.
///
/// Contract: for x > 0 (normal or subnormal) the result is ln x rounded from a head + tail pair
/// whose own error is below 2⁻⁵⁷ |ln x| + 10⁻¹⁹ (`logarithmPair`), so within 0.52 ulp of the exact
/// value (`LogarithmTests`, against 80-bit `log`); ln 1 = +0 exactly; +0 and −0 → −∞; x < 0 → NaN;
/// +∞ → +∞; NaN → NaN. Plain IEEE double operations, no FMA: the same bits on every x86-64
/// machine. The loop has no branches, so the compiler vectorises it (SSE2: two lanes).
public func logarithm(_ values: UnsafeMutableBufferPointer<Double>) {
  guard let base = values.baseAddress else { return }
  for index in 0..<values.count {
    let (head, tail) = logarithmPair(base[index])
    base[index] = head + tail
  }
}

/// ln x as an unevaluated sum head + tail (|tail| ≤ ½ ulp(head)) with an error below
/// 2⁻⁵⁷ |ln x| + 10⁻¹⁹ (2⁻⁵⁷·⁸ the largest measured, where |s| is near its 0.17 bound; far
/// smaller for |k| ≥ 1): the precision a power x^c = e^(c ln x) needs, since an error δ in ln x
/// becomes a relative error c δ in x^c.
/// Specials (x ≤ 0, +∞, NaN) give head = `logarithm`'s result and tail = 0.
///
/// Method (Cody & Waite 1980, *Software Manual for the Elementary Functions*, ch. 5, with the
/// extra-precise argument of Tang 1990, ACM TOMS 16, 378): x = 2ᵏ m with m ∈ [√½, √2) read off
/// the bits (subnormals first scaled by 2⁵⁴); f = m − 1 (exact by Sterbenz's lemma); s = f/(2 + f),
/// so ln m = ln((1 + s)/(1 − s)) = 2(s + s³/3 + s⁵/5 + …) (Abramowitz & Stegun 4.1.27) with
/// |s| ≤ 0.1716. s is carried as s_h + s_l: s_h the rounded quotient, s_l = (f − s_h (2 + f))/(2 + f)
/// with the product formed exactly (Dekker 1971 two-product by Veltkamp splitting; 2 + f itself
/// as t + t_l). The series is summed to s²³/23 (the first omitted term, 2s²⁵/25, is below 6·10⁻¹⁹ |ln m|).
/// k ln 2 is k ln2_hi (exact: ln2_hi has 32 significant bits, |k| ≤ 1076) + k ln2_lo, and the
/// head is the exactly-split sum k ln2_hi + 2 s_h (Knuth's two-sum); everything else goes to the
/// tail, which is below 1 % of the head, so its few roundings (and z = s_h²'s) stay near 2⁻⁶⁰ of
/// the result.
@inline(__always) @usableFromInline
func logarithmPair(_ x: Double) -> (head: Double, tail: Double) {
  let ln2High = 6.93147180369123816490e-01  // 0x3FE62E42FEE00000: low 21 bits zero.
  let ln2Low = 1.9082149292705877e-10  // ln 2 − ln2High, rounded.
  // Subnormals: scale by 2⁵⁴ into the normal range (a select, not a branch).
  let tiny = x < 0x1p-1022
  let scaled = tiny ? x * 0x1p54 : x
  let bits = Int64(bitPattern: scaled.bitPattern)
  // k = ⌊(bits − bits(√½)) / 2⁵²⌋, with an offset of 2⁶² so the shift is a logical one on a
  // non-negative number (SSE2 has no 64-bit arithmetic shift); m = x / 2ᵏ by its exponent bits.
  let sqrtHalfBits: Int64 = 0x3FE6_A09E_667F_3BCD
  let biased = UInt64(bitPattern: bits &- sqrtHalfBits &+ (1 << 62)) >> 52
  let k = Int64(bitPattern: biased) &- 1024
  let m = Double(bitPattern: UInt64(bitPattern: bits &- (k << 52)))
  // k as a double without an integer conversion instruction (none is vectorisable for 64 bits):
  // the bits of 1.5 · 2⁵² + k, minus 1.5 · 2⁵².
  let shift = 0x1.8p52
  let kValue =
    Double(bitPattern: UInt64(bitPattern: Int64(bitPattern: shift.bitPattern) &+ k)) - shift
    - (tiny ? 54 : 0)
  let f = m - 1
  let t = 2 + f
  let tLow = f - (t - 2)  // 2 + f = t + tLow exactly.
  let sHigh = f / t
  // sHigh · t exactly as product + error.
  let (product, productError) = exactProduct(sHigh, t)
  // f − product is exact (the two agree to about 2⁻⁵² relative).
  let sLow = (((f - product) - productError) - sHigh * tLow) / t
  // 2 atanh s − 2 s = 2 s · z · P(z), z = s², P(z) = Σ zⁿ/(2n+3), n = 0…10 (Estrin's scheme).
  let z = sHigh * sHigh
  let z2 = z * z
  let z4 = z2 * z2
  let z8 = z4 * z4
  let p01 = 1.0 / 3 + (1.0 / 5) * z
  let p23 = 1.0 / 7 + (1.0 / 9) * z
  let p45 = 1.0 / 11 + (1.0 / 13) * z
  let p67 = 1.0 / 15 + (1.0 / 17) * z
  let p89 = 1.0 / 19 + (1.0 / 21) * z
  let series = (p01 + p23 * z2) + (p45 + p67 * z2) * z4 + (p89 + (1.0 / 23) * z2) * z8
  let twoS = 2 * sHigh
  // s_l's share: 2 atanh(s_h + s_l) − 2 atanh(s_h) = 2 s_l/(1 − s_h²) + O(s_l²) = 2 s_l (1 + z + …);
  // the z² term is below 2⁻⁶³ of 2 s_h.
  let twoSLow = 2 * sLow
  let small = (twoSLow + twoSLow * z) + twoS * (z * series) + kValue * ln2Low
  // head + error = k ln2_hi + 2 s_h exactly (two-sum), then renormalise head + tail.
  let a = kValue * ln2High
  let sum = a + twoS
  let virtual = sum - a
  let sumError = (a - (sum - virtual)) + (twoS - virtual)
  let tail = sumError + small
  let head = sum + tail
  let headTail = tail - (head - sum)
  // Specials: x ≤ 0, +∞ and NaN (both comparisons are false for NaN). "x > 0 and not +∞" as an
  // exclusive or of two comparisons, not `&&`: a short-circuit becomes a branch that keeps the
  // loop from vectorising.
  let regular = (x > 0) != (x == .infinity)
  let special = x == 0 ? -Double.infinity : (x > 0 ? x : .nan)
  return (regular ? head : special, regular ? headTail : 0)
}
