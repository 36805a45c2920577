import Foundation

/// A typed FITS header value.
public enum FITSHeaderValue: Sendable, Equatable, CustomStringConvertible {
  case string(String)
  case double(Double)
  case int(Int)
  case bool(Bool)

  public var description: String {
    switch self {
    case .string(let value): "'\(value)'"
    case .double(let value): "\(value)"
    case .int(let value): "\(value)"
    case .bool(let value): value ? "T" : "F"
    }
  }

  /// Parses the value field of a header card as cfitsio returns it (`'text'`, `T`, `42`, `1.5D3`).
  /// Returns nil for an empty (undefined) value. Complex values are kept as their text.
  init?(cardValue raw: String) {
    let text = raw.trimmingSpaces()
    if text.isEmpty { return nil }
    if text.hasPrefix("'") {
      var body = Substring(text.dropFirst())
      if body.hasSuffix("'") { body = body.dropLast() }
      // A quote inside a FITS string is written twice; trailing blanks are not significant.
      self = .string(body.replacingOccurrences(of: "''", with: "'").trimmingTrailingSpaces())
    } else if text == "T" {
      self = .bool(true)
    } else if text == "F" {
      self = .bool(false)
    } else if let integer = Int(text.hasPrefix("+") ? String(text.dropFirst()) : text) {
      self = .int(integer)
    } else if let real = Double(text.replacingOccurrences(of: "D", with: "E")) {
      self = .double(real)
    } else {
      self = .string(text)
    }
  }
}

/// One header card: a keyword with its value (nil for commentary cards such as COMMENT and
/// HISTORY, or an undefined value) and its comment.
public struct FITSKeyword: Sendable, Equatable {
  public var name: String
  public var value: FITSHeaderValue?
  public var comment: String

  public init(name: String, value: FITSHeaderValue?, comment: String = "") {
    self.name = name
    self.value = value
    self.comment = comment
  }
}

extension StringProtocol {
  func trimmingTrailingSpaces() -> String {
    var text = Substring(self)
    while text.last == " " { text = text.dropLast() }
    return String(text)
  }
}
