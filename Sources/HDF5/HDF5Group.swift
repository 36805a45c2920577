internal import CHDF5

/// The kind of object a link points to.
public enum HDF5ObjectKind: Sendable, Equatable {
  case group, dataset, other
}

/// A group: a folder of named links to groups and datasets. Paths given to its methods are
/// relative to it (`labels/log_age`) or absolute (`/labels/log_age`); missing intermediate
/// groups are created when creating objects.
public final class HDF5Group: HDF5Object {
  /// Creates the group at `path`, with any missing parents.
  @discardableResult
  public func createGroup(_ path: String) throws -> HDF5Group {
    let operation = "create group '\(path)'"
    let id = try id(operation)
    let linkProperties = try Self.intermediateGroupProperties(location)
    let creation = HDF5TemporaryID(
      try location.check(H5Pcreate(ch5_p_group_create()), operation), close: H5Pclose)
    try location.check(H5Pset_obj_track_times(creation.id, false), operation)
    let groupID = H5Gcreate2(id, path, linkProperties.id, creation.id, HDF5Library.defaultProperties)
    try location.check(groupID, operation)
    return HDF5Group(id: groupID, location: location.child(path))
  }

  /// Opens the existing group at `path`.
  public func openGroup(_ path: String) throws -> HDF5Group {
    let operation = "open group '\(path)'"
    let id = try id(operation)
    let groupID = H5Gopen2(id, path, HDF5Library.defaultProperties)
    if groupID < 0 { throw openFailure(path, operation, expected: .group) }
    return HDF5Group(id: groupID, location: location.child(path))
  }

  /// Opens the group at `path`, creating it (and its parents) when absent.
  public func group(_ path: String) throws -> HDF5Group {
    try contains(path) ? openGroup(path) : createGroup(path)
  }

  /// Whether a link exists at `path` (every component is checked, so a missing parent is false
  /// rather than an error).
  public func contains(_ path: String) throws -> Bool {
    let operation = "look up '\(path)'"
    let id = try id(operation)
    var prefix = path.hasPrefix("/") ? "/" : ""
    for component in path.split(separator: "/") {
      prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + component
      let exists = H5Lexists(id, prefix, HDF5Library.defaultProperties)
      try location.check(exists, operation)
      if exists == 0 { return false }
    }
    return true
  }

  /// The kind of object at `path`; throws `.missingObject` when nothing is there.
  public func kind(of path: String) throws -> HDF5ObjectKind {
    let operation = "inspect '\(path)'"
    guard try contains(path) else {
      throw location.child(path).error(.missingObject, operation, "no object at '\(path)'")
    }
    var info = H5O_info_t()
    try location.check(
      H5Oget_info_by_name2(try id(operation), path, &info, UInt32(H5O_INFO_BASIC), HDF5Library.defaultProperties),
      operation)
    switch info.type {
    case H5O_TYPE_GROUP: return .group
    case H5O_TYPE_DATASET: return .dataset
    default: return .other
    }
  }

  /// The names of this group's direct members, in name order.
  public func memberNames() throws -> [String] {
    let operation = "list members"
    let id = try id(operation)
    var info = H5G_info_t()
    try location.check(H5Gget_info(id, &info), operation)
    return try (0..<info.nlinks).map { index in
      let length = H5Lget_name_by_idx(
        id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, HDF5Library.defaultProperties)
      try location.check(length, operation)
      var name = [CChar](repeating: 0, count: Int(length) + 1)
      try location.check(
        H5Lget_name_by_idx(
          id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &name, name.count, HDF5Library.defaultProperties),
        operation)
      return String(nulTerminated: name)
    }
  }

  /// Creates a numeric dataset of `shape` at `path`.
  ///
  /// With `unlimitedFirstAxis` the first axis can grow (`append`, `resize`); `shape[0]` may
  /// then be 0. Such datasets, and compressed ones, are chunked: with the layout's chunk shape,
  /// or whole items along the first axis adding up to about 1 MiB when it gives none. Each
  /// dataset gets a chunk cache holding at least four chunks.
  @discardableResult
  public func createDataset<Element: HDF5Numeric>(
    _ path: String, of type: Element.Type, shape: [Int], unlimitedFirstAxis: Bool = false,
    layout: HDF5DatasetLayout = .contiguous
  ) throws -> HDF5Dataset {
    try createDataset(
      path, elementType: Element.hdf5ElementType, shape: shape, unlimitedFirstAxis: unlimitedFirstAxis,
      layout: layout)
  }

  /// Creates a numeric dataset of `shape` with the given element type at `path`.
  @discardableResult
  public func createDataset(
    _ path: String, elementType: HDF5ElementType, shape: [Int], unlimitedFirstAxis: Bool = false,
    layout: HDF5DatasetLayout = .contiguous
  ) throws -> HDF5Dataset {
    let operation = "create dataset '\(path)' \(elementType) \(shape)"
    let target = location.child(path)
    guard !shape.isEmpty, shape.allSatisfy({ $0 >= 0 }) else {
      throw target.error(.shapeMismatch, operation, "a dataset needs at least one axis and no negative lengths")
    }
    let chunked = layout.requiresChunks(unlimitedFirstAxis: unlimitedFirstAxis)
    let chunk = layout.resolvedChunkShape(
      for: shape, elementBytes: elementType.byteCount, unlimitedFirstAxis: unlimitedFirstAxis)
    if chunked {
      guard chunk.count == shape.count, chunk.allSatisfy({ $0 > 0 }) else {
        throw target.error(
          .shapeMismatch, operation, "chunk shape \(chunk) must have one positive extent per axis of \(shape)")
      }
    } else if shape.contains(0) {
      throw target.error(.shapeMismatch, operation, "a contiguous dataset cannot have an empty axis")
    }
    if let level = layout.deflateLevel, !(1...9).contains(level) {
      throw target.error(.shapeMismatch, operation, "deflate level must be 1…9, got \(level)")
    }
    let id = try id(operation)
    var dims = shape.map { hsize_t($0) }
    var maxDims = dims
    if unlimitedFirstAxis { maxDims[0] = ch5_s_unlimited() }
    let space = HDF5TemporaryID(
      try target.check(H5Screate_simple(Int32(dims.count), &dims, &maxDims), operation), close: H5Sclose)
    let creation = HDF5TemporaryID(
      try target.check(H5Pcreate(ch5_p_dataset_create()), operation), close: H5Pclose)
    // No modification times in object headers: the same content gives the same bytes.
    try target.check(H5Pset_obj_track_times(creation.id, false), operation)
    if chunked {
      var chunkDims = chunk.map { hsize_t($0) }
      try target.check(H5Pset_chunk(creation.id, Int32(chunkDims.count), &chunkDims), operation)
      if layout.shuffle { try target.check(H5Pset_shuffle(creation.id), operation) }
      if let level = layout.deflateLevel { try target.check(H5Pset_deflate(creation.id, UInt32(level)), operation) }
    }
    let access = try HDF5Dataset.accessProperties(
      chunkBytes: chunked ? chunk.reduce(elementType.byteCount, *) : 0, target)
    let linkProperties = try Self.intermediateGroupProperties(target)
    let datasetID = H5Dcreate2(
      id, path, elementType.fileType, space.id, linkProperties.id, creation.id, access.id)
    try target.check(datasetID, operation)
    return HDF5Dataset(id: datasetID, location: target)
  }

  /// Creates a dataset holding `values` with `shape` (a 1-D dataset of all values by default),
  /// stored contiguously unless `layout` says otherwise. Suited to label arrays.
  @discardableResult
  public func createDataset<Element: HDF5Numeric>(
    _ path: String, values: [Element], shape: [Int]? = nil, layout: HDF5DatasetLayout = .contiguous
  ) throws -> HDF5Dataset {
    let shape = shape ?? [values.count]
    let contiguousEmpty = values.isEmpty && !layout.requiresChunks(unlimitedFirstAxis: false)
    let dataset = try createDataset(
      path, of: Element.self, shape: shape, unlimitedFirstAxis: contiguousEmpty, layout: layout)
    try dataset.write(values)
    return dataset
  }

  /// Creates a 1-D dataset of variable-length UTF-8 strings (h5py reads them as `str`/bytes).
  @discardableResult
  public func createStringDataset(_ path: String, values: [String]) throws -> HDF5Dataset {
    let operation = "create string dataset '\(path)'"
    let target = location.child(path)
    let id = try id(operation)
    let type = try HDF5StringType.variableUTF8(target)
    var dims = [hsize_t(values.count)]
    var maxDims = [ch5_s_unlimited()]
    let space = HDF5TemporaryID(
      try target.check(H5Screate_simple(1, &dims, &maxDims), operation), close: H5Sclose)
    let creation = HDF5TemporaryID(
      try target.check(H5Pcreate(ch5_p_dataset_create()), operation), close: H5Pclose)
    // No modification times in object headers: the same content gives the same bytes.
    try target.check(H5Pset_obj_track_times(creation.id, false), operation)
    var chunk = [hsize_t(max(1, min(values.count, 4096)))]
    try target.check(H5Pset_chunk(creation.id, 1, &chunk), operation)
    let linkProperties = try Self.intermediateGroupProperties(target)
    let datasetID = H5Dcreate2(
      id, path, type.id, space.id, linkProperties.id, creation.id, HDF5Library.defaultProperties)
    try target.check(datasetID, operation)
    let dataset = HDF5Dataset(id: datasetID, location: target)
    try dataset.writeStrings(values)
    return dataset
  }

  /// Opens the dataset at `path`, giving it a chunk cache that holds at least four of its chunks.
  public func openDataset(_ path: String) throws -> HDF5Dataset {
    let operation = "open dataset '\(path)'"
    let id = try id(operation)
    let probe = H5Dopen2(id, path, HDF5Library.defaultProperties)
    if probe < 0 { throw openFailure(path, operation, expected: .dataset) }
    let target = location.child(path)
    let chunkBytes = HDF5Dataset.chunkBytes(of: probe)
    guard chunkBytes * 4 > HDF5File.chunkCacheBytes else {
      return HDF5Dataset(id: probe, location: target)
    }
    _ = H5Dclose(probe)
    let access = try HDF5Dataset.accessProperties(chunkBytes: chunkBytes, target)
    let datasetID = H5Dopen2(id, path, access.id)
    try target.check(datasetID, operation)
    return HDF5Dataset(id: datasetID, location: target)
  }

  /// An error for a failed open: `.missingObject` when nothing is at `path`, `.typeMismatch` when
  /// something of another kind is, with HDF5's own messages either way.
  private func openFailure(_ path: String, _ operation: String, expected: HDF5ObjectKind) -> HDF5Error {
    let message = HDF5Library.drainErrorStack()
    let target = location.child(path)
    guard (try? contains(path)) == true else {
      return target.error(.missingObject, operation, "no object at '\(path)': \(message)")
    }
    let actual = (try? kind(of: path)).map { "\($0)" } ?? "unknown"
    return target.error(.typeMismatch, operation, "'\(path)' is a \(actual), not a \(expected): \(message)")
  }

  static func intermediateGroupProperties(_ location: HDF5Location) throws -> HDF5TemporaryID {
    let properties = HDF5TemporaryID(
      try location.check(H5Pcreate(ch5_p_link_create()), "create link properties"), close: H5Pclose)
    try location.check(H5Pset_create_intermediate_group(properties.id, 1), "create link properties")
    return properties
  }
}
