import Foundation

/// Starmill's compact isochrone-set format (`.smis`), version 1. Pure: bytes in, bytes out.
///
/// Layout (all integers little-endian):
/// ```
/// magic      8 bytes  "SMISOSET"
/// version    u32      1
/// provenance u32 length + UTF-8
/// bands      u32 count, then per band: u16 length + UTF-8 name, f64 A_band/A_V
/// isochrones u32 count, then per isochrone: f64 log age, f64 [M/H], u32 rows
/// columns    in this order, each over all rows of all isochrones (set order):
///            initialMass (f64), currentMass, logLuminosity, logTeff, logGravity (f32),
///            phase (integer), then one f32 column per band
/// end        4 bytes  "END!"
/// ```
/// Each column is `u8 encoding` + `u64 payload length` + payload:
/// - 0 `raw`: the values as IEEE little-endian f32 or f64;
/// - 1 `decimal`: `u8 d`, `u32` exception count, the exceptions (`u32` row, `u64` IEEE bits),
///   then for every value the zigzag LEB128 varint of kᵢ − kᵢ₋₁ (k₋₁ = 0), where the value is
///   exactly `T(Double(k) / 10^d)` (T = Float or Double); an exception row repeats k (delta 0)
///   and is then overwritten with its stored bits (−0, ±∞, NaN, values with more decimals);
/// - 2 `integer`: zigzag LEB128 varints of the deltas (phase labels).
/// The encoder picks `decimal` with the smallest d ≤ 6 (f32) or ≤ 12 (f64) for which at most 1 %
/// of the column are exceptions, else `raw`: lossless by construction. Tabulated model
/// values (PARSEC prints 3–4 decimals) then cost 1–2 bytes instead of 4.
public enum IsochroneSetCodec {
  public static let magic: [UInt8] = Array("SMISOSET".utf8)
  public static let endMarker: [UInt8] = Array("END!".utf8)
  public static let version: UInt32 = 1

  /// Why bytes could not be decoded.
  public struct FormatError: Error, Equatable, Sendable, CustomStringConvertible {
    public let source: String
    public let offset: Int
    public let rule: String
    public var description: String { "\(source): byte \(offset): \(rule)" }
  }

  // MARK: - Encoding

  public static func encode(_ set: IsochroneSet) -> [UInt8] {
    var out = ByteWriter()
    out.bytes(magic)
    out.u32(version)
    out.string32(set.provenance)
    out.u32(UInt32(set.bands.count))
    for band in set.bands {
      let utf8 = Array(band.utf8)
      out.u16(UInt16(utf8.count))
      out.bytes(utf8)
      out.f64(set.extinctionRatios[band]!)
    }
    out.u32(UInt32(set.isochrones.count))
    for isochrone in set.isochrones {
      out.f64(isochrone.logAgeYears)
      out.f64(isochrone.metallicity)
      out.u32(UInt32(isochrone.count))
    }
    let all = set.isochrones
    encodeDoubles(all.flatMap(\.initialMass), into: &out)
    for column in [all.flatMap(\.currentMass), all.flatMap(\.logLuminosity), all.flatMap(\.logTeff)] {
      encodeFloats(column, into: &out)
    }
    encodeFloats(all.flatMap(\.logGravity), into: &out)
    encodeIntegers(all.flatMap(\.phase), into: &out)
    for band in set.bands.indices { encodeFloats(all.flatMap { $0.magnitudes[band] }, into: &out) }
    out.bytes(endMarker)
    return out.buffer
  }

  static let powersOfTen: [Double] = (0...22).map { exponent in
    var value = 1.0
    for _ in 0..<exponent { value *= 10 }
    return value
  }

  /// A value the decimal encoding cannot carry exactly (−0, ±∞, NaN, more decimals than the
  /// column's d): it is stored verbatim in the exception list.
  private static func isDecimal<T: BinaryFloatingPoint>(_ value: T, scale: Double) -> Bool {
    guard value.isFinite, value != 0 || value.sign == .plus else { return false }
    let scaled = (Double(value) * scale).rounded()
    return abs(scaled) < 9e15 && T(scaled / scale) == value
  }

  /// The smallest d for which at most 1 % of the values are exceptions.
  private static func decimalScale<T: BinaryFloatingPoint>(_ values: [T], maximumDecimals: Int) -> Int? {
    let allowed = values.count / 100
    decimals: for d in 0...maximumDecimals {
      var exceptions = 0
      for value in values where !isDecimal(value, scale: powersOfTen[d]) {
        exceptions += 1
        if exceptions > allowed { continue decimals }
      }
      return d
    }
    return nil
  }

  private static func encodeDecimal<T: BinaryFloatingPoint>(_ values: [T], decimals d: Int, into out: inout ByteWriter)
  {
    var payload = ByteWriter()
    payload.u8(UInt8(d))
    let scale = powersOfTen[d]
    let exceptions = values.indices.filter { !isDecimal(values[$0], scale: scale) }
    payload.u32(UInt32(exceptions.count))
    for index in exceptions {
      payload.u32(UInt32(index))
      payload.u64(T.self == Float.self ? UInt64(Float(values[index]).bitPattern) : Double(values[index]).bitPattern)
    }
    var previous: Int64 = 0
    var next = 0
    for (index, value) in values.enumerated() {
      if next < exceptions.count && exceptions[next] == index {
        next += 1
        payload.zigzag(0)  // placeholder: k stays the same
        continue
      }
      let k = Int64((Double(value) * scale).rounded())
      payload.zigzag(k &- previous)
      previous = k
    }
    out.u8(1)
    out.u64(UInt64(payload.buffer.count))
    out.bytes(payload.buffer)
  }

  private static func encodeFloats(_ values: [Float], into out: inout ByteWriter) {
    if let d = decimalScale(values, maximumDecimals: 6) { return encodeDecimal(values, decimals: d, into: &out) }
    out.u8(0)
    out.u64(UInt64(values.count * 4))
    for value in values { out.u32(value.bitPattern) }
  }

  private static func encodeDoubles(_ values: [Double], into out: inout ByteWriter) {
    if let d = decimalScale(values, maximumDecimals: 12) { return encodeDecimal(values, decimals: d, into: &out) }
    out.u8(0)
    out.u64(UInt64(values.count * 8))
    for value in values { out.u64(value.bitPattern) }
  }

  private static func encodeIntegers(_ values: [Int], into out: inout ByteWriter) {
    var payload = ByteWriter()
    var previous = 0
    for value in values {
      payload.zigzag(Int64(value &- previous))
      previous = value
    }
    out.u8(2)
    out.u64(UInt64(payload.buffer.count))
    out.bytes(payload.buffer)
  }

  // MARK: - Decoding

  /// Decodes a set; `source` names the bytes in errors.
  public static func decode(_ bytes: [UInt8], source: String) throws -> IsochroneSet {
    var input = ByteReader(bytes: bytes, source: source)
    guard try input.bytes(magic.count) == magic else { throw input.error("not a Starmill isochrone set (bad magic)") }
    let fileVersion = try input.u32()
    guard fileVersion == version else {
      throw input.error("format version \(fileVersion) is not supported (this Starmill reads version \(version))")
    }
    let provenance = try input.string32()
    let bandCount = Int(try input.u32())
    var bands: [String] = []
    var ratios: [String: Double] = [:]
    for _ in 0..<bandCount {
      let length = Int(try input.u16())
      let name = String(decoding: try input.bytes(length), as: UTF8.self)
      bands.append(name)
      ratios[name] = try input.f64()
    }
    let isochroneCount = Int(try input.u32())
    var keys: [(Double, Double, Int)] = []
    for _ in 0..<isochroneCount {
      keys.append((try input.f64(), try input.f64(), Int(try input.u32())))
    }
    let total = keys.reduce(0) { $0 + $1.2 }
    guard total <= bytes.count else { throw input.error("row count \(total) exceeds the file size") }
    let initialMass: [Double] = try decodeColumn(&input, count: total)
    let currentMass: [Float] = try decodeColumn(&input, count: total)
    let logL: [Float] = try decodeColumn(&input, count: total)
    let logTe: [Float] = try decodeColumn(&input, count: total)
    let logg: [Float] = try decodeColumn(&input, count: total)
    let phase = try decodeIntegers(&input, count: total)
    var magnitudes: [[Float]] = []
    for _ in 0..<bandCount { magnitudes.append(try decodeColumn(&input, count: total)) }
    guard try input.bytes(endMarker.count) == endMarker else { throw input.error("missing end marker") }
    var isochrones: [Isochrone] = []
    var start = 0
    for (logAge, metallicity, rows) in keys {
      let range = start..<(start + rows)
      start += rows
      do {
        isochrones.append(
          try Isochrone(
            logAgeYears: logAge, metallicity: metallicity, initialMass: Array(initialMass[range]),
            currentMass: Array(currentMass[range]), logLuminosity: Array(logL[range]), logTeff: Array(logTe[range]),
            logGravity: Array(logg[range]), phase: Array(phase[range]), magnitudes: magnitudes.map { Array($0[range]) })
        )
      } catch {
        throw input.error("invalid isochrone: \(error)")
      }
    }
    do {
      return try IsochroneSet(bands: bands, isochrones: isochrones, extinctionRatios: ratios, provenance: provenance)
    } catch {
      throw input.error("invalid set: \(error)")
    }
  }

  private static func decodeColumn<T: BinaryFloatingPoint>(_ input: inout ByteReader, count: Int) throws -> [T] {
    let encoding = try input.u8()
    let length = Int(try input.u64())
    let end = input.offset + length
    guard length >= 0, end <= input.bytes.count else { throw input.error("column payload runs past the end") }
    var values: [T] = []
    values.reserveCapacity(count)
    switch encoding {
    case 0:
      let width = T.self == Float.self ? 4 : 8
      guard length == count * width else {
        throw input.error("raw column has \(length) bytes, expected \(count * width)")
      }
      for _ in 0..<count {
        values.append(width == 4 ? T(Float(bitPattern: try input.u32())) : T(Double(bitPattern: try input.u64())))
      }
    case 1:
      let d = Int(try input.u8())
      guard d < powersOfTen.count else { throw input.error("decimal scale \(d) out of range") }
      let scale = powersOfTen[d]
      let exceptionCount = Int(try input.u32())
      guard exceptionCount <= count else { throw input.error("\(exceptionCount) exceptions for \(count) values") }
      var exceptions: [(Int, UInt64)] = []
      for _ in 0..<exceptionCount { exceptions.append((Int(try input.u32()), try input.u64())) }
      var k: Int64 = 0
      for _ in 0..<count {
        k = k &+ (try input.zigzag(limit: end))
        values.append(T(Double(k) / scale))
      }
      for (index, bits) in exceptions {
        guard index < count else { throw input.error("exception index \(index) out of range") }
        values[index] =
          T.self == Float.self ? T(Float(bitPattern: UInt32(truncatingIfNeeded: bits))) : T(Double(bitPattern: bits))
      }
    default:
      throw input.error("unknown column encoding \(encoding)")
    }
    guard input.offset == end else { throw input.error("column payload length mismatch") }
    return values
  }

  private static func decodeIntegers(_ input: inout ByteReader, count: Int) throws -> [Int] {
    guard try input.u8() == 2 else { throw input.error("phase column must use the integer encoding") }
    let length = Int(try input.u64())
    let end = input.offset + length
    guard end <= input.bytes.count else { throw input.error("column payload runs past the end") }
    var values: [Int] = []
    values.reserveCapacity(count)
    var value: Int64 = 0
    for _ in 0..<count {
      value = value &+ (try input.zigzag(limit: end))
      values.append(Int(value))
    }
    guard input.offset == end else { throw input.error("column payload length mismatch") }
    return values
  }
}

struct ByteWriter {
  var buffer: [UInt8] = []
  mutating func u8(_ value: UInt8) { buffer.append(value) }
  mutating func u16(_ value: UInt16) {
    for shift in [0, 8] { buffer.append(UInt8(truncatingIfNeeded: value >> shift)) }
  }
  mutating func u32(_ value: UInt32) {
    for shift in stride(from: 0, to: 32, by: 8) { buffer.append(UInt8(truncatingIfNeeded: value >> shift)) }
  }
  mutating func u64(_ value: UInt64) {
    for shift in stride(from: 0, to: 64, by: 8) { buffer.append(UInt8(truncatingIfNeeded: value >> shift)) }
  }
  mutating func f64(_ value: Double) { u64(value.bitPattern) }
  mutating func bytes(_ values: [UInt8]) { buffer.append(contentsOf: values) }
  mutating func string32(_ text: String) {
    let utf8 = Array(text.utf8)
    u32(UInt32(utf8.count))
    bytes(utf8)
  }
  mutating func zigzag(_ value: Int64) {
    var v = UInt64(bitPattern: (value << 1) ^ (value >> 63))
    while v >= 0x80 {
      buffer.append(UInt8(v & 0x7F) | 0x80)
      v >>= 7
    }
    buffer.append(UInt8(v))
  }
}

struct ByteReader {
  let bytes: [UInt8]
  let source: String
  var offset = 0

  init(bytes: [UInt8], source: String) {
    self.bytes = bytes
    self.source = source
  }

  func error(_ rule: String) -> IsochroneSetCodec.FormatError {
    IsochroneSetCodec.FormatError(source: source, offset: offset, rule: rule)
  }

  mutating func need(_ count: Int) throws {
    guard count >= 0, offset + count <= bytes.count else {
      throw error("truncated: needs \(count) more bytes, \(bytes.count - offset) left")
    }
  }
  mutating func u8() throws -> UInt8 {
    try need(1)
    defer { offset += 1 }
    return bytes[offset]
  }
  mutating func little<T: FixedWidthInteger>(_: T.Type) throws -> T {
    let width = T.bitWidth / 8
    try need(width)
    var value: T = 0
    for index in 0..<width { value |= T(bytes[offset + index]) << (8 * index) }
    offset += width
    return value
  }
  mutating func u16() throws -> UInt16 { try little(UInt16.self) }
  mutating func u32() throws -> UInt32 { try little(UInt32.self) }
  mutating func u64() throws -> UInt64 { try little(UInt64.self) }
  mutating func f64() throws -> Double { Double(bitPattern: try u64()) }
  mutating func bytes(_ count: Int) throws -> [UInt8] {
    try need(count)
    defer { offset += count }
    return Array(bytes[offset..<(offset + count)])
  }
  mutating func string32() throws -> String {
    let length = Int(try u32())
    return String(decoding: try bytes(length), as: UTF8.self)
  }
  mutating func zigzag(limit: Int) throws -> Int64 {
    var result: UInt64 = 0
    var shift: UInt64 = 0
    while true {
      guard offset < limit else { throw error("varint runs past its column") }
      let byte = bytes[offset]
      offset += 1
      guard shift < 64 else { throw error("varint too long") }
      result |= UInt64(byte & 0x7F) << shift
      if byte < 0x80 { break }
      shift += 7
    }
    return Int64(bitPattern: result >> 1) ^ -Int64(bitPattern: result & 1)
  }
}
