internal import CFITSIO

/// The kind of a header-data unit.
public enum FITSHDUType: Sendable, Equatable {
  case image, asciiTable, binaryTable

  init?(cfitsio code: Int32) {
    switch code {
    case IMAGE_HDU: self = .image
    case ASCII_TBL: self = .asciiTable
    case BINARY_TBL: self = .binaryTable
    default: return nil
    }
  }
}

/// Picks an HDU: by 0-based position (the primary HDU is 0) or by EXTNAME (or HDUNAME).
public enum FITSHDUSelector: Sendable, Equatable, CustomStringConvertible {
  /// The HDU at this 0-based position in the file.
  case index(Int)
  /// The first HDU whose EXTNAME (or HDUNAME) matches, ignoring case; `version` matches EXTVER
  /// when nonzero.
  case name(String, version: Int = 0)

  /// The primary HDU.
  public static let primary = FITSHDUSelector.index(0)

  public var description: String {
    switch self {
    case .index(let index): "HDU \(index)"
    case .name(let name, let version): version == 0 ? "extension '\(name)'" : "extension '\(name)' v\(version)"
    }
  }
}

extension FITSFile {
  /// The number of HDUs in the file.
  public var hduCount: Int {
    get throws {
      var count: Int32 = 0
      var status: Int32 = 0
      ffthdu(try openHandle("count HDUs"), &count, &status)
      try check(status, "count HDUs")
      return Int(count)
    }
  }

  /// The 0-based position of the current HDU.
  public var currentHDUIndex: Int {
    get throws {
      var number: Int32 = 0
      ffghdn(try openHandle("get HDU number"), &number)
      return Int(number) - 1
    }
  }

  /// The kind of the current HDU.
  public var currentHDUType: FITSHDUType {
    get throws {
      var code: Int32 = 0
      var status: Int32 = 0
      ffghdt(try openHandle("get HDU type"), &code, &status)
      try check(status, "get HDU type")
      guard let type = FITSHDUType(cfitsio: code) else {
        throw failure(.library, "get HDU type", "unknown HDU type code \(code)")
      }
      return type
    }
  }

  /// Makes the selected HDU current and returns its kind.
  ///
  /// Throws `.missingExtension` (naming the HDUs the file does have) when there is no such HDU.
  @discardableResult
  public func move(to selector: FITSHDUSelector) throws -> FITSHDUType {
    let handle = try openHandle("move to \(selector)")
    var status: Int32 = 0
    var code: Int32 = 0
    switch selector {
    case .index(let index):
      let count = try hduCount
      guard index >= 0, index < count else {
        throw failure(
          .missingExtension, "move to \(selector)",
          "the file has \(count) HDU(s), indices 0..<\(count)")
      }
      ffmahd(handle, Int32(index + 1), &code, &status)
    case .name(let name, let version):
      var cName = Array(name.utf8CString)
      ffmnhd(handle, ANY_HDU, &cName, Int32(version), &status)
      if status == BAD_HDU_NUM {
        FITSError.drainMessages()
        let names = (try? extensionNames())?.enumerated().map { "\($0.offset):\($0.element ?? "-")" }
        throw failure(
          .missingExtension, "move to \(selector)",
          "no HDU has EXTNAME '\(name)'; HDUs present: \(names?.joined(separator: ", ") ?? "unknown")")
      }
    }
    try check(status, "move to \(selector)", kind: .missingExtension)
    return try currentHDUType
  }

  /// The EXTNAME of every HDU in order (nil where absent). Leaves the current HDU unchanged.
  public func extensionNames() throws -> [String?] {
    let handle = try openHandle("list extension names")
    let current = try currentHDUIndex
    defer {
      var status: Int32 = 0
      var code: Int32 = 0
      ffmahd(handle, Int32(current + 1), &code, &status)
    }
    var names: [String?] = []
    for index in 0..<(try hduCount) {
      var status: Int32 = 0
      var code: Int32 = 0
      ffmahd(handle, Int32(index + 1), &code, &status)
      try check(status, "move to HDU \(index)")
      names.append(try string(forKey: "EXTNAME"))
    }
    return names
  }
}
