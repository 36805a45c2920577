import Foundation

extension ParsecTable {
  /// Parses the text of a PARSEC CMD 3.x table. Pure: `source` only names the text in errors.
  ///
  /// The scanner works on the UTF-8 bytes (no per-line regular expressions or substrings) and
  /// converts numbers with an exact fast path (Clinger 1990: a ≤19-digit decimal mantissa times
  /// an exactly representable power of ten ≤ 10²² is one correctly rounded operation), falling back
  /// to `strtod` otherwise, so every value equals `Double(text)` bit for bit.
  ///
  /// - Throws: `ParsecTableError` naming the file, line and column of the first malformed input.
  public static func parse(_ text: String, source: String) throws -> ParsecTable {
    var text = text
    return try text.withUTF8 { bytes in
      var parser = ParsecTableScanner(bytes: bytes, source: source)
      return try parser.run()
    }
  }
}

/// The byte-level state machine behind `ParsecTable.parse`.
private struct ParsecTableScanner {
  let bytes: UnsafeBufferPointer<UInt8>
  let source: String

  var columnNames: [String] = []
  var preamble: [String] = []
  var blocks: [ParsecTable.Block] = []
  var requiredIndices: [Int] = []
  var metallicityIndex = 0
  var logAgeIndex = 0
  var labelIndex = 0

  // The block being filled.
  var current: [[Double]] = []
  var currentKey: (logAge: Double, metallicity: Double)?
  var currentFirstLine = 0
  var seenKeys: [KeyBits: Int] = [:]
  // The most recent column-name line that has not yet received a row.
  var pendingHeaderLine: Int?

  struct KeyBits: Hashable {
    let logAge: UInt64
    let metallicity: UInt64
  }

  init(bytes: UnsafeBufferPointer<UInt8>, source: String) {
    self.bytes = bytes
    self.source = source
  }

  func error(_ kind: ParsecTableError.Kind, line: Int) -> ParsecTableError {
    ParsecTableError(kind, file: source, line: line)
  }

  mutating func run() throws -> ParsecTable {
    var lineStart = 0
    var lineNumber = 0
    let count = bytes.count
    var tokenStarts = [Int](repeating: 0, count: 64)
    var tokenEnds = [Int](repeating: 0, count: 64)
    var row = [Double](repeating: 0, count: 64)
    while lineStart < count {
      lineNumber += 1
      var lineEnd = lineStart
      while lineEnd < count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
      defer { lineStart = lineEnd + 1 }
      // Tokenise [lineStart, lineEnd) on blanks.
      var position = lineStart
      var isComment = false
      while position < lineEnd && Self.isBlank(bytes[position]) { position += 1 }
      if position == lineEnd { continue }
      if bytes[position] == UInt8(ascii: "#") {
        isComment = true
        position += 1
      }
      var tokenCount = 0
      while position < lineEnd {
        while position < lineEnd && Self.isBlank(bytes[position]) { position += 1 }
        if position == lineEnd { break }
        let start = position
        while position < lineEnd && !Self.isBlank(bytes[position]) { position += 1 }
        if tokenCount == tokenStarts.count {
          tokenStarts.append(0)
          tokenEnds.append(0)
        }
        tokenStarts[tokenCount] = start
        tokenEnds[tokenCount] = position
        tokenCount += 1
      }
      let firstIsZini = tokenCount > 0 && token(tokenStarts[0], tokenEnds[0]) == "Zini"
      if firstIsZini && (isComment || columnNames.isEmpty) {
        try handleColumnLine(starts: tokenStarts, ends: tokenEnds, count: tokenCount, line: lineNumber)
        continue
      }
      if isComment {
        if columnNames.isEmpty {
          preamble.append(
            String(decoding: UnsafeBufferPointer(rebasing: bytes[(lineStart + 1)..<lineEnd]), as: UTF8.self))
        }
        continue
      }
      guard !columnNames.isEmpty else { throw error(.missingColumnHeader, line: lineNumber) }
      let expected = columnNames.count
      if tokenCount < expected {
        throw error(.truncatedRow(expected: expected, found: tokenCount), line: lineNumber)
      }
      if tokenCount > expected {
        throw error(.extraValues(expected: expected, found: tokenCount), line: lineNumber)
      }
      if row.count < expected { row = [Double](repeating: 0, count: expected) }
      for index in 0..<expected {
        guard let value = parseNumber(tokenStarts[index], tokenEnds[index]) else {
          let text = token(tokenStarts[index], tokenEnds[index])
          throw error(.nonNumericValue(column: columnNames[index], text: text), line: lineNumber)
        }
        row[index] = value
      }
      let label = row[labelIndex]
      if label != label.rounded() || !label.isFinite {
        throw error(.nonIntegerLabel(text: token(tokenStarts[labelIndex], tokenEnds[labelIndex])), line: lineNumber)
      }
      try append(row: row, line: lineNumber)
    }
    if let pending = pendingHeaderLine { throw error(.emptyAgeBlock, line: pending) }
    closeBlock()
    if blocks.isEmpty { throw error(.noRows, line: max(lineNumber, 1)) }
    return ParsecTable(source: source, columnNames: columnNames, preamble: preamble, blocks: blocks)
  }

  mutating func handleColumnLine(starts: [Int], ends: [Int], count: Int, line: Int) throws {
    if let pending = pendingHeaderLine { throw error(.emptyAgeBlock, line: pending) }
    let names = (0..<count).map { token(starts[$0], ends[$0]) }
    if columnNames.isEmpty {
      for required in ParsecTable.requiredColumns where !names.contains(required) {
        throw error(.missingColumn(required), line: line)
      }
      columnNames = names
      metallicityIndex = names.firstIndex(of: "MH")!
      logAgeIndex = names.firstIndex(of: "logAge")!
      labelIndex = names.firstIndex(of: "label")!
    } else if names != columnNames {
      throw error(.inconsistentColumns, line: line)
    }
    pendingHeaderLine = line
    closeBlock()
  }

  mutating func append(row: [Double], line: Int) throws {
    pendingHeaderLine = nil
    let logAge = row[logAgeIndex]
    let metallicity = row[metallicityIndex]
    if let key = currentKey, key.logAge == logAge, key.metallicity == metallicity {
      // Same isochrone: fall through to append.
    } else {
      closeBlock()
      let bits = KeyBits(logAge: logAge.bitPattern, metallicity: metallicity.bitPattern)
      if let first = seenKeys[bits] {
        throw error(.duplicateIsochrone(logAge: logAge, metallicity: metallicity, firstLine: first), line: line)
      }
      seenKeys[bits] = line
      currentKey = (logAge, metallicity)
      currentFirstLine = line
      current = [[Double]](repeating: [], count: columnNames.count)
      for index in current.indices { current[index].reserveCapacity(512) }
    }
    for index in 0..<columnNames.count { current[index].append(row[index]) }
  }

  mutating func closeBlock() {
    guard let key = currentKey else { return }
    blocks.append(
      ParsecTable.Block(
        logAgeYears: key.logAge, metallicity: key.metallicity, firstLine: currentFirstLine, values: current))
    currentKey = nil
    current = []
  }

  func token(_ start: Int, _ end: Int) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
  }

  @inline(__always) static func isBlank(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0D
  }

  /// Exactly representable powers of ten (10^0 … 10^22).
  static let exactPowersOfTen: [Double] = (0...22).map { exponent in
    var value = 1.0
    for _ in 0..<exponent { value *= 10 }
    return value
  }

  /// `Double(text)` for a decimal token, or nil if it is not a number.
  func parseNumber(_ start: Int, _ end: Int) -> Double? {
    var position = start
    var negative = false
    if position < end && (bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+")) {
      negative = bytes[position] == UInt8(ascii: "-")
      position += 1
    }
    var mantissa: UInt64 = 0
    var significantDigits = 0
    var digitCount = 0
    var decimalExponent = 0
    var overflowDigits = false
    while position < end, bytes[position] &- 0x30 < 10 {
      let digit = UInt64(bytes[position] &- 0x30)
      if mantissa == 0 && digit == 0 {
        // Leading zeros do not count.
      } else if significantDigits < 19 {
        mantissa = mantissa * 10 + digit
        significantDigits += 1
      } else {
        overflowDigits = true
        decimalExponent += 1
      }
      digitCount += 1
      position += 1
    }
    if position < end && bytes[position] == UInt8(ascii: ".") {
      position += 1
      while position < end, bytes[position] &- 0x30 < 10 {
        let digit = UInt64(bytes[position] &- 0x30)
        if mantissa == 0 && digit == 0 {
          decimalExponent -= 1
        } else if significantDigits < 19 {
          mantissa = mantissa * 10 + digit
          significantDigits += 1
          decimalExponent -= 1
        } else {
          overflowDigits = true
        }
        digitCount += 1
        position += 1
      }
    }
    guard digitCount > 0 else { return fallback(start, end) }
    if position < end && (bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E")) {
      position += 1
      var exponentNegative = false
      if position < end && (bytes[position] == UInt8(ascii: "-") || bytes[position] == UInt8(ascii: "+")) {
        exponentNegative = bytes[position] == UInt8(ascii: "-")
        position += 1
      }
      var exponent = 0
      var exponentDigits = 0
      while position < end, bytes[position] &- 0x30 < 10 {
        if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[position] &- 0x30) }
        exponentDigits += 1
        position += 1
      }
      guard exponentDigits > 0 else { return nil }
      decimalExponent += exponentNegative ? -exponent : exponent
    }
    guard position == end else { return fallback(start, end) }
    if mantissa == 0 { return negative ? -0.0 : 0.0 }
    if !overflowDigits && mantissa <= (1 << 53) && abs(decimalExponent) <= 22 {
      let m = Double(mantissa)
      let value =
        decimalExponent >= 0
        ? m * Self.exactPowersOfTen[decimalExponent] : m / Self.exactPowersOfTen[-decimalExponent]
      return negative ? -value : value
    }
    return fallback(start, end)
  }

  /// `strtod` on the token, accepted only if it consumes the whole token and is finite or a
  /// spelled-out nan/inf.
  func fallback(_ start: Int, _ end: Int) -> Double? {
    let length = end - start
    guard length > 0 && length < 256 else { return nil }
    return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
      for index in 0..<length { buffer[index] = CChar(bitPattern: bytes[start + index]) }
      buffer[length] = 0
      var endPointer: UnsafeMutablePointer<CChar>?
      let value = strtod(buffer.baseAddress!, &endPointer)
      guard let endPointer, endPointer == buffer.baseAddress! + length else { return nil }
      return value
    }
  }
}
