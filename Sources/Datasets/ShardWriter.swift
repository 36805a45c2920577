import Foundation
import HDF5

/// Writes one complete shard atomically: the file is written under a temporary name in the
/// destination folder, flushed, synced and renamed, so the folder never holds a partial shard.
/// An interrupted write leaves at most a `.<name>.tmp-<host>-<pid>` file, which
/// `removeStaleTemporaryFiles` deletes on resume. The host name keeps writers on different nodes
/// of a cluster, which may share a pid, from sharing a temporary file on a shared file system.
public enum ShardWriter {
  public static let temporaryMarker = ".tmp-"

  /// Writes `observations` (sample `metadata.firstSample + k` at position k) to `path`: the
  /// temporary file is written, synced and renamed before this returns.
  public static func write(_ observations: [Observation], metadata: ShardMetadata, to path: String) throws {
    try writeUnpublished(observations, metadata: metadata, to: path).publish()
  }

  /// Writes `observations` to the temporary file of `path` and returns it unpublished: the file
  /// is complete but not yet synced to the disk nor renamed to `path`, which
  /// `UnpublishedShard.publish()` does (on another thread, if the caller has computing to do
  /// meanwhile: the sync only waits for the disk). Nothing is left behind if the write fails.
  public static func writeUnpublished(
    _ observations: [Observation], metadata: ShardMetadata, to path: String
  ) throws -> UnpublishedShard {
    guard observations.count == metadata.sampleCount else {
      throw ShardError(path: path, problem: "\(observations.count) observations for \(metadata.sampleCount) samples")
    }
    let writer = try ShardStreamWriter(metadata: metadata, path: path)
    for observation in observations { try writer.append(observation) }
    return try writer.finish()
  }

  /// The temporary file `path` is written under until it is published: `.<name>.tmp-<host>-<pid>`
  /// in the same folder.
  static func temporaryPath(of path: String) -> String {
    let url = URL(fileURLWithPath: path)
    return url.deletingLastPathComponent()
      .appendingPathComponent(".\(url.lastPathComponent)\(temporaryMarker)\(hostName)-\(getpid())").path
  }

  /// Deletes temporary files left by interrupted writers in `directory`.
  public static func removeStaleTemporaryFiles(in directory: String) {
    removeStaleTemporaryFiles(in: directory) { _ in true }
  }

  /// Deletes temporary files left by interrupted writers of the shards named in `shardNames`
  /// only: the other tasks of a partitioned run may be writing theirs into the same folder.
  public static func removeStaleTemporaryFiles(in directory: String, of shardNames: Set<String>) {
    removeStaleTemporaryFiles(in: directory) { shardNames.contains($0) }
  }

  /// The shard a temporary file name `.<name>.h5.tmp-…` belongs to, or nil for other names.
  public static func shardName(ofTemporaryFile name: String) -> String? {
    guard name.hasPrefix("."), let marker = name.range(of: ".h5\(temporaryMarker)") else { return nil }
    return String(name[name.index(after: name.startIndex)..<marker.lowerBound]) + ".h5"
  }

  private static func removeStaleTemporaryFiles(in directory: String, where owned: (String) -> Bool) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
    for name in names {
      guard let shard = shardName(ofTemporaryFile: name), owned(shard) else { continue }
      try? FileManager.default.removeItem(atPath: (directory as NSString).appendingPathComponent(name))
    }
  }

  /// This machine's host name (no lookups), with `/` made safe for a file name.
  private static let hostName: String = {
    var buffer = [CChar](repeating: 0, count: 256)
    guard gethostname(&buffer, buffer.count - 1) == 0 else { return "host" }
    let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    return name.isEmpty ? "host" : name.replacingOccurrences(of: "/", with: "_")
  }()
}

/// A shard written completely under its temporary name (`ShardWriter.writeUnpublished`), not yet
/// synced nor renamed: until `publish()` succeeds the folder holds no file under `path`, so an
/// interruption leaves only the temporary file, which a resumed run deletes and rewrites.
public struct UnpublishedShard: Sendable {
  /// The shard's final path.
  public let path: String
  let temporaryPath: String

  /// Syncs the temporary file to the disk and renames it to `path` (atomic on POSIX file
  /// systems). On failure the temporary file is deleted and the error thrown.
  public func publish() throws {
    do {
      let handle = try FileHandle(forUpdating: URL(fileURLWithPath: temporaryPath))
      try handle.synchronize()
      try handle.close()
      guard rename(temporaryPath, path) == 0 else {
        throw ShardError(path: path, problem: "cannot rename \(temporaryPath): \(String(cString: strerror(errno)))")
      }
    } catch {
      try? FileManager.default.removeItem(atPath: temporaryPath)
      throw error
    }
  }
}
