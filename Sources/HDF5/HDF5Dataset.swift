internal import CHDF5

/// A dataset: an N-dimensional array of one element type, read and written whole or by
/// hyperslab (a box given by a 0-based `start` and a `count` per axis, slowest axis first).
///
/// Values are row-major (last axis fastest), matching numpy/h5py. Writes require the Swift type
/// to match the stored element type; reads convert between numeric types as HDF5 does.
public final class HDF5Dataset: HDF5Object {
  /// The current extent of each axis.
  public var shape: [Int] {
    get throws { try extent("read shape").current }
  }

  /// The maximum extent of each axis; nil for an unlimited axis.
  public var maxShape: [Int?] {
    get throws {
      try extent("read maximum shape").maximum.map { $0 == ch5_s_unlimited() ? nil : Int($0) }
    }
  }

  /// The stored numeric element type; nil for strings and other non-numeric types.
  public var elementType: HDF5ElementType? {
    get throws {
      let type = try storedType("read element type")
      return HDF5ElementType(storedType: type.id)
    }
  }

  /// Whether the dataset holds strings.
  public var holdsStrings: Bool {
    get throws {
      let type = try storedType("read element type")
      return H5Tget_class(type.id) == H5T_STRING
    }
  }

  /// The chunk extent per axis, or nil for a contiguous dataset.
  public var chunkShape: [Int]? {
    get throws {
      let operation = "read chunk shape"
      let properties = HDF5TemporaryID(
        try location.check(H5Dget_create_plist(try id(operation)), operation), close: H5Pclose)
      guard H5Pget_layout(properties.id) == H5D_CHUNKED else { return nil }
      var dims = [hsize_t](repeating: 0, count: 32)
      let rank = try location.check(H5Pget_chunk(properties.id, 32, &dims), operation)
      return dims.prefix(Int(rank)).map { Int($0) }
    }
  }

  // MARK: - Reading

  /// Every element, converted to `Element`.
  public func read<Element: HDF5Numeric>(as type: Element.Type) throws -> [Element] {
    let shape = try shape
    return try read(as: type, start: shape.map { _ in 0 }, count: shape)
  }

  /// The box of `count` elements per axis starting at `start`, converted to `Element`.
  public func read<Element: HDF5Numeric>(as type: Element.Type, start: [Int], count: [Int]) throws -> [Element] {
    let operation = "read \(Element.hdf5ElementType) start \(start) count \(count)"
    let id = try id(operation)
    guard try elementType != nil else {
      throw location.error(
        .typeMismatch, operation, "the dataset holds \(try storedTypeName()), not numbers")
    }
    var values = [Element](repeating: Element.hdf5Zero, count: count.reduce(1, *))
    guard !values.isEmpty else { return [] }
    let (memory, file) = try selection(start: start, count: count, operation)
    let status = values.withUnsafeMutableBytes { buffer in
      H5Dread(
        id, Element.hdf5ElementType.memoryType, memory.id, file.id, HDF5Library.defaultProperties,
        buffer.baseAddress)
    }
    try location.check(status, operation)
    return values
  }

  /// Item `index` along the first axis (e.g. one image `[bands, y, x]` of `[N, bands, y, x]`).
  public func readItem<Element: HDF5Numeric>(_ index: Int, as type: Element.Type) throws -> [Element] {
    try readItems(index..<(index + 1), as: type)
  }

  /// Items `range` along the first axis, row-major.
  public func readItems<Element: HDF5Numeric>(_ range: Range<Int>, as type: Element.Type) throws -> [Element] {
    let shape = try shape
    return try read(
      as: type, start: [range.lowerBound] + shape.dropFirst().map { _ in 0 },
      count: [range.count] + shape.dropFirst())
  }

  /// Every string of a 1-D string dataset (variable-length or fixed-length).
  public func readStrings() throws -> [String] {
    let operation = "read strings"
    let id = try id(operation)
    guard try holdsStrings else {
      throw location.error(.typeMismatch, operation, "the dataset holds \(try storedTypeName()), not strings")
    }
    let stored = try storedType(operation)
    let count = try shape.reduce(1, *)
    guard count > 0 else { return [] }
    let space = HDF5TemporaryID(try location.check(H5Dget_space(id), operation), close: H5Sclose)
    return try HDF5StringType.read(
      stored: stored.id, count: count, space: space.id, location, operation
    ) { memoryType, buffer in
      H5Dread(id, memoryType, H5S_ALL, H5S_ALL, HDF5Library.defaultProperties, buffer)
    }
  }

  // MARK: - Writing

  /// Writes every element; `values.count` must equal the product of `shape`.
  public func write<Element: HDF5Numeric>(_ values: [Element]) throws {
    let shape = try shape
    try write(values, start: shape.map { _ in 0 }, count: shape)
  }

  /// Writes the box of `count` elements per axis starting at `start`.
  public func write<Element: HDF5Numeric>(_ values: [Element], start: [Int], count: [Int]) throws {
    try values.withUnsafeBufferPointer { try write($0, start: start, count: count) }
  }

  /// Writes the box of `count` elements per axis starting at `start` from memory the caller
  /// owns (no copy; e.g. a slice of a larger batch via `withUnsafeBufferPointer`).
  public func write<Element: HDF5Numeric>(_ values: UnsafeBufferPointer<Element>, start: [Int], count: [Int]) throws {
    let operation = "write \(Element.hdf5ElementType) start \(start) count \(count)"
    let id = try id(operation)
    let stored = try elementType
    guard stored == Element.hdf5ElementType else {
      let storedName = try storedTypeName()
      throw location.error(
        .typeMismatch, operation, "the dataset stores \(storedName), not \(Element.hdf5ElementType)")
    }
    guard values.count == count.reduce(1, *) else {
      throw location.error(
        .shapeMismatch, operation, "\(values.count) values given for a box of \(count.reduce(1, *)) elements")
    }
    guard let address = values.baseAddress, !values.isEmpty else { return }
    let (memory, file) = try selection(start: start, count: count, operation)
    let status = H5Dwrite(
      id, Element.hdf5ElementType.memoryType, memory.id, file.id, HDF5Library.defaultProperties, address)
    try location.check(status, operation)
  }

  /// Writes one whole chunk — the chunk that starts at `start`, every axis a multiple of the
  /// chunk extent — straight to the file as raw bytes (`H5Dwrite_chunk`): no selection, type
  /// conversion or chunk cache, the cheapest way to write data already laid out as a chunk
  /// (a shard's one-image chunks). The stored bytes are those `write(_:start:count:)` stores.
  ///
  /// Throws `.typeMismatch` unless the stored type is `Element`'s in native byte order, and
  /// `.shapeMismatch` unless the dataset is chunked without filters (use `write` for compressed
  /// datasets), `start` is chunk-aligned inside the shape, and `values` holds exactly one chunk
  /// (a chunk running past the shape's edge is written whole, as HDF5 stores it).
  public func writeChunk<Element: HDF5Numeric>(_ values: UnsafeBufferPointer<Element>, start: [Int]) throws {
    let operation = "write chunk of \(Element.hdf5ElementType) at \(start)"
    let id = try id(operation)
    let stored = try storedType(operation)
    let native = HDF5TemporaryID(
      try location.check(H5Tcopy(Element.hdf5ElementType.memoryType), operation), close: H5Tclose)
    guard try location.check(H5Tequal(stored.id, native.id), operation) > 0 else {
      throw location.error(
        .typeMismatch, operation,
        "a raw chunk needs the stored type to be \(Element.hdf5ElementType) in native byte order; "
          + "the dataset stores \(try storedTypeName())")
    }
    let properties = HDF5TemporaryID(try location.check(H5Dget_create_plist(id), operation), close: H5Pclose)
    guard H5Pget_layout(properties.id) == H5D_CHUNKED else {
      throw location.error(.shapeMismatch, operation, "the dataset is not chunked")
    }
    guard try location.check(H5Pget_nfilters(properties.id), operation) == 0 else {
      throw location.error(
        .shapeMismatch, operation, "the dataset has filters (compression): raw chunks would bypass them")
    }
    var dims = [hsize_t](repeating: 0, count: 32)
    let rank = Int(try location.check(H5Pget_chunk(properties.id, 32, &dims), operation))
    let chunk = dims.prefix(rank).map { Int($0) }
    let shape = try shape
    guard start.count == rank,
      zip(zip(start, chunk), shape).allSatisfy({ $0.0 >= 0 && $0.0 < $1 && $0.0 % $0.1 == 0 })
    else {
      throw location.error(
        .shapeMismatch, operation, "start \(start) is not a chunk corner (chunk \(chunk)) inside the shape \(shape)")
    }
    guard values.count == chunk.reduce(1, *) else {
      throw location.error(
        .shapeMismatch, operation, "\(values.count) values given for a chunk of \(chunk.reduce(1, *)) elements")
    }
    guard let address = values.baseAddress else { return }
    var offset = start.map { hsize_t($0) }
    try location.check(
      H5Dwrite_chunk(
        id, HDF5Library.defaultProperties, 0, &offset, values.count * MemoryLayout<Element>.stride, address),
      operation)
  }

  /// Grows the first axis by `values.count / itemSize` items and writes them there, where an
  /// item is one slice along the first axis (`shape.dropFirst()`). Returns the items' indices.
  ///
  /// Appending whole chunks at a time is fastest; the chunk cache makes smaller batches fine.
  @discardableResult
  public func append<Element: HDF5Numeric>(_ values: [Element]) throws -> Range<Int> {
    try values.withUnsafeBufferPointer { try append($0) }
  }

  /// Appends items from memory the caller owns (no copy); see `append(_:)` for arrays.
  @discardableResult
  public func append<Element: HDF5Numeric>(_ values: UnsafeBufferPointer<Element>) throws -> Range<Int> {
    let operation = "append \(Element.hdf5ElementType)"
    let shape = try shape
    let itemSize = shape.dropFirst().reduce(1, *)
    guard itemSize > 0, values.count % itemSize == 0 else {
      throw location.error(
        .shapeMismatch, operation,
        "\(values.count) values are not a whole number of items of shape \(Array(shape.dropFirst()))")
    }
    let added = values.count / itemSize
    try resize([shape[0] + added] + shape.dropFirst())
    try write(values, start: [shape[0]] + shape.dropFirst().map { _ in 0 }, count: [added] + shape.dropFirst())
    return shape[0]..<(shape[0] + added)
  }

  /// Changes the extent (within the maximum shape; only chunked datasets can change).
  public func resize(_ newShape: [Int]) throws {
    let operation = "resize to \(newShape)"
    let id = try id(operation)
    let rank = try shape.count
    guard newShape.count == rank, newShape.allSatisfy({ $0 >= 0 }) else {
      throw location.error(.shapeMismatch, operation, "the dataset has rank \(rank)")
    }
    var dims = newShape.map { hsize_t($0) }
    try location.check(H5Dset_extent(id, &dims), operation)
  }

  /// Replaces the contents of a 1-D string dataset with `values` (resizing it).
  public func writeStrings(_ values: [String]) throws {
    let operation = "write strings"
    let id = try id(operation)
    guard try holdsStrings else {
      throw location.error(.typeMismatch, operation, "the dataset holds \(try storedTypeName()), not strings")
    }
    if try shape != [values.count] { try resize([values.count]) }
    guard !values.isEmpty else { return }
    let type = try HDF5StringType.variableUTF8(location)
    _ = try HDF5StringType.withCStrings(values) { pointers in
      try location.check(
        H5Dwrite(id, type.id, H5S_ALL, H5S_ALL, HDF5Library.defaultProperties, pointers), operation)
    }
  }

  // MARK: - Internals

  private func extent(_ operation: String) throws -> (current: [Int], maximum: [hsize_t]) {
    let space = HDF5TemporaryID(try location.check(H5Dget_space(try id(operation)), operation), close: H5Sclose)
    let rank = try location.check(H5Sget_simple_extent_ndims(space.id), operation)
    var dims = [hsize_t](repeating: 0, count: Int(rank))
    var maximum = [hsize_t](repeating: 0, count: Int(rank))
    try location.check(H5Sget_simple_extent_dims(space.id, &dims, &maximum), operation)
    return (dims.map { Int($0) }, maximum)
  }

  private func storedType(_ operation: String) throws -> HDF5TemporaryID {
    HDF5TemporaryID(try location.check(H5Dget_type(try id(operation)), operation), close: H5Tclose)
  }

  private func storedTypeName() throws -> String {
    let type = try storedType("read element type")
    switch H5Tget_class(type.id) {
    case H5T_STRING: return "strings"
    case H5T_COMPOUND: return "compound records"
    case H5T_INTEGER, H5T_FLOAT: return HDF5ElementType(storedType: type.id).map { "\($0)" } ?? "numbers"
    default: return "a non-numeric type"
    }
  }

  /// The memory and file dataspaces for a box, after checking it lies inside the dataset.
  private func selection(start: [Int], count: [Int], _ operation: String) throws -> (HDF5TemporaryID, HDF5TemporaryID) {
    let shape = try shape
    guard start.count == shape.count, count.count == shape.count,
      zip(zip(start, count), shape).allSatisfy({ $0.0 >= 0 && $0.1 >= 0 && $0.0 + $0.1 <= $1 })
    else {
      throw location.error(
        .shapeMismatch, operation, "start \(start) count \(count) is not inside the dataset's shape \(shape)")
    }
    let id = try id(operation)
    let file = HDF5TemporaryID(try location.check(H5Dget_space(id), operation), close: H5Sclose)
    var startDims = start.map { hsize_t($0) }
    var countDims = count.map { hsize_t($0) }
    try location.check(
      H5Sselect_hyperslab(file.id, H5S_SELECT_SET, &startDims, nil, &countDims, nil), operation)
    let memory = HDF5TemporaryID(
      try location.check(H5Screate_simple(Int32(countDims.count), &countDims, nil), operation), close: H5Sclose)
    return (memory, file)
  }

  /// Bytes per chunk of an open dataset, or 0 when it is not chunked.
  static func chunkBytes(of id: hid_t) -> Int {
    let properties = H5Dget_create_plist(id)
    guard properties >= 0 else { return 0 }
    defer { _ = H5Pclose(properties) }
    guard H5Pget_layout(properties) == H5D_CHUNKED else { return 0 }
    var dims = [hsize_t](repeating: 0, count: 32)
    let rank = H5Pget_chunk(properties, 32, &dims)
    let type = H5Dget_type(id)
    guard rank > 0, type >= 0 else { return 0 }
    defer { _ = H5Tclose(type) }
    return dims.prefix(Int(rank)).reduce(H5Tget_size(type)) { $0 * Int($1) }
  }

  /// Dataset-access properties whose chunk cache holds at least four chunks of `chunkBytes`
  /// (never less than the file default), so partial writes of compressed chunks do not re-read
  /// and re-compress a chunk per write (interop guide, pitfall 9).
  static func accessProperties(chunkBytes: Int, _ location: HDF5Location) throws -> HDF5TemporaryID {
    let access = HDF5TemporaryID(
      try location.check(H5Pcreate(ch5_p_dataset_access()), "create dataset-access properties"), close: H5Pclose)
    if chunkBytes * 4 > HDF5File.chunkCacheBytes {
      try location.check(
        H5Pset_chunk_cache(access.id, HDF5File.chunkCacheSlots, chunkBytes * 4, 0.75), "set chunk cache")
    }
    return access
  }
}
