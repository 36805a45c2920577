import Foundation
import StellarPopulations

/// An isochrone set on disk: a folder (`Isochrones/<name>/`) holding `isochrones.smis`, the
/// `IsochroneSetCodec` encoding. Written to a temporary name and renamed, so a folder never holds
/// a half-written set.
public enum IsochroneSetFolder {
  public static let fileName = "isochrones.smis"

  /// Writes `set` into `folder` (created if needed).
  public static func write(_ set: IsochroneSet, to folder: String) throws {
    let folderURL = URL(fileURLWithPath: folder)
    do {
      try FileManager.default.createDirectory(at: folderURL, withIntermediateDirectories: true)
      let final = folderURL.appendingPathComponent(fileName)
      let temporary = folderURL.appendingPathComponent(".\(fileName).\(UUID().uuidString).tmp")
      try Data(IsochroneSetCodec.encode(set)).write(to: temporary)
      // rename(2) replaces an existing set atomically.
      guard rename(temporary.path, final.path) == 0 else {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: temporary)
        throw IsochroneFileError(path: final.path, rule: "cannot rename the temporary file: \(reason)")
      }
    } catch let error as IsochroneFileError {
      throw error
    } catch {
      throw IsochroneFileError(path: folder, rule: "cannot write isochrone set: \(error.localizedDescription)")
    }
  }

  /// Reads the set in `folder`.
  public static func read(from folder: String) throws -> IsochroneSet {
    let path = URL(fileURLWithPath: folder).appendingPathComponent(fileName).path
    guard let data = FileManager.default.contents(atPath: path) else {
      throw IsochroneFileError(path: path, rule: "no isochrone set here (expected \(fileName))")
    }
    return try IsochroneSetCodec.decode([UInt8](data), source: path)
  }

  /// Loads what `path` names: a set folder, or a PARSEC CMD `.dat` table read directly (all its
  /// magnitude columns, CCM89 effective-wavelength extinction ratios).
  public static func load(_ path: String) throws -> IsochroneSet {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw IsochroneFileError(path: path, rule: "no such file or folder")
    }
    if isDirectory.boolValue { return try read(from: path) }
    return try ParsecIsochroneFile.readSet(path: path)
  }
}
