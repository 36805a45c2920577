internal import CHDF5

/// The element types of datasets this module creates.
///
/// On disk they are stored little-endian (`H5T_IEEE_F32LE`, `H5T_STD_I64LE`, …), which is what
/// h5py and numpy use on every common machine.
public enum HDF5ElementType: Sendable, Equatable, CustomStringConvertible {
  case float32, float64, int32, int64, uint8

  /// Bytes per element.
  public var byteCount: Int {
    switch self {
    case .float32, .int32: 4
    case .float64, .int64: 8
    case .uint8: 1
    }
  }

  public var description: String {
    switch self {
    case .float32: "float32"
    case .float64: "float64"
    case .int32: "int32"
    case .int64: "int64"
    case .uint8: "uint8"
    }
  }

  /// The in-memory (native) HDF5 type.
  var memoryType: hid_t {
    switch self {
    case .float32: ch5_native_float()
    case .float64: ch5_native_double()
    case .int32: ch5_native_int32()
    case .int64: ch5_native_int64()
    case .uint8: ch5_native_uint8()
    }
  }

  /// The on-disk HDF5 type.
  var fileType: hid_t {
    switch self {
    case .float32: ch5_ieee_f32le()
    case .float64: ch5_ieee_f64le()
    case .int32: ch5_std_i32le()
    case .int64: ch5_std_i64le()
    case .uint8: ch5_std_u8le()
    }
  }

  /// The element type matching a stored HDF5 datatype, or nil for strings, compounds and other
  /// kinds. Integers and reals of other widths map to the nearest type that holds them.
  init?(storedType type: hid_t) {
    let size = H5Tget_size(type)
    switch H5Tget_class(type) {
    case H5T_FLOAT:
      self = size <= 4 ? .float32 : .float64
    case H5T_INTEGER:
      let signed = H5Tget_sign(type) != H5T_SGN_NONE
      if size == 1 && !signed {
        self = .uint8
      } else if size < 4 || (size == 4 && signed) {
        self = .int32
      } else {
        self = .int64
      }
    default:
      return nil
    }
  }
}

/// A Swift numeric type that datasets and attributes can be read into and written from.
public protocol HDF5Numeric: Sendable, Equatable {
  /// The matching element type.
  static var hdf5ElementType: HDF5ElementType { get }
  /// Zero, used to size buffers before HDF5 fills them.
  static var hdf5Zero: Self { get }
}

extension Float: HDF5Numeric {
  public static var hdf5ElementType: HDF5ElementType { .float32 }
  public static var hdf5Zero: Float { 0 }
}

extension Double: HDF5Numeric {
  public static var hdf5ElementType: HDF5ElementType { .float64 }
  public static var hdf5Zero: Double { 0 }
}

extension Int32: HDF5Numeric {
  public static var hdf5ElementType: HDF5ElementType { .int32 }
  public static var hdf5Zero: Int32 { 0 }
}

extension Int64: HDF5Numeric {
  public static var hdf5ElementType: HDF5ElementType { .int64 }
  public static var hdf5Zero: Int64 { 0 }
}

extension UInt8: HDF5Numeric {
  public static var hdf5ElementType: HDF5ElementType { .uint8 }
  public static var hdf5Zero: UInt8 { 0 }
}
