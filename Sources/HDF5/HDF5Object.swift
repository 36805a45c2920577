internal import CHDF5

/// A group or dataset in an open HDF5 file: something with a path that can carry attributes.
///
/// The identifier is released by `close()` or, failing that, when the object is released.
/// Objects are not `Sendable`: HDF5 serialises every call behind one global lock, so threads gain
/// nothing by sharing them; give each task its own.
public class HDF5Object {
  var rawID: hid_t?
  let location: HDF5Location

  init(id: hid_t, location: HDF5Location) {
    self.rawID = id
    self.location = location
  }

  deinit {
    if let rawID {
      HDF5Library.prepare()
      if H5Oclose(rawID) < 0 { _ = HDF5Library.drainErrorStack() }
    }
  }

  /// The file this object lives in.
  public var filePath: String { location.filePath }

  /// The object's absolute path inside the file (`/`, `/labels`, `/images`).
  public var path: String { location.objectPath ?? "/" }

  /// Releases the identifier; later calls throw `.closed`. Closing twice does nothing.
  public func close() throws {
    guard let rawID else { return }
    self.rawID = nil
    HDF5Library.prepare()
    try location.check(H5Oclose(rawID), "close")
  }

  /// Whether `close()` has been called.
  public var isClosed: Bool { rawID == nil }

  /// The live identifier, preparing the library for a call; throws `.closed` after `close()`.
  func id(_ operation: @autoclosure () -> String) throws -> hid_t {
    guard let rawID else { throw location.error(.closed, operation(), "the object was closed") }
    HDF5Library.prepare()
    return rawID
  }
}
