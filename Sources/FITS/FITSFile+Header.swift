internal import CFITSIO

extension FITSFile {
  /// The keyword `name` in the current HDU's header, or nil when absent.
  ///
  /// Long strings written with the CONTINUE convention are returned whole. Header bytes that are
  /// not ASCII (they occur in real files) are decoded leniently rather than failing.
  public func keyword(named name: String) throws -> FITSKeyword? {
    let operation = "read keyword '\(name)'"
    let handle = try openHandle(operation)
    var value = [CChar](repeating: 0, count: Int(FLEN_VALUE) + 1)
    var comment = [CChar](repeating: 0, count: Int(FLEN_COMMENT) + 1)
    var status: Int32 = 0
    ffgkey(handle, name, &value, &comment, &status)
    if status == KEY_NO_EXIST {
      FITSError.drainMessages()
      return nil
    }
    try check(status, operation)
    var parsed = FITSHeaderValue(cardValue: String(fitsBuffer: value))
    if case .string = parsed {
      // Re-read through ffgkls to join CONTINUE cards of long strings.
      var pointer: UnsafeMutablePointer<CChar>?
      ffgkls(handle, name, &pointer, nil, &status)
      try check(status, operation)
      if let pointer {
        parsed = .string(String(cString: pointer).trimmingTrailingSpaces())
        fffree(pointer, &status)
      }
    }
    return FITSKeyword(name: name, value: parsed, comment: String(fitsBuffer: comment).trimmingSpaces())
  }

  /// Every card of the current HDU's header, in order (including COMMENT and HISTORY cards).
  public func keywords() throws -> [FITSKeyword] {
    let handle = try openHandle("list keywords")
    var status: Int32 = 0
    var existing: Int32 = 0
    var more: Int32 = 0
    ffghsp(handle, &existing, &more, &status)
    try check(status, "list keywords")
    var cards: [FITSKeyword] = []
    cards.reserveCapacity(Int(existing))
    var name = [CChar](repeating: 0, count: Int(FLEN_KEYWORD) + 1)
    var value = [CChar](repeating: 0, count: Int(FLEN_VALUE) + 1)
    var comment = [CChar](repeating: 0, count: Int(FLEN_COMMENT) + 1)
    for index in 0..<existing {
      ffgkyn(handle, index + 1, &name, &value, &comment, &status)
      try check(status, "read header card \(index + 1)")
      cards.append(
        FITSKeyword(
          name: String(fitsBuffer: name), value: FITSHeaderValue(cardValue: String(fitsBuffer: value)),
          comment: String(fitsBuffer: comment).trimmingSpaces()))
    }
    return cards
  }

  /// The string value of `key`, nil when absent; throws `.typeMismatch` for a non-string value.
  public func string(forKey key: String) throws -> String? {
    guard let value = try keyword(named: key)?.value else { return nil }
    if case .string(let text) = value { return text }
    throw mismatch(key, value, "a string")
  }

  /// The numeric value of `key` (integer or real), nil when absent.
  public func double(forKey key: String) throws -> Double? {
    guard let value = try keyword(named: key)?.value else { return nil }
    switch value {
    case .double(let number): return number
    case .int(let number): return Double(number)
    default: throw mismatch(key, value, "a number")
    }
  }

  /// The integer value of `key`, nil when absent; a real value is accepted only if integral.
  public func int(forKey key: String) throws -> Int? {
    guard let value = try keyword(named: key)?.value else { return nil }
    switch value {
    case .int(let number): return number
    case .double(let number) where number.rounded() == number && abs(number) < 9.0e18: return Int(number)
    default: throw mismatch(key, value, "an integer")
    }
  }

  /// The logical value of `key`, nil when absent.
  public func bool(forKey key: String) throws -> Bool? {
    guard let value = try keyword(named: key)?.value else { return nil }
    if case .bool(let flag) = value { return flag }
    throw mismatch(key, value, "a logical (T/F)")
  }

  /// The string value of `key`; throws `.missingKeyword` when absent.
  public func requiredString(forKey key: String) throws -> String {
    guard let value = try string(forKey: key) else { throw missing(key) }
    return value
  }

  /// The numeric value of `key`; throws `.missingKeyword` when absent.
  public func requiredDouble(forKey key: String) throws -> Double {
    guard let value = try double(forKey: key) else { throw missing(key) }
    return value
  }

  /// The integer value of `key`; throws `.missingKeyword` when absent.
  public func requiredInt(forKey key: String) throws -> Int {
    guard let value = try int(forKey: key) else { throw missing(key) }
    return value
  }

  /// The logical value of `key`; throws `.missingKeyword` when absent.
  public func requiredBool(forKey key: String) throws -> Bool {
    guard let value = try bool(forKey: key) else { throw missing(key) }
    return value
  }

  /// Writes `key` into the current header, replacing an existing card of that name.
  ///
  /// Reals are written with 17 significant digits so they read back bit for bit; strings longer
  /// than a card holds use the CONTINUE convention.
  public func setKeyword(_ key: String, _ value: FITSHeaderValue, comment: String? = nil) throws {
    let operation = "write keyword '\(key)'"
    let handle = try openHandle(operation)
    var status: Int32 = 0
    switch value {
    case .string(let text):
      if text.utf8.count > 68 {
        ffukls(handle, key, text, comment, &status)
      } else {
        ffukys(handle, key, text, comment, &status)
      }
    case .double(let number):
      guard number.isFinite else {
        throw failure(.typeMismatch, operation, "FITS header reals must be finite, got \(number)")
      }
      ffukyd(handle, key, number, -17, comment, &status)
    case .int(let number):
      ffukyj(handle, key, Int64(number), comment, &status)
    case .bool(let flag):
      ffukyl(handle, key, flag ? 1 : 0, comment, &status)
    }
    try check(status, operation)
  }

  /// Appends a COMMENT card to the current header.
  public func addComment(_ text: String) throws {
    var status: Int32 = 0
    ffpcom(try openHandle("write COMMENT"), text, &status)
    try check(status, "write COMMENT")
  }

  /// Appends a HISTORY card to the current header.
  public func addHistory(_ text: String) throws {
    var status: Int32 = 0
    ffphis(try openHandle("write HISTORY"), text, &status)
    try check(status, "write HISTORY")
  }

  private func mismatch(_ key: String, _ value: FITSHeaderValue, _ wanted: String) -> FITSError {
    failure(.typeMismatch, "read keyword '\(key)'", "value \(value) is not \(wanted)")
  }

  private func missing(_ key: String) -> FITSError {
    let hdu = (try? currentHDUIndex).map { "HDU \($0)" } ?? "the current HDU"
    return failure(.missingKeyword, "read keyword '\(key)'", "\(hdu) has no keyword '\(key)'")
  }
}
