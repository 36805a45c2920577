import Foundation
import Photometry
import Pipeline
import StarmillTestSupport

/// The PARSEC rows the acceptance tests compare against, read with a minimal column extraction
/// (the full parser lives in StellarPopulations; this independent reader keeps the test cheap:
/// the 35 MB file is scanned once and only every `stride`-th data row is split into fields).
struct ParsecRows {
  static let bandColumns = ["Umag", "Bmag", "Vmag", "Rmag", "Imag", "Jmag", "Hmag", "Kmag"]
  var stars: [StellarParameters] = []
  var labels: [Int] = []
  /// PARSEC magnitudes per band (order of `bandColumns`), `[band][row]`.
  var magnitudes: [[Double]] = Array(repeating: [], count: 8)
  /// `mbolmag`, to check the bolometric scale.
  var bolometric: [Double] = []

  init(path: String, stride: Int) throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    var columnIndex: [String: Int] = [:]
    var dataRow = 0
    data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
      let bytes = raw.bindMemory(to: UInt8.self)
      let base = bytes.baseAddress!
      var lineStart = 0
      while lineStart < bytes.count {
        // memchr keeps the 35 MB scan fast even in a debug build.
        let newline = memchr(base + lineStart, Int32(UInt8(ascii: "\n")), bytes.count - lineStart)
        let lineEnd = newline.map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? bytes.count
        defer { lineStart = lineEnd + 1 }
        guard lineEnd > lineStart else { continue }
        let line = UnsafeBufferPointer(rebasing: bytes[lineStart..<lineEnd])
        if line[0] == UInt8(ascii: "#") || columnIndex.isEmpty {
          var fields = String(decoding: line, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" })
          if fields.first == "#" { fields.removeFirst() }
          if columnIndex.isEmpty, fields.first == "Zini" || fields.first == "#Zini" {
            for (index, name) in fields.enumerated() { columnIndex[String(name)] = index }
          }
          continue
        }
        dataRow += 1
        guard dataRow % stride == 0 else { continue }
        let fields = String(decoding: line, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" })
        func value(_ name: String) -> Double { Double(fields[columnIndex[name]!])! }
        stars.append(
          StellarParameters(
            logLuminositySolar: value("logL"), logEffectiveTemperature: value("logTe"),
            logSurfaceGravity: value("logg"), metallicity: value("MH")))
        labels.append(Int(value("label")))
        bolometric.append(value("mbolmag"))
        for (band, column) in Self.bandColumns.enumerated() { magnitudes[band].append(value(column)) }
      }
    }
  }
}

/// Median and robust scatter (1.4826 × median absolute deviation) of a sample.
func robustStatistics(_ values: [Double]) -> (median: Double, scatter: Double) {
  func median(_ sample: [Double]) -> Double {
    let sorted = sample.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : 0.5 * (sorted[middle - 1] + sorted[middle])
  }
  let centre = median(values)
  return (centre, 1.4826 * median(values.map { abs($0 - centre) }))
}

/// Everything loaded once per test process: the photometric system for the bands the tests
/// use, and every 20th PARSEC row. Only the CK04 metallicities PARSEC's rows span (−2.0 … 0.0)
/// are read, which keeps the debug-build load to a few seconds.
enum SharedPhotometry {
  static let groundBands = ["B", "V", "I"]
  static let phatBands = ["F275W", "F336W", "F475W", "F814W", "F110W", "F160W"]

  static let system: Result<PhotometricSystem, any Error> = Result {
    try PhotometricSystem.load(
      dataFolder: SharedData.data(""), bandNames: groundBands + phatBands, metallicities: -2.0...0.0)
  }

  static let parsec: Result<ParsecRows, any Error> = Result {
    try ParsecRows(path: SharedData.data("parsec/parsec_v1.2S_cmd3.7_ubvrijhk.dat").path, stride: 20)
  }
}
