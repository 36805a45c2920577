internal import CFITSIO

#if canImport(Glibc)
  import Glibc
#endif

extension FITSFile {
  /// The number of rows of the current table HDU.
  public var rowCount: Int {
    get throws {
      try requireTableHDU("count rows")
      var rows: Int64 = 0
      var status: Int32 = 0
      ffgnrwll(try openHandle("count rows"), &rows, &status)
      try check(status, "count rows")
      return Int(rows)
    }
  }

  /// The TTYPEn names of the current table's columns, in order.
  public var columnNames: [String] {
    get throws { try columns().map(\.name) }
  }

  /// Descriptions of every column of the current table.
  public func columns() throws -> [FITSColumnInfo] {
    try requireTableHDU("list columns")
    let handle = try openHandle("list columns")
    var count: Int32 = 0
    var status: Int32 = 0
    ffgncl(handle, &count, &status)
    try check(status, "list columns")
    return try (0..<Int(count)).map { index in
      var code: Int32 = 0
      var repeatCount: Int64 = 0
      var width: Int64 = 0
      ffeqtyll(handle, Int32(index + 1), &code, &repeatCount, &width, &status)
      try check(status, "describe column \(index + 1)")
      let number = index + 1
      return FITSColumnInfo(
        index: index, name: try string(forKey: "TTYPE\(number)") ?? "",
        unit: try string(forKey: "TUNIT\(number)") ?? "",
        format: try string(forKey: "TFORM\(number)") ?? "",
        type: FITSColumnType(cfitsio: abs(code)), repeatCount: Int(repeatCount), isVariableLength: code < 0)
    }
  }

  /// The column called `name` (exact match first, then ignoring case); throws `.missingColumn`
  /// listing the columns the table has.
  public func column(named name: String) throws -> FITSColumnInfo {
    let all = try columns()
    if let match = all.first(where: { $0.name == name })
      ?? all.first(where: { $0.name.lowercased() == name.lowercased() })
    {
      return match
    }
    let listed = all.prefix(40).map(\.name).joined(separator: ", ") + (all.count > 40 ? ", …" : "")
    throw failure(
      .missingColumn, "find column '\(name)'",
      "HDU \(try currentHDUIndex) has no column '\(name)'; columns: \(listed)")
  }

  /// All values of the numeric column `name` as Doubles: one per row for a scalar column,
  /// `rows × repeat` row-major for a vector column (see `readVectorColumn` for the repeat count).
  public func readColumn(named name: String) throws -> [Double] {
    try readVectorColumn(named: name, as: Double.self).values
  }

  /// All values of the numeric column `name` converted to `Element`, row-major.
  public func readColumn<Element: FITSNumeric>(named name: String, as type: Element.Type) throws -> [Element] {
    try readVectorColumn(named: name, as: type).values
  }

  /// The numeric column `name` with its repeat count, converted to `Element`.
  ///
  /// Any numeric or logical storage type is accepted (logicals read as 1 and 0); cfitsio applies
  /// TSCALn/TZEROn. Read as Float or Double, undefined cells (TNULLn, NaN, undefined logicals) are
  /// NaN; read as an integer type, they keep their stored value (undefined logicals read as 0). Strings, complex, bit and
  /// variable-length columns throw `.typeMismatch`.
  public func readVectorColumn<Element: FITSNumeric>(named name: String, as type: Element.Type = Double.self)
    throws -> FITSColumn<Element>
  {
    let info = try column(named: name)
    let operation = "read column '\(info.name)'"
    guard info.type.isNumeric, !info.isVariableLength else {
      throw failure(
        .typeMismatch, operation,
        "column '\(info.name)' has TFORM '\(info.format)' (\(info.type)\(info.isVariableLength ? ", variable length" : "")), "
          + "which is not a fixed-size numeric column")
    }
    let rows = try rowCount
    if info.type == .logical {
      let flags = try readLogical(info, rows: rows)
      let values = flags.map { $0 == 1 ? Element.fitsOne : $0 == 0 ? Element.fitsZero : Element.fitsNull }
      return FITSColumn(values: values, repeatCount: info.repeatCount, rowCount: rows)
    }
    var values = [Element](repeating: Element.fitsZero, count: rows * info.repeatCount)
    if !values.isEmpty {
      let handle = try openHandle(operation)
      var status: Int32 = 0
      var anyNull: Int32 = 0
      var null = [Element.fitsNull]
      null.withUnsafeMutableBytes { nullBuffer in
        values.withUnsafeMutableBytes { buffer in
          _ = ffgcv(
            handle, Element.fitsDataType.cfitsioCode, Int32(info.index + 1), 1, 1,
            Int64(rows * info.repeatCount), nullBuffer.baseAddress, buffer.baseAddress, &anyNull, &status)
        }
      }
      try check(status, operation)
    }
    return FITSColumn(values: values, repeatCount: info.repeatCount, rowCount: rows)
  }

  /// The cells of a logical column: 1 true, 0 false, 2 undefined.
  private func readLogical(_ info: FITSColumnInfo, rows: Int) throws -> [CChar] {
    var flags = [CChar](repeating: 0, count: rows * info.repeatCount)
    guard !flags.isEmpty else { return flags }
    let operation = "read column '\(info.name)'"
    var status: Int32 = 0
    var anyNull: Int32 = 0
    var null: CChar = 2
    ffgcv(
      try openHandle(operation), TLOGICAL, Int32(info.index + 1), 1, 1, Int64(flags.count), &null, &flags,
      &anyNull, &status)
    try check(status, operation)
    return flags
  }

  /// The string column `name`, one string per row with trailing blanks removed.
  public func readStringColumn(named name: String) throws -> [String] {
    let info = try column(named: name)
    let operation = "read column '\(info.name)'"
    guard info.type == .string, !info.isVariableLength else {
      throw failure(.typeMismatch, operation, "column '\(info.name)' has TFORM '\(info.format)', not a string")
    }
    let rows = try rowCount
    guard rows > 0 else { return [] }
    let width = max(info.repeatCount, 1) + 1
    var buffers: [UnsafeMutablePointer<CChar>?] = (0..<rows).map { _ in
      let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: width)
      buffer.initialize(repeating: 0, count: width)
      return buffer
    }
    defer { for buffer in buffers { buffer?.deallocate() } }
    var status: Int32 = 0
    var anyNull: Int32 = 0
    var null = Array("".utf8CString)
    ffgcvs(try openHandle(operation), Int32(info.index + 1), 1, 1, Int64(rows), &null, &buffers, &anyNull, &status)
    try check(status, operation)
    return buffers.map { String(cString: $0!).trimmingTrailingSpaces() }
  }

  /// Appends a binary-table HDU holding `columns` and makes it current.
  ///
  /// Every column must fill the same number of rows. In an empty file an empty primary HDU is
  /// written first (tables cannot be primary).
  public func appendBinaryTable(_ columns: [FITSTableColumn], extensionName: String? = nil) throws {
    let operation = "append binary table \(extensionName.map { "'\($0)'" } ?? "")"
    guard let rows = columns.first?.rowCount else {
      throw failure(.shapeMismatch, operation, "a table needs at least one column")
    }
    for column in columns {
      guard column.repeatCount >= 1 else {
        throw failure(.shapeMismatch, operation, "column '\(column.name)' has repeat count \(column.repeatCount)")
      }
      if case .string = column.values {
      } else if column.values.count != column.repeatCount * column.rowCount {
        throw failure(
          .shapeMismatch, operation,
          "column '\(column.name)' has \(column.values.count) values, not a multiple of its repeat count \(column.repeatCount)"
        )
      }
      guard column.rowCount == rows else {
        throw failure(
          .shapeMismatch, operation,
          "column '\(column.name)' fills \(column.rowCount) rows but '\(columns[0].name)' fills \(rows)")
      }
    }
    if try hduCount == 0 { try appendEmptyPrimary() }
    let handle = try openHandle(operation)
    let names = CStringArray(columns.map(\.name))
    let forms = CStringArray(columns.map(\.tform))
    let units = CStringArray(columns.map(\.unit))
    var status: Int32 = 0
    ffcrtb(
      handle, BINARY_TBL, Int64(rows), Int32(columns.count), &names.pointers, &forms.pointers, &units.pointers,
      extensionName, &status)
    try check(status, operation)
    for (index, column) in columns.enumerated() where rows > 0 {
      try write(column, number: Int32(index + 1), handle: handle)
    }
  }

  private func write(_ column: FITSTableColumn, number: Int32, handle: UnsafeMutablePointer<fitsfile>) throws {
    var status: Int32 = 0
    func put<T>(_ values: [T], _ code: Int32) {
      var copy = values
      copy.withUnsafeMutableBytes { buffer in
        _ = ffpcl(handle, code, number, 1, 1, Int64(values.count), buffer.baseAddress, &status)
      }
    }
    switch column.values {
    case .uint8(let values): put(values, TBYTE)
    case .int16(let values): put(values, TSHORT)
    case .int32(let values): put(values, TINT)
    case .int64(let values): put(values, TLONGLONG)
    case .float32(let values): put(values, TFLOAT)
    case .float64(let values): put(values, TDOUBLE)
    case .logical(let values): put(values.map { CChar($0 ? 1 : 0) }, TLOGICAL)
    case .string(let values):
      let strings = CStringArray(values)
      ffpcl(handle, TSTRING, number, 1, 1, Int64(values.count), &strings.pointers, &status)
    }
    try check(status, "write column '\(column.name)'")
  }

  func requireTableHDU(_ operation: String) throws {
    let type = try currentHDUType
    guard type == .binaryTable || type == .asciiTable else {
      throw failure(.wrongHDUType, operation, "HDU \(try currentHDUIndex) is an image, not a table")
    }
  }
}

extension FITSTableColumn {
  /// TFORMn for this column.
  var tform: String {
    switch values {
    case .uint8: "\(repeatCount)B"
    case .int16: "\(repeatCount)I"
    case .int32: "\(repeatCount)J"
    case .int64: "\(repeatCount)K"
    case .float32: "\(repeatCount)E"
    case .float64: "\(repeatCount)D"
    case .logical: "\(repeatCount)L"
    case .string(let strings): "\(max(1, strings.map(\.utf8.count).max() ?? 1))A"
    }
  }
}

extension FITSColumnType {
  init(cfitsio code: Int32) {
    switch code {
    case TBIT: self = .bit
    case TBYTE: self = .uint8
    case TSBYTE: self = .int8
    case TLOGICAL: self = .logical
    case TSTRING: self = .string
    case TSHORT: self = .int16
    case TUSHORT: self = .uint16
    case TINT, TLONG: self = .int32
    case TUINT, TULONG: self = .uint32
    case TLONGLONG: self = .int64
    case TULONGLONG: self = .uint64
    case TFLOAT: self = .float32
    case TDOUBLE: self = .float64
    case TCOMPLEX: self = .complex64
    case TDBLCOMPLEX: self = .complex128
    default: self = .other(code)
    }
  }
}

/// C strings for cfitsio's `char **` parameters, freed when this value is released.
final class CStringArray {
  var pointers: [UnsafeMutablePointer<CChar>?]

  init(_ strings: [String]) {
    pointers = strings.map { strdup($0) }
  }

  deinit {
    for pointer in pointers { free(pointer) }
  }
}
