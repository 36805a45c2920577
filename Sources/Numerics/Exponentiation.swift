/// Replaces every value x of `values` by eˣ, for whole arrays at a time (the e⁻/s fluxes of
/// thousands of stars), without a libm call per value.
///
/// Contract: finite x in [−708.39, 709.78] (normal results) within 1.5 ulp of the exact eˣ
/// (`ExponentiationTests`, against 80-bit `exp`; 1.01 ulp the largest measured over 6·10⁴
/// points: eʳ < 1 is rounded on a finer grid than results just above a power of two); subnormal
/// results (x down to −745.13) within one unit of the subnormal grid; below that 0; above
/// 709.78 +∞; e⁰ = 1 exactly; −∞ → 0, +∞ → +∞, NaN → NaN. Plain IEEE double operations, no FMA:
/// the same bits on every x86-64 machine (glibc's `exp` picks an FMA or a plain kernel by CPU).
///
/// Method (Cody & Waite 1980, *Software Manual for the Elementary Functions*, ch. 6): with
/// k = x/ln 2 rounded to an integer (by the 1.5 · 2⁵² shift), r = (x − k ln2_hi) − k ln2_lo,
/// where ln2_hi has 32 significant bits so k ln2_hi and the first difference are exact; |r| ≤
/// ln 2 / 2 + tiny. eʳ is its Taylor series to r¹³ (the first omitted term is below 5 · 10⁻¹⁸,
/// 0.05 ulp; Abramowitz & Stegun 4.2.1), 1 + r added last, the tail by Estrin's scheme. Then
/// eˣ = eʳ · 2^h · 2^(k−h) with h ≈ k/2, both factors normal powers of two built from their bits,
/// so the first product is exact and only the last rounds (which also rounds subnormal results
/// once, correctly). The loop has no branches, so the compiler vectorises it (SSE2: two lanes).
public func exponentiate(_ values: UnsafeMutableBufferPointer<Double>) {
  guard let base = values.baseAddress else { return }
  // A tail of −0 adds nothing to any value (x + (−0) = x, also for x = −0), so the compiler drops it.
  for index in 0..<values.count { base[index] = exponential(base[index], tail: -0.0) }
}

/// `results[i]` = e^(`scale` · (Double(`values[i]`) − `offset`)) for every value: the argument
/// rounded as written (the difference, then the product), then `exponentiate`'s kernel, in one
/// pass with the argument kept in registers — the same bits as writing the arguments into
/// `results` and calling `exponentiate` on them, with its contract. (Magnitudes to fluxes:
/// 10^(−0.4 (m − ZP)) with scale −0.4 ln 10 and offset ZP.) `results` needs room for
/// `values.count` values.
public func exponentiate(
  _ values: UnsafeBufferPointer<Float>, minus offset: Double, times scale: Double,
  into results: UnsafeMutableBufferPointer<Double>
) {
  precondition(results.count >= values.count, "room for \(results.count) results, \(values.count) values")
  guard let source = values.baseAddress, let target = results.baseAddress else { return }
  for index in 0..<values.count {
    target[index] = exponential(scale * (Double(source[index]) - offset), tail: -0.0)
  }
}

/// e^(x + tail) for an unevaluated sum x + tail with |tail| ≤ 2⁻⁴⁰ |x| (a double-double
/// argument, as from `logarithmPair`): `exponentiate`'s kernel with the tail added to the
/// reduced argument, r = ((x − k ln2_hi) + tail) − k ln2_lo (k from x alone; the first difference
/// is exact, so the tail enters before any rounding of r). With tail = −0 the operations are
/// `exponentiate`'s. Within 1.5 ulp of the exact e^(x + tail) on the same range (`PowerTests`).
@inline(__always) @usableFromInline
func exponential(_ value: Double, tail: Double) -> Double {
  let log2e = 1.4426950408889634
  let ln2High = 6.93147180369123816490e-01  // 0x3FE62E42FEE00000: low 21 bits zero.
  let ln2Low = 1.9082149292705877e-10  // ln 2 − ln2High, rounded.
  let shift = 0x1.8p52
  let shiftBits = Int64(bitPattern: shift.bitPattern)
  var x = value
  // Clamp so k stays in [−1077, 1025] (exp(−746) rounds to 0, exp(710) overflows); NaN passes.
  x = x < -746 ? -746 : x
  x = x > 710 ? 710 : x
  let shifted = x * log2e + shift
  let k = shifted - shift
  let kBits = Int64(bitPattern: shifted.bitPattern) &- shiftBits
  let r = ((x - k * ln2High) + tail) - k * ln2Low
  // Taylor coefficients 1/n!, n = 2…13, rounded to the nearest double.
  let r2 = r * r
  let r4 = r2 * r2
  let r8 = r4 * r4
  let c23 = 0.5 + 0.16666666666666666 * r
  let c45 = 0.041666666666666664 + 0.008333333333333333 * r
  let c67 = 0.001388888888888889 + 0.0001984126984126984 * r
  let c89 = 2.48015873015873e-05 + 2.7557319223985893e-06 * r
  let c1011 = 2.755731922398589e-07 + 2.505210838544172e-08 * r
  let c1213 = 2.08767569878681e-09 + 1.6059043836821613e-10 * r
  let series = (c23 + c45 * r2) + (c67 + c89 * r2) * r4 + (c1011 + c1213 * r2) * r8
  let er = 1 + (r + r2 * series)
  // h = k/2 rounded (by the same shift), so h and k − h lie in [−539, 513]: normal exponents.
  let halfBits = Int64(bitPattern: (k * 0.5 + shift).bitPattern) &- shiftBits
  let first = Double(bitPattern: UInt64(bitPattern: (halfBits &+ 1023) << 52))
  let second = Double(bitPattern: UInt64(bitPattern: (kBits &- halfBits &+ 1023) << 52))
  return er * first * second
}
