internal import CGSL

/// Bridges a Swift closure to GSL's `gsl_function` (a C function pointer plus `void *params`).
///
/// The closure is passed through `params` as a pointer to a stack copy of it: no global state,
/// nothing retained beyond the call, so concurrent calls on different threads are independent.
/// GSL stores the `gsl_function` pointer only for the duration of the call that receives it.
enum GSLFunction {
  static func with<Result>(
    _ f: (Double) -> Double, _ body: (UnsafeMutablePointer<gsl_function>) throws -> Result
  ) rethrows -> Result {
    try withoutActuallyEscaping(f) { escapable in
      var closure = escapable
      return try withUnsafeMutablePointer(to: &closure) { closurePointer in
        var function = gsl_function(
          function: { x, params in
            params!.assumingMemoryBound(to: ((Double) -> Double).self).pointee(x)
          },
          params: UnsafeMutableRawPointer(closurePointer))
        return try body(&function)
      }
    }
  }
}
