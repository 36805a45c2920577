internal import CFITSIO

/// The numeric element types this module reads and writes.
public enum FITSDataType: Sendable, Equatable {
  case uint8, int16, int32, int64, float32, float64

  /// cfitsio's datatype code for in-memory arrays of this type.
  var cfitsioCode: Int32 {
    switch self {
    case .uint8: TBYTE
    case .int16: TSHORT
    case .int32: TINT
    case .int64: TLONGLONG
    case .float32: TFLOAT
    case .float64: TDOUBLE
    }
  }

  /// The FITS BITPIX of an image stored in this type.
  var bitpix: Int32 {
    switch self {
    case .uint8: BYTE_IMG
    case .int16: SHORT_IMG
    case .int32: LONG_IMG
    case .int64: LONGLONG_IMG
    case .float32: FLOAT_IMG
    case .float64: DOUBLE_IMG
    }
  }

  /// The binary-table TFORM letter for a column of this type.
  var tformLetter: String {
    switch self {
    case .uint8: "B"
    case .int16: "I"
    case .int32: "J"
    case .int64: "K"
    case .float32: "E"
    case .float64: "D"
    }
  }
}

/// A Swift numeric type that FITS images and table columns can be read into or written from.
///
/// cfitsio converts between the stored type and this one, applying BSCALE/BZERO (images) or
/// TSCALn/TZEROn (columns) and swapping bytes from FITS big-endian order.
public protocol FITSNumeric: Sendable, Equatable {
  /// The FITS type matching this Swift type's memory layout.
  static var fitsDataType: FITSDataType { get }
  /// The zero value, used to size buffers before cfitsio fills them.
  static var fitsZero: Self { get }
  /// The value undefined pixels and cells read as: NaN for floating point; 0 for integers,
  /// which cfitsio takes to mean "no null checking" (raw BLANK/TNULL values come through).
  static var fitsNull: Self { get }
  /// The value one: logical columns read as 1 (true) and 0 (false).
  static var fitsOne: Self { get }
}

extension UInt8: FITSNumeric {
  public static var fitsDataType: FITSDataType { .uint8 }
  public static var fitsZero: UInt8 { 0 }
  public static var fitsNull: UInt8 { 0 }
  public static var fitsOne: UInt8 { 1 }
}

extension Int16: FITSNumeric {
  public static var fitsDataType: FITSDataType { .int16 }
  public static var fitsZero: Int16 { 0 }
  public static var fitsNull: Int16 { 0 }
  public static var fitsOne: Int16 { 1 }
}

extension Int32: FITSNumeric {
  public static var fitsDataType: FITSDataType { .int32 }
  public static var fitsZero: Int32 { 0 }
  public static var fitsNull: Int32 { 0 }
  public static var fitsOne: Int32 { 1 }
}

extension Int64: FITSNumeric {
  public static var fitsDataType: FITSDataType { .int64 }
  public static var fitsZero: Int64 { 0 }
  public static var fitsNull: Int64 { 0 }
  public static var fitsOne: Int64 { 1 }
}

extension Float: FITSNumeric {
  public static var fitsDataType: FITSDataType { .float32 }
  public static var fitsZero: Float { 0 }
  public static var fitsNull: Float { .nan }
  public static var fitsOne: Float { 1 }
}

extension Double: FITSNumeric {
  public static var fitsDataType: FITSDataType { .float64 }
  public static var fitsZero: Double { 0 }
  public static var fitsNull: Double { .nan }
  public static var fitsOne: Double { 1 }
}
