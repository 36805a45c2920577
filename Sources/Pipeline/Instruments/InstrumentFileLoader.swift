import Foundation
import Rendering
import Yams

/// Reads an instrument description (YAML, e.g. `Instruments/phat.yaml`) into an `Instrument`.
///
/// Schema (snake_case keys; unknown keys are errors so typos never pass silently):
///
///     name: <string>                       required
///     pixel_scale_arcsec: <number>         image grid (arcsec); default 0.05
///     bands:                               required, non-empty list of:
///       - name: <string>                   required, unique
///         camera: <string>                 required
///         native_pixel_scale_arcsec: <n>   required, > 0
///         vega_zero_point: <n>             required (Vega mag giving 1 e⁻/s)
///         exposure_time_seconds: <n>       required, > 0
///         effective_background_electrons_per_second: <n>   K per star, ≥ 0 — or instead
///         sky_electrons_per_second_per_pixel: <n>          sky per image pixel, ≥ 0 (exactly one)
///         read_noise_electrons: <n>        required, ≥ 0 (per image-grid pixel)
///         gain_electrons_per_dn: <n>       required, > 0
///         psf_fwhm_arcsec: <n>             required, > 0
///         psf_file: <relative path>        required, relative to the file's folder
///
/// Every error is an `InstrumentFileError` naming file, line:column, field path, value and rule.
public enum InstrumentFileLoader {
  static let topLevelKeys = ["name", "pixel_scale_arcsec", "bands"]
  static let bandKeys = [
    "name", "camera", "native_pixel_scale_arcsec", "vega_zero_point",
    "exposure_time_seconds", "effective_background_electrons_per_second", "sky_electrons_per_second_per_pixel",
    "read_noise_electrons", "gain_electrons_per_dn", "psf_fwhm_arcsec", "psf_file",
  ]
  /// `InstrumentBand` field names → the file's keys (to place domain errors on their line).
  static let domainFieldKeys = [
    "name": "name", "nativePixelScaleArcsec": "native_pixel_scale_arcsec", "pixelScaleArcsec": "pixel_scale_arcsec",
    "vegaZeroPoint": "vega_zero_point", "exposureTimeSeconds": "exposure_time_seconds",
    "background.effectivePerStar": "effective_background_electrons_per_second",
    "background.perPixel": "sky_electrons_per_second_per_pixel", "readNoiseElectrons": "read_noise_electrons",
    "gainElectronsPerDataNumber": "gain_electrons_per_dn", "psfFWHMArcsec": "psf_fwhm_arcsec",
  ]

  /// Reads and validates the file at `url`.
  public static func load(from url: URL) throws(InstrumentFileError) -> LoadedInstrument {
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw InstrumentFileError(
        file: url.path, line: nil, column: nil, field: "", value: "",
        rule: "cannot read the instrument file (\(error.localizedDescription))")
    }
    return try parse(yaml: text, source: url)
  }

  /// Parses instrument YAML `yaml` as if read from `source` (which names it in errors and whose
  /// folder resolves PSF files).
  public static func parse(yaml: String, source: URL) throws(InstrumentFileError) -> LoadedInstrument {
    let reader = Reader(file: source.path)
    let folder = source.deletingLastPathComponent()
    let root: Node
    do {
      guard let node = try Yams.compose(yaml: yaml) else {
        throw reader.error(nil, "", "", "the file is empty: an instrument needs `name` and `bands`")
      }
      root = node
    } catch let error as InstrumentFileError {
      throw error
    } catch {
      throw reader.yamlError(error)
    }
    let top = try reader.fields(root, path: "", allowed: topLevelKeys)
    let name = try reader.string(top, "name")
    let gridScale = try reader.optionalNumber(top, "pixel_scale_arcsec") ?? InstrumentBand.phatDrizzledPixelScaleArcsec
    guard let bandsNode = top["bands"] else { throw reader.missing("bands", in: root, path: "") }
    guard case .sequence(let sequence) = bandsNode, !sequence.isEmpty else {
      throw reader.error(bandsNode, "bands", reader.shown(bandsNode), "must be a non-empty list of bands")
    }
    var bands: [InstrumentBand] = []
    var psfFiles: [String: URL] = [:]
    var bandNodes: [String: Node] = [:]
    for (index, bandNode) in sequence.enumerated() {
      let path = "bands[\(index)]"
      let entries = try reader.fields(bandNode, path: path, allowed: bandKeys)
      let bandName = try reader.string(entries, "name")
      let effective = try reader.optionalNumber(entries, "effective_background_electrons_per_second")
      let perPixel = try reader.optionalNumber(entries, "sky_electrons_per_second_per_pixel")
      let background: InstrumentBand.Background
      switch (effective, perPixel) {
      case (let k?, nil): background = .effectivePerStar(electronsPerSecond: k)
      case (nil, let b?): background = .perPixel(electronsPerSecond: b)
      default:
        throw reader.error(
          bandNode, path, "",
          "give exactly one of effective_background_electrons_per_second (per star) and "
            + "sky_electrons_per_second_per_pixel (per image pixel)")
      }
      let psfFile = try reader.string(entries, "psf_file")
      guard !psfFile.hasPrefix("/"), !psfFile.split(separator: "/").contains("..") else {
        throw reader.error(
          entries["psf_file"], "\(path).psf_file", psfFile,
          "must be a path inside the instrument's folder (relative, without `..`)")
      }
      do {
        let band = try InstrumentBand(
          name: bandName, camera: try reader.string(entries, "camera"),
          nativePixelScaleArcsec: try reader.number(entries, "native_pixel_scale_arcsec"),
          pixelScaleArcsec: gridScale, vegaZeroPoint: try reader.number(entries, "vega_zero_point"),
          exposureTimeSeconds: try reader.number(entries, "exposure_time_seconds"),
          background: background, readNoiseElectrons: try reader.number(entries, "read_noise_electrons"),
          gainElectronsPerDataNumber: try reader.number(entries, "gain_electrons_per_dn"),
          psfFWHMArcsec: try reader.number(entries, "psf_fwhm_arcsec"))
        bands.append(band)
      } catch let error as InstrumentError {
        let key = domainFieldKeys[error.field] ?? error.field
        if key == "pixel_scale_arcsec" {  // the instrument-wide grid, not a band field
          throw reader.error(top["pixel_scale_arcsec"], key, error.value, error.rule)
        }
        throw reader.error(entries[key] ?? bandNode, "\(path).\(key)", error.value, error.rule)
      } catch let error as InstrumentFileError {
        throw error
      } catch {
        throw reader.error(bandNode, path, "", "\(error)")
      }
      if bandNodes[bandName] == nil { bandNodes[bandName] = bandNode }
      psfFiles[bandName] = folder.appendingPathComponent(psfFile)
    }
    do {
      let instrument = try Instrument(name: name, bands: bands)
      return LoadedInstrument(instrument: instrument, psfFiles: psfFiles, source: source)
    } catch {
      // Duplicate names: point at the second occurrence.
      let index = sequence.indices.last { sequence[$0]["name"]?.string == error.band } ?? 0
      throw reader.error(sequence[index]["name"], "bands[\(index)].name", error.value, error.rule)
    }
  }
}

/// Typed access to YAML nodes that turns every mismatch into an `InstrumentFileError`.
private struct Reader {
  let file: String

  func error(_ node: Node?, _ field: String, _ value: String, _ rule: String) -> InstrumentFileError {
    InstrumentFileError(
      file: file, line: node?.mark?.line, column: node?.mark?.column, field: field, value: value, rule: rule)
  }

  func yamlError(_ error: Error) -> InstrumentFileError {
    if let yaml = error as? YamlError {
      switch yaml {
      case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
        .composer(_, let problem, let mark, _):
        return InstrumentFileError(
          file: file, line: mark.line, column: mark.column, field: "", value: "", rule: "not valid YAML: \(problem)")
      case .duplicatedKeysInMapping(let duplicates, let context):
        return InstrumentFileError(
          file: file, line: context.mark.line, column: context.mark.column,
          field: duplicates.joined(separator: ", "), value: "", rule: "a key appears twice in one mapping")
      default: break
      }
    }
    return InstrumentFileError(
      file: file, line: nil, column: nil, field: "", value: "", rule: "not valid YAML: \(error)")
  }

  func shown(_ node: Node) -> String {
    switch node {
    case .scalar(let scalar): return scalar.string
    case .mapping: return "{…}"
    case .sequence: return "[…]"
    case .alias: return "*alias"
    }
  }

  func joined(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

  func missing(_ key: String, in node: Node, path: String) -> InstrumentFileError {
    error(node, joined(path, key), "", "required field is missing")
  }

  /// The fields of the mapping at `node`, rejecting keys not in `allowed`.
  func fields(_ node: Node, path: String, allowed: [String]) throws(InstrumentFileError) -> Fields {
    guard case .mapping(let mapping) = node else {
      throw error(node, path.isEmpty ? "(top level)" : path, shown(node), "must be a mapping of `key: value` fields")
    }
    var entries: [String: Node] = [:]
    for (keyNode, valueNode) in mapping {
      guard let key = keyNode.string, allowed.contains(key) else {
        throw error(
          keyNode, joined(path, shown(keyNode)), "",
          "unknown field; allowed: \(allowed.joined(separator: ", "))")
      }
      entries[key] = valueNode
    }
    return Fields(node: node, path: path, entries: entries)
  }

  func string(_ fields: Fields, _ key: String) throws(InstrumentFileError) -> String {
    guard let node = fields[key] else { throw missing(key, in: fields.node, path: fields.path) }
    guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
      throw error(node, joined(fields.path, key), shown(node), "must be a non-empty text value")
    }
    return scalar.string
  }

  func optionalNumber(_ fields: Fields, _ key: String) throws(InstrumentFileError) -> Double? {
    guard let node = fields[key] else { return nil }
    guard case .scalar(let scalar) = node, let value = Double(scalar.string.trimmingCharacters(in: .whitespaces)),
      value.isFinite
    else {
      throw error(node, joined(fields.path, key), shown(node), "must be a finite number")
    }
    return value
  }

  func number(_ fields: Fields, _ key: String) throws(InstrumentFileError) -> Double {
    guard let value = try optionalNumber(fields, key) else { throw missing(key, in: fields.node, path: fields.path) }
    return value
  }
}

/// A mapping's fields with the mapping's node and path (for errors about missing keys).
private struct Fields {
  let node: Node
  let path: String
  let entries: [String: Node]

  subscript(key: String) -> Node? { entries[key] }
}
