import Numerics

/// The distinct-kernel spectral product of `DepositConvolution` on four frequencies and their
/// four mirrors at once, in SIMD8 lanes of interleaved complex values (one AVX register; two SSE
/// registers on the baseline target).
///
/// Per frequency k with mirror m = −k, the scalar path computes, from Z = Z[k] and C = Z̄[m],
/// A = ½ (Z + C), B = (½ (Im Z − Im C), −½ (Re Z − Re C)), P = A · H_a[k], Q = B · H_b[k] and
/// the result (Re P − Im Q, Im P + Re Q) (Numerical Recipes 3rd ed. §12.3.2). Here the lanes hold
/// (re, im) pairs, and every lane computes the same roundings in the same order:
/// - P = Re A · H + Im A · (−Im H, Re H): its real lane Re A·Re H + (−(Im A·Im H)) equals
///   Re A·Re H − Im A·Im H exactly (x + (−y) is x − y), its imaginary lane is Re A·Im H + Im A·Re H;
/// - i Q = Re B · X + Im B · (−Im X, Re X) with X = i H_b = (−Im H_b, Re H_b): its real lane is
///   Re B·(−Im H_b) + Im B·(−Re H_b) = −(Re B·Im H_b + Im B·Re H_b) = −Im Q exactly (rounding to
///   nearest is symmetric), its imaginary lane Re B·Re H_b + Im B·(−Im H_b) = Re Q;
/// - the result P + i Q = (Re P − Im Q, Im P + Re Q).
/// Negations and multiplications by ±1 are exact, so the bytes equal the scalar path's.
enum SeparatedProduct {
  /// Frequencies k … k + 3 (consecutive columns of one row) and their mirrors, columns
  /// `mirrorFirst + 3` … `mirrorFirst` of the mirror row (lane j of the k side pairs with
  /// `mirrorFirst + 3 − j`): reads all eight values and both kernels' spectra there, then writes
  /// the eight results in place.
  @inline(__always) static func mirroredChunks(
    _ data: UnsafeMutablePointer<Float>, k: Int, mirrorFirst: Int, _ ha: UnsafePointer<Float>,
    _ hb: UnsafePointer<Float>
  ) {
    let z = load8(data + 2 &* k)
    let w = load8(data + 2 &* mirrorFirst).complexReversed
    let onK = product(z, w.conjugated, load8(ha + 2 &* k), load8(hb + 2 &* k))
    let onM = product(
      w, z.conjugated, load8(ha + 2 &* mirrorFirst).complexReversed, load8(hb + 2 &* mirrorFirst).complexReversed)
    store8(onK, data + 2 &* k)
    store8(onM.complexReversed, data + 2 &* mirrorFirst)
  }

  /// The result for Z = `z`, C = `c` and the kernels' spectra `ha`, `hb` at the same frequencies.
  @inline(__always) static func product(
    _ z: SIMD8<Float>, _ c: SIMD8<Float>, _ ha: SIMD8<Float>, _ hb: SIMD8<Float>
  ) -> SIMD8<Float> {
    let sum = z + c
    let difference = z - c
    let (aRe, aIm) = (0.5 * sum.realParts, 0.5 * sum.imaginaryParts)
    let (bRe, bIm) = (0.5 * difference.imaginaryParts, -0.5 * difference.realParts)
    let p = aRe * ha + aIm * ha.timesI
    let x = hb.timesI
    let iq = bRe * x + bIm * x.timesI
    return p + iq
  }
}
