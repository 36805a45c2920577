internal import CGSL

/// A 1-D interpolant y(x) through tabulated nodes, evaluated by GSL's `gsl_interp`.
///
/// Contract:
/// - `x` must be strictly increasing and every node finite; `init` throws a `NumericsError`
///   naming the first offending index otherwise, and when there are fewer nodes than the
///   method needs (`InterpolationMethod.minimumPointCount`).
/// - Inside `[x₀, xₙ₋₁]` the value, derivative and integral are GSL's.
/// - Outside it the interpolant is **clamped**: the value is the end value (y₀ or yₙ₋₁), the
///   derivative is 0, and integrals count the clamped constant over the part of `[a, b]` that
///   lies outside. Clamping (rather than extrapolating) keeps isochrone and filter-curve lookups
///   bounded; callers that must not leave the table check `domain` themselves.
/// - NaN in, NaN out.
///
/// Thread safety: the GSL object is built once in `init` and only read afterwards (every
/// evaluation uses its own stack-allocated accelerator), so a value can be shared freely
/// between tasks.
public struct Interpolator1D: Sendable {
  private let table: InterpolationTable

  /// The scheme used between nodes.
  public var method: InterpolationMethod { table.method }
  /// The node abscissae (strictly increasing).
  public var xValues: [Double] { Array(table.x) }
  /// The node ordinates.
  public var yValues: [Double] { Array(table.y) }
  /// `[x₀, xₙ₋₁]`: where the interpolant is not clamped.
  public var domain: ClosedRange<Double> { table.x[0]...table.x[table.count - 1] }

  public init(x: [Double], y: [Double], method: InterpolationMethod = .linear) throws {
    GSLRuntime.configureOnce()
    table = try InterpolationTable(x: x, y: y, method: method)
  }

  /// The interpolated value at `x`; the end value outside `domain` (see the type's contract).
  public func callAsFunction(_ x: Double) -> Double {
    var accelerator = gsl_interp_accel(cache: 0, miss_count: 0, hit_count: 0)
    return table.value(at: x, accelerator: &accelerator)
  }

  /// Values at many points; faster than one call each when `xs` is sorted (one accelerator
  /// walks the table).
  public func callAsFunction(_ xs: [Double]) -> [Double] {
    var accelerator = gsl_interp_accel(cache: 0, miss_count: 0, hit_count: 0)
    return xs.map { table.value(at: $0, accelerator: &accelerator) }
  }

  /// dy/dx at `x`; 0 outside `domain`, consistent with the clamped value.
  public func derivative(at x: Double) -> Double {
    if x.isNaN { return .nan }
    guard domain.contains(x) else { return 0 }
    var accelerator = gsl_interp_accel(cache: 0, miss_count: 0, hit_count: 0)
    var result = 0.0
    let status = gsl_interp_eval_deriv_e(
      table.interpolation, table.x.baseAddress, table.y.baseAddress, x, &accelerator, &result)
    return status == GSL_SUCCESS ? result : .nan
  }

  /// ∫ₐᵇ y(x) dx of the clamped interpolant (negative when b < a).
  public func integral(from a: Double, to b: Double) -> Double {
    if a.isNaN || b.isNaN { return .nan }
    if a == b { return 0 }
    let lower = min(a, b)
    let upper = max(a, b)
    let x0 = table.x[0]
    let xn = table.x[table.count - 1]
    var total = 0.0
    if lower < x0 { total += table.y[0] * (min(upper, x0) - lower) }
    if upper > xn { total += table.y[table.count - 1] * (upper - max(lower, xn)) }
    let insideLower = max(lower, x0)
    let insideUpper = min(upper, xn)
    if insideLower < insideUpper {
      var accelerator = gsl_interp_accel(cache: 0, miss_count: 0, hit_count: 0)
      var result = 0.0
      let status = gsl_interp_eval_integ_e(
        table.interpolation, table.x.baseAddress, table.y.baseAddress, insideLower, insideUpper,
        &accelerator, &result)
      if status != GSL_SUCCESS { return .nan }
      total += result
    }
    return a < b ? total : -total
  }
}

/// Owns the `gsl_interp` object and the node arrays it points into. Immutable after `init`.
///
/// `@unchecked Sendable` is sound because nothing is written after `init`: GSL's evaluation
/// functions only read `interp->state` and the node arrays, and all mutable lookup state lives in
/// the caller's accelerator.
private final class InterpolationTable: @unchecked Sendable {
  let method: InterpolationMethod
  let count: Int
  let x: UnsafeMutableBufferPointer<Double>
  let y: UnsafeMutableBufferPointer<Double>
  let interpolation: UnsafeMutablePointer<gsl_interp>

  init(x xs: [Double], y ys: [Double], method: InterpolationMethod) throws {
    let operation = "Interpolator1D(\(method)) with \(xs.count) nodes"
    guard xs.count == ys.count else {
      throw NumericsError(
        operation: operation, reason: "x has \(xs.count) values but y has \(ys.count); they must match")
    }
    guard xs.count >= method.minimumPointCount else {
      throw NumericsError(
        operation: operation,
        reason: "\(method) interpolation needs at least \(method.minimumPointCount) nodes, got \(xs.count)")
    }
    for index in xs.indices {
      guard xs[index].isFinite else {
        throw NumericsError(operation: operation, reason: "x[\(index)] = \(xs[index]) is not finite")
      }
      guard ys[index].isFinite else {
        throw NumericsError(operation: operation, reason: "y[\(index)] = \(ys[index]) is not finite")
      }
      if index > 0 && !(xs[index] > xs[index - 1]) {
        throw NumericsError(
          operation: operation,
          reason: "x must be strictly increasing, but x[\(index)] = \(xs[index]) ≤ x[\(index - 1)] = \(xs[index - 1])")
      }
    }
    guard let interpolation = gsl_interp_alloc(method.gslType, xs.count) else {
      throw NumericsError(operation: operation, reason: "gsl_interp_alloc failed (out of memory)")
    }
    let xBuffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: xs.count)
    let yBuffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: ys.count)
    _ = xBuffer.initialize(from: xs)
    _ = yBuffer.initialize(from: ys)
    let status = gsl_interp_init(interpolation, xBuffer.baseAddress, yBuffer.baseAddress, xs.count)
    guard status == GSL_SUCCESS else {
      gsl_interp_free(interpolation)
      xBuffer.deallocate()
      yBuffer.deallocate()
      throw NumericsError(gslStatus: status, operation: operation, detail: "gsl_interp_init failed")
    }
    self.method = method
    self.count = xs.count
    self.x = xBuffer
    self.y = yBuffer
    self.interpolation = interpolation
  }

  deinit {
    gsl_interp_free(interpolation)
    x.deallocate()
    y.deallocate()
  }

  @inline(__always)
  func value(at point: Double, accelerator: inout gsl_interp_accel) -> Double {
    if point.isNaN { return .nan }
    if point <= x[0] { return y[0] }
    if point >= x[count - 1] { return y[count - 1] }
    var result = 0.0
    let status = gsl_interp_eval_e(interpolation, x.baseAddress, y.baseAddress, point, &accelerator, &result)
    return status == GSL_SUCCESS ? result : .nan
  }
}
