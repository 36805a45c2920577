import Foundation

/// Which shared library a code address belongs to, read from the kernel's map of this process
/// (`/proc/self/maps`, Linux). Used to prove that `cblas_sgemm` is OpenBLAS's and not
/// libgslcblas's (../shared/docs/swift-c-interop.md, pitfall 5); this is introspection of the
/// running process, not data input.
public enum MappedFiles {
  /// One mapping: `[start, end)` of file `path` (nil for anonymous mappings).
  public struct Mapping: Sendable, Equatable {
    public let start: UInt
    public let end: UInt
    public let permissions: String
    public let path: String?

    public init(start: UInt, end: UInt, permissions: String, path: String?) {
      self.start = start
      self.end = end
      self.permissions = permissions
      self.path = path
    }
  }

  /// Parses the text of `/proc/<pid>/maps` (lines `start-end perms offset dev inode [path]`).
  public static func parse(_ maps: String) -> [Mapping] {
    maps.split(separator: "\n").compactMap { line in
      let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
      guard fields.count >= 5 else { return nil }
      let range = fields[0].split(separator: "-")
      guard range.count == 2, let start = UInt(range[0], radix: 16), let end = UInt(range[1], radix: 16) else {
        return nil
      }
      let path = fields.count == 6 ? fields[5].trimmingCharacters(in: .whitespaces) : nil
      return Mapping(start: start, end: end, permissions: String(fields[1]), path: path)
    }
  }

  /// This process's mappings now (empty where `/proc` is unavailable).
  public static func current() -> [Mapping] {
    // /proc files report size 0, and String(contentsOfFile:) stops early on them: read to EOF.
    guard let data = FileHandle(forReadingAtPath: "/proc/self/maps")?.readDataToEndOfFile() else { return [] }
    return parse(String(decoding: data, as: UTF8.self))
  }

  /// The file mapped at `address` in this process, if any.
  public static func path(containing address: UnsafeRawPointer) -> String? {
    let value = UInt(bitPattern: address)
    return current().first { $0.start <= value && value < $0.end }?.path
  }

  /// The library that provides the `cblas_sgemm` this module calls: OpenBLAS's
  /// (".../openblas-pthread/libopenblasp-r0.3.21.so" on Debian 12) or, wrongly, libgslcblas.
  public static var sgemmProvider: String? { path(containing: OpenBLAS.boundSGEMMAddress) }
}
