internal import CHDF5

/// One source of a virtual dataset: a whole dataset in some file, placed at `destinationStart`.
public struct HDF5VirtualSource: Sendable, Equatable {
  /// The file holding the source dataset, as HDF5 will look it up when the virtual dataset is
  /// read: `.` for the same file; a relative name is searched relative to the virtual dataset's
  /// file first (HDF5 ≥ 1.10.2), so shards and their index can move together.
  public var filePath: String
  /// The source dataset's path inside its file.
  public var datasetPath: String
  /// The source dataset's extent (mapped whole).
  public var shape: [Int]
  /// Where the source's first element lands in the virtual dataset (0-based, slowest axis first).
  public var destinationStart: [Int]

  public init(filePath: String, datasetPath: String, shape: [Int], destinationStart: [Int]) {
    self.filePath = filePath
    self.datasetPath = datasetPath
    self.shape = shape
    self.destinationStart = destinationStart
  }
}

extension HDF5Group {
  /// Creates a virtual dataset of `shape` at `path` that reads its elements from `sources`
  /// (for example the `/images` of several shard files stacked along the first axis). Elements no
  /// source covers, and elements of a source file that cannot be opened when read, read as
  /// `fillValue` (0 when nil; HDF5 reports no error for a missing source file, so a NaN fill
  /// makes a vanished source visible). Sources need not exist yet; they are opened when read.
  @discardableResult
  public func createVirtualDataset<Element: HDF5Numeric>(
    _ path: String, of type: Element.Type, shape: [Int], sources: [HDF5VirtualSource], fillValue: Element? = nil
  ) throws -> HDF5Dataset {
    let operation = "create virtual dataset '\(path)' \(Element.hdf5ElementType) \(shape)"
    let target = location.child(path)
    guard !shape.isEmpty, shape.allSatisfy({ $0 >= 0 }) else {
      throw target.error(.shapeMismatch, operation, "a dataset needs at least one axis and no negative lengths")
    }
    for source in sources {
      guard source.shape.count == shape.count, source.destinationStart.count == shape.count,
        zip(zip(source.destinationStart, source.shape), shape).allSatisfy({ $0.0 >= 0 && $0.0 + $0.1 <= $1 })
      else {
        throw target.error(
          .shapeMismatch, operation,
          "source '\(source.filePath):\(source.datasetPath)' of shape \(source.shape) at \(source.destinationStart) "
            + "does not fit inside \(shape)")
      }
    }
    let id = try id(operation)
    var dims = shape.map { hsize_t($0) }
    let creation = HDF5TemporaryID(
      try target.check(H5Pcreate(ch5_p_dataset_create()), operation), close: H5Pclose)
    try target.check(H5Pset_obj_track_times(creation.id, false), operation)
    if let fill = fillValue {
      // HDF5Numeric elements are plain numbers: their bytes are the fill value.
      try withUnsafeBytes(of: fill) { bytes in
        _ = try target.check(
          H5Pset_fill_value(creation.id, Element.hdf5ElementType.memoryType, bytes.baseAddress), operation)
      }
    }
    for source in sources where !source.shape.contains(0) {
      let virtualSpace = HDF5TemporaryID(
        try target.check(H5Screate_simple(Int32(dims.count), &dims, nil), operation), close: H5Sclose)
      var start = source.destinationStart.map { hsize_t($0) }
      var count = source.shape.map { hsize_t($0) }
      try target.check(
        H5Sselect_hyperslab(virtualSpace.id, H5S_SELECT_SET, &start, nil, &count, nil), operation)
      let sourceSpace = HDF5TemporaryID(
        try target.check(H5Screate_simple(Int32(count.count), &count, nil), operation), close: H5Sclose)
      try target.check(
        H5Pset_virtual(creation.id, virtualSpace.id, source.filePath, source.datasetPath, sourceSpace.id),
        operation)
    }
    let space = HDF5TemporaryID(
      try target.check(H5Screate_simple(Int32(dims.count), &dims, nil), operation), close: H5Sclose)
    let linkProperties = try Self.intermediateGroupProperties(target)
    let datasetID = H5Dcreate2(
      id, path, Element.hdf5ElementType.fileType, space.id, linkProperties.id, creation.id,
      HDF5Library.defaultProperties)
    try target.check(datasetID, operation)
    return HDF5Dataset(id: datasetID, location: target)
  }
}
