internal import CHDF5

/// An open HDF5 file. Its groups, datasets and attributes are reached through `root`; the file's
/// own attributes are the root group's (as in h5py's `File.attrs`).
///
/// `close()` flushes and closes, reporting any failure; if it is never called the file is closed
/// when the object is released. HDF5 keeps the file itself open while datasets or groups opened
/// from it are still alive, so close those first when the close status matters.
public final class HDF5File {
  /// How an existing file is opened.
  public enum Mode: Sendable {
    case readOnly, readWrite
  }

  /// The path given when the file was opened or created.
  public let path: String
  /// The root group `/`.
  public let root: HDF5Group
  private var rawID: hid_t?

  /// Raw-data chunk cache for every dataset of the file (HDF5's default is 1 MiB per dataset,
  /// which re-reads and re-compresses chunks on each partial write; see the interop guide,
  /// pitfall 9). Datasets whose chunks are larger get a bigger cache of their own.
  static let chunkCacheBytes = 32 << 20
  static let chunkCacheSlots = 12_421  // a prime, ~100 × the chunks of 256 KiB that fit

  /// Creates a file; an existing file is replaced when `overwrite` is true and refused otherwise.
  public convenience init(creatingAtPath path: String, overwrite: Bool = true) throws {
    HDF5Library.prepare()
    let location = HDF5Location(filePath: path, objectPath: nil)
    let access = try Self.fileAccessProperties(location)
    // No modification times in object headers: the same content gives the same bytes.
    let creation = HDF5TemporaryID(
      try location.check(H5Pcreate(ch5_p_file_create()), "create file-creation properties"), close: H5Pclose)
    try location.check(H5Pset_obj_track_times(creation.id, false), "disable time tracking")
    let id = H5Fcreate(path, overwrite ? ch5_f_acc_trunc() : ch5_f_acc_excl(), creation.id, access.id)
    try location.check(id, "create file", kind: .openFailed)
    try self.init(path: path, id: id)
  }

  /// Opens an existing file.
  public convenience init(openingAtPath path: String, mode: Mode = .readOnly) throws {
    HDF5Library.prepare()
    let location = HDF5Location(filePath: path, objectPath: nil)
    let access = try Self.fileAccessProperties(location)
    let id = H5Fopen(path, mode == .readOnly ? ch5_f_acc_rdonly() : ch5_f_acc_rdwr(), access.id)
    try location.check(id, "open file", kind: .openFailed)
    try self.init(path: path, id: id)
  }

  private init(path: String, id: hid_t) throws {
    self.path = path
    self.rawID = id
    let location = HDF5Location(filePath: path, objectPath: "/")
    let rootID = H5Gopen2(id, "/", HDF5Library.defaultProperties)
    if rootID < 0 {
      let message = HDF5Library.drainErrorStack()
      _ = H5Fclose(id)
      throw location.error(.openFailed, "open root group", message)
    }
    self.root = HDF5Group(id: rootID, location: location)
  }

  deinit {
    if let rawID {
      HDF5Library.prepare()
      try? root.close()
      if H5Fclose(rawID) < 0 { _ = HDF5Library.drainErrorStack() }
    }
  }

  /// Writes everything buffered for this file to disk.
  public func flush() throws {
    let id = try liveID("flush")
    try location.check(H5Fflush(id, H5F_SCOPE_LOCAL), "flush")
  }

  /// Flushes and closes the file; later calls throw `.closed`. Closing twice does nothing.
  public func close() throws {
    guard let rawID else { return }
    HDF5Library.prepare()
    defer { self.rawID = nil }
    let flushed = H5Fflush(rawID, H5F_SCOPE_LOCAL)
    let flushMessage = flushed < 0 ? HDF5Library.drainErrorStack() : nil
    try? root.close()
    let closed = H5Fclose(rawID)
    if let flushMessage { throw location.error(.library, "flush before close", flushMessage) }
    try location.check(closed, "close file")
  }

  /// Whether `close()` has been called.
  public var isClosed: Bool { rawID == nil }

  private var location: HDF5Location { HDF5Location(filePath: path, objectPath: nil) }

  private func liveID(_ operation: String) throws -> hid_t {
    guard let rawID else { throw location.error(.closed, operation, "the file was closed") }
    HDF5Library.prepare()
    return rawID
  }

  private static func fileAccessProperties(_ location: HDF5Location) throws -> HDF5TemporaryID {
    let access = HDF5TemporaryID(
      try location.check(H5Pcreate(ch5_p_file_access()), "create file-access properties"), close: H5Pclose)
    try location.check(
      H5Pset_cache(access.id, 0, chunkCacheSlots, chunkCacheBytes, 0.75), "set chunk cache")
    return access
  }
}
