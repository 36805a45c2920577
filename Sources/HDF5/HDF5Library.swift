internal import CHDF5

#if canImport(Glibc)
  import Glibc
#endif

/// One-time library set-up and the error-stack plumbing shared by every wrapper.
enum HDF5Library {
  /// Opens the library (the type and property-list globals are -1 before `H5open`).
  private static let opened: Bool = H5open() >= 0

  /// HDF5 built thread-safe keeps one error stack, with its own auto-print setting, per thread.
  /// This key marks the threads on which printing has been switched off.
  private static let silencedKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
  }()

  /// Call before any HDF5 call: opens the library once and stops HDF5 printing error stacks to
  /// stderr on the calling thread (this module throws them instead).
  static func prepare() {
    _ = opened
    if pthread_getspecific(silencedKey) == nil {
      _ = ch5_silence_errors()
      pthread_setspecific(silencedKey, UnsafeRawPointer(bitPattern: 1))
    }
  }

  /// The messages on the calling thread's error stack, outermost call first, then clears it.
  static func drainErrorStack() -> String {
    final class Lines { var lines: [String] = [] }
    let lines = Lines()
    let context = Unmanaged.passUnretained(lines).toOpaque()
    _ = H5Ewalk2(
      hid_t(H5E_DEFAULT), H5E_WALK_DOWNWARD,
      { _, description, context in
        guard let description, let context else { return 0 }
        let entry = description.pointee
        let lines = Unmanaged<Lines>.fromOpaque(context).takeUnretainedValue()
        let function = entry.func_name.map { String(cString: $0) } ?? "?"
        var text = entry.desc.map { String(cString: $0) } ?? ""
        var minor = [CChar](repeating: 0, count: 160)
        if H5Eget_msg(entry.min_num, nil, &minor, minor.count) > 0 {
          let minorText = String(nulTerminated: minor)
          text += text.isEmpty ? minorText : " (\(minorText))"
        }
        lines.lines.append("\(function)(): \(text)")
        return 0
      }, context)
    _ = H5Eclear2(hid_t(H5E_DEFAULT))
    return withExtendedLifetime(lines) {
      lines.lines.isEmpty ? "HDF5 reported a failure without a message" : lines.lines.joined(separator: "; ")
    }
  }

  static var defaultProperties: hid_t { hid_t(H5P_DEFAULT) }
}

/// Where an operation happens, for error messages.
struct HDF5Location: Sendable {
  var filePath: String
  var objectPath: String?

  func error(_ kind: HDF5Error.Kind, _ operation: String, _ message: String) -> HDF5Error {
    HDF5Error(kind: kind, filePath: filePath, objectPath: objectPath, operation: operation, message: message)
  }

  /// Throws the error stack when `value` is negative (HDF5's failure convention); returns it otherwise.
  @discardableResult
  func check<Value: BinaryInteger>(
    _ value: Value, _ operation: @autoclosure () -> String, kind: HDF5Error.Kind = .library
  ) throws -> Value {
    if value < 0 { throw error(kind, operation(), HDF5Library.drainErrorStack()) }
    return value
  }

  func child(_ name: String) -> HDF5Location {
    HDF5Location(filePath: filePath, objectPath: HDF5Location.join(objectPath ?? "/", name))
  }

  static func join(_ base: String, _ name: String) -> String {
    if name.hasPrefix("/") { return name }
    return base.hasSuffix("/") ? base + name : base + "/" + name
  }
}

/// Closes an HDF5 identifier (dataspace, datatype, property list, attribute) when released.
///
/// Always bind one to a named local (`let space = HDF5TemporaryID(...)`): a named local lives
/// until the end of its scope across C calls, whereas an unnamed temporary may be released (and
/// its identifier closed) as soon as `.id` has been read.
final class HDF5TemporaryID {
  let id: hid_t
  private let close: (hid_t) -> herr_t

  init(_ id: hid_t, close: @escaping (hid_t) -> herr_t) {
    self.id = id
    self.close = close
  }

  deinit { _ = close(id) }
}

extension String {
  /// Decodes a NUL-terminated C buffer leniently (invalid UTF-8 becomes U+FFFD).
  init(nulTerminated buffer: [CChar]) {
    self = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}
