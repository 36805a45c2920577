/// Replaces every base xᵢ of `bases` by xᵢ^cᵢ with cᵢ = `exponents[i]` (the power-law quantiles of
/// a block of IMF draws, a constant exponent per IMF segment), for whole arrays at a time,
/// without a libm `pow` per value. `exponents` holds at least `bases.count` values.
///
/// Contract (`PowerTests`, against 80-bit `pow`): for x > 0 and finite c with |c| ≤ 2⁹⁹⁰ and a
/// normal result, within 1.5 ulp of the exact x^c while |c ln x| ≤ 40 (1.04 ulp the largest
/// measured over IMF segments' bases and exponents, 0.99 over random ones); beyond, the
/// logarithm's 2⁻⁵⁷ relative error grows with |c ln x|: within 1.5 + |c ln x|/16 ulp (11.6 ulp
/// measured near the overflow threshold 709). 1^c = 1 exactly; results below the normal range
/// within one unit of the subnormal grid, or 0; overflow → +∞; 0^c = +∞ for c < 0 and 0 for c > 0,
/// ∞^c the reverse; x < 0 or NaN → NaN.
/// The same bits as the scalar `power(_:_:)` that `PowerLawSegment.quantile` uses. Plain IEEE
/// double operations, no FMA: the same bits on every x86-64 machine.
///
/// Method: x^c = e^(c ln x) with ln x as a head + tail pair accurate to 2⁻⁵⁷ relative
/// (`logarithmPair`): a rounded ln x alone would err by up to ½ ulp(ln x), which c ln x turns into
/// a relative error of ½ |c ln x| ulp in x^c (several ulp for IMF masses, |c ln x| up to 5).
/// c · head is formed exactly as product + error (Dekker 1971, Veltkamp splitting), and the
/// error plus c · tail enters `exponential(_:tail:)` as its argument's tail. The loop has no
/// branches, so the compiler vectorises it (SSE2: two lanes).
public func raise(_ bases: UnsafeMutableBufferPointer<Double>, toPowers exponents: UnsafeBufferPointer<Double>) {
  precondition(exponents.count >= bases.count, "raise: \(exponents.count) exponents for \(bases.count) bases")
  guard let base = bases.baseAddress, let exponent = exponents.baseAddress else { return }
  for index in 0..<bases.count { base[index] = power(base[index], exponent[index]) }
}

/// x^c by `raise(_:toPowers:)`'s method and contract, one value at a time (the same bits).
@inline(__always) @usableFromInline
func power(_ x: Double, _ c: Double) -> Double {
  let (head, tail) = logarithmPair(x)
  // c · head = product + error exactly.
  let (product, productError) = exactProduct(c, head)
  // Infinite or NaN products (x = 0, +∞, overflow) carry no tail (their error terms are NaN).
  let finite = abs(product) < .infinity
  return exponential(product, tail: finite ? productError + c * tail : 0)
}
