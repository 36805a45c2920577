/// The stored type of a table column (TFORMn, after TZEROn is taken into account).
public enum FITSColumnType: Sendable, Equatable {
  case bit, uint8, int8, logical, string, int16, uint16, int32, uint32, int64, uint64
  case float32, float64, complex64, complex128
  /// A type code this module does not name.
  case other(Int32)

  /// Whether `readColumn` can convert the column to numbers.
  public var isNumeric: Bool {
    switch self {
    case .uint8, .int8, .logical, .int16, .uint16, .int32, .uint32, .int64, .uint64, .float32, .float64: true
    default: false
    }
  }
}

/// What a table column holds.
public struct FITSColumnInfo: Sendable, Equatable {
  /// 0-based position in the table.
  public var index: Int
  /// TTYPEn.
  public var name: String
  /// TUNITn, empty when absent.
  public var unit: String
  /// TFORMn as written, e.g. `1E`, `16A`, `3D`.
  public var format: String
  /// The stored element type.
  public var type: FITSColumnType
  /// Elements per row (the `r` of `rT`); 1 for a scalar column. For strings, the characters per row.
  public var repeatCount: Int
  /// Whether the column is a variable-length array (`P`/`Q` descriptors), which is not read here.
  public var isVariableLength: Bool
}

/// A numeric column read from a table: `rowCount × repeatCount` values, row-major (all elements of
/// row 0, then row 1, …).
public struct FITSColumn<Element: FITSNumeric>: Sendable, Equatable {
  public var values: [Element]
  public var repeatCount: Int
  public var rowCount: Int

  public init(values: [Element], repeatCount: Int, rowCount: Int) {
    precondition(values.count == repeatCount * rowCount, "column values do not fill rows × repeat")
    self.values = values
    self.repeatCount = repeatCount
    self.rowCount = rowCount
  }

  /// The elements of one 0-based row.
  public subscript(row row: Int) -> ArraySlice<Element> {
    values[(row * repeatCount)..<((row + 1) * repeatCount)]
  }
}

/// A column to write into a new binary table.
public struct FITSTableColumn: Sendable {
  /// The column's data, in one of the types FITS binary tables store.
  public enum Values: Sendable, Equatable {
    case uint8([UInt8])
    case int16([Int16])
    case int32([Int32])
    case int64([Int64])
    case float32([Float])
    case float64([Double])
    case logical([Bool])
    case string([String])

    var count: Int {
      switch self {
      case .uint8(let values): values.count
      case .int16(let values): values.count
      case .int32(let values): values.count
      case .int64(let values): values.count
      case .float32(let values): values.count
      case .float64(let values): values.count
      case .logical(let values): values.count
      case .string(let values): values.count
      }
    }
  }

  public var name: String
  public var unit: String
  /// Elements per row; the values hold `rows × repeatCount` elements, row-major. Ignored for
  /// strings (one string per row, width set by the longest).
  public var repeatCount: Int
  public var values: Values

  public init(name: String, values: Values, repeatCount: Int = 1, unit: String = "") {
    self.name = name
    self.values = values
    self.repeatCount = repeatCount
    self.unit = unit
  }

  /// A numeric column of any `FITSNumeric` type.
  public init<Element: FITSNumeric>(name: String, numbers: [Element], repeatCount: Int = 1, unit: String = "") {
    let values: Values =
      switch Element.fitsDataType {
      case .uint8: .uint8(numbers as! [UInt8])
      case .int16: .int16(numbers as! [Int16])
      case .int32: .int32(numbers as! [Int32])
      case .int64: .int64(numbers as! [Int64])
      case .float32: .float32(numbers as! [Float])
      case .float64: .float64(numbers as! [Double])
      }
    self.init(name: name, values: values, repeatCount: repeatCount, unit: unit)
  }

  /// The number of rows these values fill.
  var rowCount: Int {
    if case .string = values { return values.count }
    return repeatCount > 0 ? values.count / repeatCount : 0
  }
}
