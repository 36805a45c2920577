import Foundation

/// Finds Starmill's bundled data folders (`Isochrones/`, `Instruments/`, `Backgrounds/`,
/// `Models/`) for names used in recipes and commands.
///
/// A name that is a path to an existing file or folder is used as it is. Otherwise it is looked
/// up as `<root>/<kind>/<name>` in each search root in order: the roots the CLI passes (the
/// recipe's folder and its parent, `$STARMILL_HOME`, the current folder, and the checkout that
/// holds the running binary, e.g. `.build/release/starmill` → the repository).
public struct ResourceLocator: Sendable {
  public enum Kind: String, Sendable {
    case isochrones = "Isochrones"
    case instruments = "Instruments"
    case backgrounds = "Backgrounds"
    case models = "Models"
  }

  public var searchRoots: [String]

  public init(searchRoots: [String]) {
    var seen: Set<String> = []
    self.searchRoots = searchRoots.map { URL(fileURLWithPath: $0).standardizedFileURL.path }.filter {
      seen.insert($0).inserted
    }
  }

  /// The roots for a command run from `currentDirectory` with `executablePath`, a recipe at
  /// `recipePath` (if any) and `$STARMILL_HOME` (if set).
  public static func standard(
    recipePath: String?, home: String?, currentDirectory: String, executablePath: String
  ) -> ResourceLocator {
    var roots: [String] = []
    if let recipePath {
      let folder = URL(fileURLWithPath: recipePath, relativeTo: URL(fileURLWithPath: currentDirectory))
        .deletingLastPathComponent()
      roots += [folder.path, folder.deletingLastPathComponent().path]
    }
    if let home, !home.isEmpty { roots.append(home) }
    roots.append(currentDirectory)
    // <checkout>/.build/<triple>/<configuration>/starmill or <checkout>/.build/<configuration>/starmill
    var url = URL(fileURLWithPath: executablePath).resolvingSymlinksInPath().deletingLastPathComponent()
    for _ in 0..<4 {
      url = url.deletingLastPathComponent()
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
        roots.append(url.path)
        break
      }
    }
    return ResourceLocator(searchRoots: roots)
  }

  /// Resolves `name` of `kind`, with `fileExtension` tried for file resources (e.g. `yaml`).
  public func resolve(_ name: String, kind: Kind, fileExtension: String? = nil) -> String? {
    let fileManager = FileManager.default
    if name.contains("/") || name.hasPrefix(".") {
      return fileManager.fileExists(atPath: name) ? name : nil
    }
    for root in searchRoots {
      let base = URL(fileURLWithPath: root).appendingPathComponent(kind.rawValue)
      var candidates = [base.appendingPathComponent(name).path]
      if let fileExtension { candidates.insert(base.appendingPathComponent("\(name).\(fileExtension)").path, at: 0) }
      if let found = candidates.first(where: { fileManager.fileExists(atPath: $0) }) { return found }
    }
    return nil
  }

  /// The places `resolve` looked, for error messages.
  public func describeSearch(_ name: String, kind: Kind) -> String {
    searchRoots.map { "\($0)/\(kind.rawValue)/\(name)" }.joined(separator: ", ")
  }
}
