/// Root finding for monotone functions, used to invert cumulative profiles.
///
/// Internal on purpose: once `Numerics.RootFinding` lands, the one-off scale solutions may move
/// there; the per-star inversion stays here because it exploits the known derivative.
enum MonotoneInversion {
  /// The root of a continuous `f` with `f(lower)` and `f(upper)` of opposite signs, by bisection
  /// to a bracket of relative width 4·ulp (at most ~1100 halvings for any Double bracket, ~60 in
  /// practice). Bisection is slow but cannot fail; it is used once per profile, never per star.
  static func bisect(lower: Double, upper: Double, _ f: (Double) -> Double) -> Double {
    var low = lower
    var high = upper
    let fLow = f(low)
    precondition(fLow * f(high) <= 0, "bisect: root not bracketed in [\(lower), \(upper)]")
    let lowIsNegative = fLow < 0
    for _ in 0..<2000 {
      let middle = 0.5 * (low + high)
      if middle <= low || middle >= high { break }
      if abs(high - low) <= 4 * Double.ulpOfOne * max(abs(low), abs(high)) { break }
      let value = f(middle)
      if value == 0 { return middle }
      if (value < 0) == lowIsNegative { low = middle } else { high = middle }
    }
    return 0.5 * (low + high)
  }

  /// Solves `g(s) = target` for an increasing `g` on `[lower, upper]` with `g(lower) ≤ target ≤
  /// g(upper)`, by Newton steps with derivative `dg` that fall back to bisection whenever a step
  /// leaves the current bracket (Press et al., Numerical Recipes 3rd ed., §9.4 "rtsafe").
  /// Converges to a bracket or step of relative size 1e-14.
  static func safeguardedNewton(
    target: Double, lower: Double, upper: Double,
    _ g: (Double) -> Double, _ dg: (Double) -> Double
  ) -> Double {
    var low = lower
    var high = upper
    var s = 0.5 * (low + high)
    for _ in 0..<200 {
      let residual = g(s) - target
      if residual == 0 { return s }
      if residual < 0 { low = s } else { high = s }
      let slope = dg(s)
      var next = slope > 0 ? s - residual / slope : .nan
      if !(next > low && next < high) { next = 0.5 * (low + high) }
      let step = abs(next - s)
      s = next
      if step <= 1e-14 * max(abs(s), 1e-300) || high - low <= 1e-14 * max(abs(high), 1e-300) { return s }
    }
    return s
  }
}
