internal import CGSL

/// Process-wide GSL configuration. GSL's default error handler calls `abort()` on invalid
/// arguments (exit 134); Starmill turns it off once and checks GSL status codes itself.
enum GSLRuntime {
  private static let configured: Bool = {
    _ = gsl_set_error_handler_off()
    return true
  }()

  static func configureOnce() { _ = configured }
}
