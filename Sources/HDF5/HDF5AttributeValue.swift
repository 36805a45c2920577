/// The value of an attribute: a scalar, a string, or a small 1-D array.
///
/// Strings are written as variable-length UTF-8 (h5py reads them as `str`). Reading maps stored
/// types to the nearest case: reals of 4 bytes to `.float`, wider to `.double`; unsigned bytes
/// to `.uint8`; other integers to `.int32` when they fit, else `.int64`. A dataspace of rank 0 is
/// a scalar, anything else an array (flattened).
public enum HDF5AttributeValue: Sendable, Equatable {
  case string(String)
  case double(Double)
  case float(Float)
  case int64(Int64)
  case int32(Int32)
  case uint8(UInt8)
  case strings([String])
  case doubles([Double])
  case floats([Float])
  case int64s([Int64])
  case int32s([Int32])
  case uint8s([UInt8])

  /// A scalar as a Double (nil for strings and arrays).
  public var doubleValue: Double? {
    switch self {
    case .double(let value): value
    case .float(let value): Double(value)
    case .int64(let value): Double(value)
    case .int32(let value): Double(value)
    case .uint8(let value): Double(value)
    default: nil
    }
  }

  /// An integer scalar as an Int (nil for reals, strings and arrays).
  public var intValue: Int? {
    switch self {
    case .int64(let value): Int(value)
    case .int32(let value): Int(value)
    case .uint8(let value): Int(value)
    default: nil
    }
  }

  /// Any numeric value, scalar or array, as Doubles (nil for strings).
  public var doublesValue: [Double]? {
    switch self {
    case .doubles(let values): values
    case .floats(let values): values.map(Double.init)
    case .int64s(let values): values.map(Double.init)
    case .int32s(let values): values.map(Double.init)
    case .uint8s(let values): values.map(Double.init)
    default: doubleValue.map { [$0] }
    }
  }

  /// A string scalar (nil otherwise).
  public var stringValue: String? {
    if case .string(let text) = self { return text }
    return nil
  }

  /// A string array, or a string scalar as a one-element array (nil otherwise).
  public var stringsValue: [String]? {
    switch self {
    case .strings(let values): values
    case .string(let value): [value]
    default: nil
    }
  }
}
