import Foundation

/// Locates the project's checkout and the read-only `../shared` folder beside it.
///
/// Tests that read `../shared` must skip cleanly where it is absent (a user's fresh clone):
/// use `@Test(.enabled(if: SharedData.isAvailable, "needs ../shared"))`.
public enum SharedData {
  /// The repository root (the folder holding Package.swift), found from this file's path.
  public static let repositoryRoot: URL = {
    URL(fileURLWithPath: #filePath)  // Tests/StarmillTestSupport/SharedData.swift
      .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  }()

  /// `$STARMILL_SHARED` if set, else `../shared` beside the repository; nil when absent.
  public static let root: URL? = {
    let fileManager = FileManager.default
    if let override = ProcessInfo.processInfo.environment["STARMILL_SHARED"], !override.isEmpty {
      return fileManager.fileExists(atPath: override) ? URL(fileURLWithPath: override) : nil
    }
    let sibling = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
    return fileManager.fileExists(atPath: sibling.appendingPathComponent("data").path) ? sibling : nil
  }()

  public static var isAvailable: Bool { root != nil }

  /// `../shared/data/<relativePath>`; call only from tests gated on `isAvailable`.
  public static func data(_ relativePath: String) -> URL {
    root!.appendingPathComponent("data").appendingPathComponent(relativePath)
  }

  /// `../shared/fixtures/<relativePath>`; call only from tests gated on `isAvailable`.
  public static func fixture(_ relativePath: String) -> URL {
    root!.appendingPathComponent("fixtures").appendingPathComponent(relativePath)
  }
}

/// A fresh temporary directory for one test, removed by the caller with `remove()`.
public struct TemporaryDirectory: Sendable {
  public let url: URL
  public init(_ label: String = "starmill-test") throws {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("\(label)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }
  public func path(_ name: String) -> String { url.appendingPathComponent(name).path }
  public func remove() { try? FileManager.default.removeItem(at: url) }
}
