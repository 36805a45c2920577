internal import CFITSIO
import Foundation

/// An open FITS file: a sequence of header-data units (HDUs), one of which is current.
///
/// Reading and writing act on the current HDU; `move(to:)` selects it by 0-based index or by
/// EXTNAME. HDU indices are 0-based here (the primary HDU is 0); cfitsio's 1-based numbering stays
/// inside this module. Image shapes are in C order (slowest axis first, `[nz, ny, nx]`; NAXIS1 is
/// the last entry).
///
/// The handle is closed by `close()` or, failing that, when the object is released. A `FITSFile`
/// is not `Sendable`: use one per task (cfitsio is reentrant for distinct handles).
public final class FITSFile {
  /// How an existing file is opened.
  public enum Mode: Sendable {
    case readOnly, readWrite
  }

  /// The path given when the file was opened or created.
  public let path: String
  var handle: UnsafeMutablePointer<fitsfile>?

  private init(path: String, handle: UnsafeMutablePointer<fitsfile>) {
    self.path = path
    self.handle = handle
  }

  /// Opens an existing file. The primary HDU (index 0) is current.
  ///
  /// cfitsio's extended file-name syntax is disabled: the path is taken literally.
  public convenience init(openingAtPath path: String, mode: Mode = .readOnly) throws {
    var status: Int32 = 0
    var pointer: UnsafeMutablePointer<fitsfile>?
    // ffdkopn opens the file by its literal name (no "[ext]" or filter syntax).
    ffdkopn(&pointer, path, mode == .readOnly ? READONLY : READWRITE, &status)
    guard status == 0, let pointer else {
      throw FITSError.fromStatus(status, kind: .openFailed, path: path, operation: "open")
    }
    self.init(path: path, handle: pointer)
  }

  /// Creates a new, empty file, replacing any file already at `path` when `overwrite` is true.
  public convenience init(creatingAtPath path: String, overwrite: Bool = true) throws {
    var status: Int32 = 0
    var pointer: UnsafeMutablePointer<fitsfile>?
    if overwrite, FileManager.default.fileExists(atPath: path) {
      do {
        try FileManager.default.removeItem(atPath: path)
      } catch {
        throw FITSError(
          kind: .openFailed, path: path, operation: "create",
          message: "cannot replace the existing file: \(error.localizedDescription)")
      }
    }
    // ffdkinit takes the name literally (no "!", "[ext]" or filter syntax).
    ffdkinit(&pointer, path, &status)
    guard status == 0, let pointer else {
      throw FITSError.fromStatus(status, kind: .openFailed, path: path, operation: "create")
    }
    self.init(path: path, handle: pointer)
  }

  deinit {
    if let handle {
      var status: Int32 = 0
      ffclos(handle, &status)
      if status != 0 { FITSError.drainMessages() }
    }
  }

  /// Flushes and closes the file; later calls on this object throw `.closed`.
  /// Closing twice is allowed and does nothing.
  public func close() throws {
    guard let handle else { return }
    self.handle = nil
    var status: Int32 = 0
    ffclos(handle, &status)
    try check(status, "close")
  }

  /// Writes buffered changes to disk without closing.
  public func flush() throws {
    var status: Int32 = 0
    ffflus(try openHandle("flush"), &status)
    try check(status, "flush")
  }

  /// Whether `close()` has been called.
  public var isClosed: Bool { handle == nil }

  // MARK: - Status handling

  func openHandle(_ operation: @autoclosure () -> String) throws -> UnsafeMutablePointer<fitsfile> {
    guard let handle else {
      throw FITSError(kind: .closed, path: path, operation: operation(), message: "the file is closed")
    }
    return handle
  }

  func check(
    _ status: Int32, _ operation: @autoclosure () -> String, kind: FITSError.Kind = .library
  ) throws {
    if status != 0 {
      throw FITSError.fromStatus(status, kind: kind, path: path, operation: operation())
    }
  }

  func failure(_ kind: FITSError.Kind, _ operation: String, _ message: String) -> FITSError {
    FITSError(kind: kind, path: path, operation: operation, message: message)
  }
}

extension FITSError {
  /// Builds an error from a cfitsio status, draining cfitsio's error-message stack.
  static func fromStatus(_ status: Int32, kind: Kind, path: String?, operation: String) -> FITSError {
    var text = [CChar](repeating: 0, count: Int(FLEN_STATUS) + 1)
    ffgerr(status, &text)
    var message = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    let stack = drainMessages()
    if !stack.isEmpty { message += " [" + stack.joined(separator: "; ") + "]" }
    return FITSError(kind: kind, path: path, operation: operation, status: status, message: message)
  }

  /// Pops and returns every message on cfitsio's error stack (oldest first).
  @discardableResult
  static func drainMessages() -> [String] {
    var messages: [String] = []
    var buffer = [CChar](repeating: 0, count: Int(FLEN_ERRMSG) + 1)
    while ffgmsg(&buffer) > 0 {
      let line = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      let trimmed = line.trimmingSpaces()
      if !trimmed.isEmpty { messages.append(trimmed) }
      if messages.count > 20 { break }
    }
    return messages
  }
}

extension String {
  /// The string without leading and trailing blanks (FITS pads with spaces).
  func trimmingSpaces() -> String {
    let scalars = unicodeScalars
    guard let first = scalars.firstIndex(where: { $0 != " " }) else { return "" }
    let last = scalars.lastIndex(where: { $0 != " " })!
    return String(scalars[first...last])
  }

  /// Decodes a NUL-terminated C buffer, replacing bytes that are not UTF-8 (FITS headers are
  /// meant to be ASCII, but real files carry stray Latin-1 bytes).
  init(fitsBuffer buffer: [CChar]) {
    self = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
