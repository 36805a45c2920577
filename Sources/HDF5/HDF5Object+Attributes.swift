internal import CHDF5

extension HDF5Object {
  /// Writes attribute `name`, replacing any attribute of that name.
  public func setAttribute(_ name: String, _ value: HDF5AttributeValue) throws {
    let operation = "write attribute '\(name)'"
    let id = try id(operation)
    let exists = try location.check(H5Aexists(id, name), operation)
    if exists > 0 { try location.check(H5Adelete(id, name), operation) }
    switch value {
    case .string(let text): try writeStrings(name, [text], scalar: true, operation)
    case .strings(let texts): try writeStrings(name, texts, scalar: false, operation)
    case .double(let number): try writeNumbers(name, [number], scalar: true, operation)
    case .float(let number): try writeNumbers(name, [number], scalar: true, operation)
    case .int64(let number): try writeNumbers(name, [number], scalar: true, operation)
    case .int32(let number): try writeNumbers(name, [number], scalar: true, operation)
    case .uint8(let number): try writeNumbers(name, [number], scalar: true, operation)
    case .doubles(let numbers): try writeNumbers(name, numbers, scalar: false, operation)
    case .floats(let numbers): try writeNumbers(name, numbers, scalar: false, operation)
    case .int64s(let numbers): try writeNumbers(name, numbers, scalar: false, operation)
    case .int32s(let numbers): try writeNumbers(name, numbers, scalar: false, operation)
    case .uint8s(let numbers): try writeNumbers(name, numbers, scalar: false, operation)
    }
  }

  /// Whether attribute `name` exists.
  public func hasAttribute(_ name: String) throws -> Bool {
    let operation = "look up attribute '\(name)'"
    return try location.check(H5Aexists(try id(operation), name), operation) > 0
  }

  /// Removes attribute `name`; throws `.missingObject` when absent.
  public func deleteAttribute(_ name: String) throws {
    let operation = "delete attribute '\(name)'"
    guard try hasAttribute(name) else { throw missingAttribute(name, operation) }
    try location.check(H5Adelete(try id(operation), name), operation)
  }

  /// The names of all attributes, in name order.
  public func attributeNames() throws -> [String] {
    let operation = "list attributes"
    let id = try id(operation)
    var info = H5O_info_t()
    try location.check(H5Oget_info2(id, &info, UInt32(H5O_INFO_NUM_ATTRS)), operation)
    return try (0..<info.num_attrs).map { index in
      let length = H5Aget_name_by_idx(
        id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, HDF5Library.defaultProperties)
      try location.check(length, operation)
      var name = [CChar](repeating: 0, count: Int(length) + 1)
      try location.check(
        H5Aget_name_by_idx(
          id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &name, name.count, HDF5Library.defaultProperties),
        operation)
      return String(nulTerminated: name)
    }
  }

  /// Attribute `name`, or nil when absent.
  public func attribute(_ name: String) throws -> HDF5AttributeValue? {
    let operation = "read attribute '\(name)'"
    guard try hasAttribute(name) else { return nil }
    let attribute = HDF5TemporaryID(
      try location.check(H5Aopen(try id(operation), name, HDF5Library.defaultProperties), operation),
      close: H5Aclose)
    let type = HDF5TemporaryID(try location.check(H5Aget_type(attribute.id), operation), close: H5Tclose)
    let space = HDF5TemporaryID(try location.check(H5Aget_space(attribute.id), operation), close: H5Sclose)
    let spaceClass = H5Sget_simple_extent_type(space.id)
    let scalar = spaceClass == H5S_SCALAR
    let count = spaceClass == H5S_NULL ? 0 : Int(try location.check(H5Sget_simple_extent_npoints(space.id), operation))
    if H5Tget_class(type.id) == H5T_STRING {
      let strings =
        count == 0
        ? []
        : try HDF5StringType.read(stored: type.id, count: count, space: space.id, location, operation) {
          H5Aread(attribute.id, $0, $1)
        }
      return scalar ? .string(strings.first ?? "") : .strings(strings)
    }
    guard let elementType = HDF5ElementType(storedType: type.id) else {
      throw location.error(.typeMismatch, operation, "attribute '\(name)' is neither numeric nor a string")
    }
    func read<T: HDF5Numeric>(_: T.Type) throws -> [T] {
      var values = [T](repeating: T.hdf5Zero, count: count)
      guard count > 0 else { return [] }
      let status = values.withUnsafeMutableBytes {
        H5Aread(attribute.id, T.hdf5ElementType.memoryType, $0.baseAddress)
      }
      try location.check(status, operation)
      return values
    }
    switch elementType {
    case .float64:
      let values = try read(Double.self)
      return scalar ? .double(values[0]) : .doubles(values)
    case .float32:
      let values = try read(Float.self)
      return scalar ? .float(values[0]) : .floats(values)
    case .int64:
      let values = try read(Int64.self)
      return scalar ? .int64(values[0]) : .int64s(values)
    case .int32:
      let values = try read(Int32.self)
      return scalar ? .int32(values[0]) : .int32s(values)
    case .uint8:
      let values = try read(UInt8.self)
      return scalar ? .uint8(values[0]) : .uint8s(values)
    }
  }

  /// The string attribute `name`; throws `.missingObject` when absent, `.typeMismatch` when not
  /// a string.
  public func stringAttribute(_ name: String) throws -> String {
    try typedAttribute(name, "a string") { $0.stringValue }
  }

  /// The numeric scalar attribute `name` as a Double.
  public func doubleAttribute(_ name: String) throws -> Double {
    try typedAttribute(name, "a numeric scalar") { $0.doubleValue }
  }

  /// The integer scalar attribute `name`.
  public func intAttribute(_ name: String) throws -> Int {
    try typedAttribute(name, "an integer scalar") { $0.intValue }
  }

  /// The numeric attribute `name` (array or scalar) as Doubles.
  public func doublesAttribute(_ name: String) throws -> [Double] {
    try typedAttribute(name, "numeric") { $0.doublesValue }
  }

  /// The string attribute `name` (array or scalar) as strings.
  public func stringsAttribute(_ name: String) throws -> [String] {
    try typedAttribute(name, "strings") { $0.stringsValue }
  }

  private func typedAttribute<T>(_ name: String, _ wanted: String, _ convert: (HDF5AttributeValue) -> T?) throws
    -> T
  {
    let operation = "read attribute '\(name)'"
    guard let value = try attribute(name) else { throw missingAttribute(name, operation) }
    guard let converted = convert(value) else {
      throw location.error(.typeMismatch, operation, "attribute '\(name)' is \(value), not \(wanted)")
    }
    return converted
  }

  private func missingAttribute(_ name: String, _ operation: String) -> HDF5Error {
    let known = (try? attributeNames())?.joined(separator: ", ") ?? "unknown"
    return location.error(.missingObject, operation, "no attribute '\(name)' (attributes: \(known))")
  }

  private func space(count: Int, scalar: Bool, _ operation: String) throws -> HDF5TemporaryID {
    if scalar { return HDF5TemporaryID(try location.check(H5Screate(H5S_SCALAR), operation), close: H5Sclose) }
    if count == 0 { return HDF5TemporaryID(try location.check(H5Screate(H5S_NULL), operation), close: H5Sclose) }
    var dims = [hsize_t(count)]
    return HDF5TemporaryID(try location.check(H5Screate_simple(1, &dims, nil), operation), close: H5Sclose)
  }

  private func writeNumbers<T: HDF5Numeric>(_ name: String, _ values: [T], scalar: Bool, _ operation: String)
    throws
  {
    let space = try space(count: values.count, scalar: scalar, operation)
    let attribute = HDF5TemporaryID(
      try location.check(
        H5Acreate2(
          try id(operation), name, T.hdf5ElementType.fileType, space.id, HDF5Library.defaultProperties,
          HDF5Library.defaultProperties), operation), close: H5Aclose)
    guard !values.isEmpty else { return }
    let status = values.withUnsafeBytes { H5Awrite(attribute.id, T.hdf5ElementType.memoryType, $0.baseAddress) }
    try location.check(status, operation)
  }

  private func writeStrings(_ name: String, _ values: [String], scalar: Bool, _ operation: String) throws {
    let type = try HDF5StringType.variableUTF8(location)
    let space = try space(count: values.count, scalar: scalar, operation)
    let attribute = HDF5TemporaryID(
      try location.check(
        H5Acreate2(
          try id(operation), name, type.id, space.id, HDF5Library.defaultProperties, HDF5Library.defaultProperties),
        operation), close: H5Aclose)
    guard !values.isEmpty else { return }
    _ = try HDF5StringType.withCStrings(values) { pointers in
      try location.check(H5Awrite(attribute.id, type.id, pointers), operation)
    }
  }
}
