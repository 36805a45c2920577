import FITS
import Foundation
import Photometry

/// Reads the Castelli & Kurucz (2004) ATLAS9 grid as distributed in STScI CDBS `ck04models/`:
/// one folder per metallicity (`ckm25` … `ckp05`), one FITS file per T_eff
/// (`ckp00_5750.fits`), each a binary table with `WAVELENGTH` (Å) and one surface-F_λ column per
/// log g (`g00` … `g50`); all-zero columns are models that do not exist.
///
/// [M/H] and T_eff come from each file's `LOG_Z` and `TEFF` header keywords. Every file must
/// share one wavelength grid and every folder the same temperatures (checked; the error names
/// the file). Only the needed columns are read, as Float32, as stored.
public enum CastelliKuruczGridReader {
  /// The log g columns of the CDBS tables.
  public static let gravityColumns = (0...10).map { String(format: "g%02d", $0 * 5) }

  /// [M/H] of a CDBS metallicity folder name (`ckm25` → −2.5, `ckp02` → +0.2), or nil.
  public static func metallicity(folderName: String) -> Double? {
    guard folderName.count == 5, folderName.hasPrefix("ck"), let tenths = Double(folderName.suffix(2)) else {
      return nil
    }
    switch folderName.dropFirst(2).first {
    case "m": return -tenths / 10
    case "p": return tenths / 10
    default: return nil
    }
  }

  /// Reads every `ck*/ck*_*.fits` under `folder` (the `ck04models` directory), or only the
  /// metallicity folders inside `metallicities` (reading fewer folders is proportionally faster;
  /// a star outside the loaded range gets the clamped [M/H]). Each file's `LOG_Z` must agree
  /// with its folder name.
  public static func read(folder: URL, metallicities range: ClosedRange<Double>? = nil) throws -> AtmosphereGrid {
    let fileManager = FileManager.default
    let metallicityFolders: [URL]
    do {
      metallicityFolders = try fileManager.contentsOfDirectory(
        at: folder, includingPropertiesForKeys: [.isDirectoryKey]
      )
      .filter { folder in
        guard let value = metallicity(folderName: folder.lastPathComponent), folder.hasDirectoryPath else {
          return false
        }
        return range.map { $0.contains(value) } ?? true
      }
    } catch {
      throw PhotometryDataError.unreadable(file: folder.path, reason: error.localizedDescription)
    }
    guard !metallicityFolders.isEmpty else {
      throw PhotometryDataError.unreadable(
        file: folder.path, reason: "no ck{m,p}NN metallicity folders" + (range.map { " in [M/H] \($0)" } ?? ""))
    }
    struct Table {
      var metallicity: Double
      var temperature: Double
      var fluxes: [[Float]]  // per log g column
      var exists: [Bool]
    }
    var tables: [Table] = []
    var wavelengths: [Double]? = nil
    var wavelengthSource = ""
    for metallicityFolder in metallicityFolders {
      let files = try fileManager.contentsOfDirectory(at: metallicityFolder, includingPropertiesForKeys: nil)
        .filter { $0.pathExtension == "fits" && $0.lastPathComponent.contains("_") }
      for file in files {
        let fits = try FITSFile(openingAtPath: file.path)
        guard let temperature = try fits.double(forKey: "TEFF"), let metallicity = try fits.double(forKey: "LOG_Z")
        else {
          throw PhotometryDataError.inconsistentGrid(file: file.path, rule: "primary header needs TEFF and LOG_Z")
        }
        guard metallicity == Self.metallicity(folderName: metallicityFolder.lastPathComponent) else {
          throw PhotometryDataError.inconsistentGrid(
            file: file.path,
            rule: "LOG_Z = \(metallicity) disagrees with the folder name \(metallicityFolder.lastPathComponent)")
        }
        _ = try fits.move(to: .index(1))
        let fileWavelengths = try fits.readColumn(named: "WAVELENGTH")
        if let reference = wavelengths {
          guard reference == fileWavelengths else {
            throw PhotometryDataError.inconsistentGrid(
              file: file.path, rule: "wavelength grid differs from \(wavelengthSource) (\(reference.count) points)")
          }
        } else {
          wavelengths = fileWavelengths
          wavelengthSource = file.path
        }
        var fluxes: [[Float]] = []
        var exists: [Bool] = []
        for column in gravityColumns {
          let values = try fits.readColumn(named: column, as: Float.self)
          exists.append(values.contains { $0 != 0 })
          fluxes.append(values)
        }
        tables.append(Table(metallicity: metallicity, temperature: temperature, fluxes: fluxes, exists: exists))
      }
    }
    let metallicities = Array(Set(tables.map(\.metallicity))).sorted()
    let temperatures = Array(Set(tables.map(\.temperature))).sorted()
    let gravities = (0...10).map { Double($0) * 0.5 }
    guard tables.count == metallicities.count * temperatures.count else {
      throw PhotometryDataError.inconsistentGrid(
        file: folder.path,
        rule: "\(tables.count) tables for \(metallicities.count) metallicities × \(temperatures.count) temperatures: "
          + "every metallicity folder must hold the same temperatures")
    }
    tables.sort { ($0.metallicity, $0.temperature) < ($1.metallicity, $1.temperature) }
    for (index, table) in tables.enumerated()
    where table.metallicity != metallicities[index / temperatures.count]
      || table.temperature != temperatures[index % temperatures.count]
    {
      throw PhotometryDataError.inconsistentGrid(
        file: folder.path,
        rule: "[M/H] = \(table.metallicity), T_eff = \(table.temperature) K is duplicated or another node is missing")
    }
    let wavelengthCount = wavelengths!.count
    var flat = [Float]()
    flat.reserveCapacity(tables.count * gravities.count * wavelengthCount)
    var exists = [Bool]()
    for table in tables {
      for (column, values) in table.fluxes.enumerated() {
        flat += values
        exists.append(table.exists[column])
      }
    }
    do {
      return try AtmosphereGrid(
        name: "Castelli & Kurucz 2004 (\(folder.lastPathComponent))", wavelengthsAngstrom: wavelengths!,
        metallicities: metallicities, effectiveTemperatures: temperatures, surfaceGravities: gravities, fluxes: flat,
        modelExists: exists)
    } catch let error as PhotometryError {
      throw PhotometryDataError.invalidContent(file: folder.path, underlying: error)
    }
  }
}
