internal import CHDF5

#if canImport(Glibc)
  import Glibc
#endif

/// String datatypes: writing variable-length UTF-8, reading variable- or fixed-length strings.
enum HDF5StringType {
  /// A variable-length UTF-8 string type (what h5py writes for `str`).
  static func variableUTF8(_ location: HDF5Location) throws -> HDF5TemporaryID {
    let type = HDF5TemporaryID(try location.check(H5Tcopy(ch5_c_s1()), "make string type"), close: H5Tclose)
    try location.check(H5Tset_size(type.id, ch5_variable()), "make string type")
    try location.check(H5Tset_cset(type.id, H5T_CSET_UTF8), "make string type")
    return type
  }

  /// Calls `body` with a buffer of `char *` pointers to copies of `strings`.
  static func withCStrings<Result>(_ strings: [String], _ body: (UnsafeRawPointer) throws -> Result) rethrows
    -> Result
  {
    let pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { for pointer in pointers { free(pointer) } }
    return try pointers.withUnsafeBytes { try body($0.baseAddress!) }
  }

  /// Reads `count` strings stored with type `stored` through `reader`, which performs the
  /// H5Dread/H5Aread into the buffer it is given using the memory type it is given.
  static func read(
    stored: hid_t, count: Int, space: hid_t, _ location: HDF5Location, _ operation: String,
    reader: (hid_t, UnsafeMutableRawPointer) -> herr_t
  ) throws -> [String] {
    let memory = HDF5TemporaryID(try location.check(H5Tcopy(stored), operation), close: H5Tclose)
    if try location.check(H5Tis_variable_str(stored), operation) > 0 {
      var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: count)
      let status = pointers.withUnsafeMutableBytes { reader(memory.id, $0.baseAddress!) }
      try location.check(status, operation)
      let strings = pointers.map { $0.map { decode(UnsafeRawBufferPointer(start: $0, count: strlen($0))) } ?? "" }
      _ = pointers.withUnsafeMutableBytes {
        H5Dvlen_reclaim(memory.id, space, HDF5Library.defaultProperties, $0.baseAddress)
      }
      return strings
    }
    let width = H5Tget_size(stored)
    guard width > 0 else { return Array(repeating: "", count: count) }
    var bytes = [UInt8](repeating: 0, count: width * count)
    let status = bytes.withUnsafeMutableBytes { reader(memory.id, $0.baseAddress!) }
    try location.check(status, operation)
    return (0..<count).map { index in
      var cell = bytes[(index * width)..<((index + 1) * width)]
      if let end = cell.firstIndex(of: 0) { cell = cell[..<end] }
      while cell.last == 0x20 { cell = cell.dropLast() }
      return String(decoding: cell, as: UTF8.self)
    }
  }

  private static func decode(_ bytes: UnsafeRawBufferPointer) -> String {
    String(decoding: bytes, as: UTF8.self)
  }
}
