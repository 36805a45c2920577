/// a · b as the rounded product plus its rounding error, exactly: a · b = product + error
/// (Dekker 1971, Numer. Math. 18, 224, "mul12", with Veltkamp's splitting of each factor into
/// 26-bit halves). Plain IEEE double operations, no FMA, so the same bits on every x86-64 CPU
/// and a loop of it vectorises on SSE2.
///
/// Contract: exact while |a|, |b| < 2⁹⁹⁶ (the split does not overflow) and the product and its
/// partial products neither overflow nor underflow; an infinite or NaN factor gives a NaN error
/// (callers that allow them check `product` first).
@inline(__always) @usableFromInline
func exactProduct(_ a: Double, _ b: Double) -> (product: Double, error: Double) {
  let splitter = 134_217_729.0  // 2²⁷ + 1
  let aSplit = splitter * a
  let aUpper = aSplit - (aSplit - a)
  let aLower = a - aUpper
  let bSplit = splitter * b
  let bUpper = bSplit - (bSplit - b)
  let bLower = b - bUpper
  let product = a * b
  let error = ((aUpper * bUpper - product) + aUpper * bLower + aLower * bUpper) + aLower * bLower
  return (product, error)
}
