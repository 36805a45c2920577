internal import CGSL

/// A failure of a numerical routine: what was being done, and why it failed.
///
/// When GSL reported the failure, `reason` is GSL's own message (`gsl_strerror`) followed by
/// what Starmill knows about the inputs, and `gslStatus` is GSL's status code
/// (`GSL_EINVAL` = 4, `GSL_EMAXITER` = 11, `GSL_EROUND` = 18, … from `gsl_errno.h`).
/// When Starmill rejected an input before calling GSL, `gslStatus` is nil and `reason` names
/// the rule that was broken and the offending value (and index, where there is one).
public struct NumericsError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What was being done, e.g. "Quadrature.integrate on [0, 1]".
  public let operation: String
  /// Why it failed: GSL's message, or the rule an input broke.
  public let reason: String
  /// GSL's status code when GSL reported the failure.
  public let gslStatus: Int?

  public init(operation: String, reason: String, gslStatus: Int? = nil) {
    self.operation = operation
    self.reason = reason
    self.gslStatus = gslStatus
  }

  /// An error from a GSL status code, with GSL's message and optional extra detail.
  init(gslStatus status: Int32, operation: String, detail: String? = nil) {
    let message = gsl_strerror(status).map { String(cString: $0) } ?? "unknown GSL error"
    self.init(
      operation: operation,
      reason: detail.map { "\(message); \($0)" } ?? message,
      gslStatus: Int(status))
  }

  public var description: String {
    let code = gslStatus.map { " (GSL status \($0))" } ?? ""
    return "\(operation): \(reason)\(code)"
  }
}
