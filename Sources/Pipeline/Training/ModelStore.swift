import Foundation
import HDF5
import Network

/// Reads and writes model files (`RegressionModel+HDF5`) by path. Writes are atomic: the file is
/// written under a temporary name beside the target and renamed when complete.
public enum ModelStore {
  public static func load(_ path: String) throws -> RegressionModel {
    guard FileManager.default.fileExists(atPath: path) else {
      throw NetworkError.modelFile(path: path, problem: "no such file")
    }
    let file: HDF5File
    do {
      file = try HDF5File(openingAtPath: path)
    } catch {
      throw NetworkError.modelFile(path: path, problem: "not a readable HDF5 file (\(error))")
    }
    return try RegressionModel(reading: file.root, path: path)
  }

  public static func save(_ model: RegressionModel, to path: String, extra: ((HDF5Group) throws -> Void)? = nil) throws
  {
    try atomically(path) { temporary in
      let file = try HDF5File(creatingAtPath: temporary)
      try model.write(to: file.root)
      try extra?(file.root)
      try file.close()
    }
  }

  /// Runs `write` on a temporary path beside `path`, then renames it over `path`.
  static func atomically(_ path: String, _ write: (String) throws -> Void) throws {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent().path
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
      .path
    do {
      try write(temporary)
      guard rename(temporary, path) == 0 else {
        throw TrainingError.checkpoint(
          path: path, problem: "cannot rename \(temporary): \(String(cString: strerror(errno)))")
      }
    } catch {
      try? FileManager.default.removeItem(atPath: temporary)
      throw error
    }
  }
}
