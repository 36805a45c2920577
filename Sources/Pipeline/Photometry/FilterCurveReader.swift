import Foundation
import Photometry

/// Reads two-column filter curves: STScI/sedpy `.par` full-system throughputs and pyphot-style
/// `.dat` transmission curves. Both are whitespace-separated `wavelength_Å throughput` lines;
/// `#` starts a comment; blank lines are skipped; extra columns are an error.
///
/// Repeated wavelengths (the 2MASS J and Ks tabulations list a few wavelengths twice with
/// slightly different throughputs) are merged into one point with the mean throughput, so the
/// curve stays a function; a wavelength that goes *down* is an error. Throughput units do not
/// matter (the pyphot Johnson B curve is in percent): only ratios of band integrals are used.
public enum FilterCurveReader {
  public static func read(file: URL, name: String, counting: DetectorCounting) throws -> FilterThroughput {
    let text: String
    do {
      text = try String(contentsOf: file, encoding: .utf8)
    } catch {
      throw PhotometryDataError.unreadable(file: file.path, reason: "\(error.localizedDescription)")
    }
    return try parse(text, file: file.path, name: name, counting: counting)
  }

  /// Parses the text of a filter file (`file` is used in error messages only).
  public static func parse(_ text: String, file: String, name: String, counting: DetectorCounting) throws
    -> FilterThroughput
  {
    var wavelengths: [Double] = []
    var throughputs: [Double] = []
    var repeats = 1
    for (lineIndex, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let content = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
      let fields = content.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
      if fields.isEmpty { continue }
      guard fields.count == 2, let wavelength = Double(fields[0]), let throughput = Double(fields[1]) else {
        throw PhotometryDataError.malformedLine(
          file: file, line: lineIndex + 1, text: String(rawLine),
          rule: "expected two numbers: wavelength (Å) and throughput")
      }
      if let last = wavelengths.last, wavelength == last {
        // Running mean over the repeated points.
        repeats += 1
        throughputs[throughputs.count - 1] += (throughput - throughputs[throughputs.count - 1]) / Double(repeats)
        continue
      }
      if let last = wavelengths.last, wavelength < last {
        throw PhotometryDataError.malformedLine(
          file: file, line: lineIndex + 1, text: String(rawLine),
          rule: "wavelengths must increase (previous \(last) Å)")
      }
      repeats = 1
      wavelengths.append(wavelength)
      throughputs.append(throughput)
    }
    do {
      return try FilterThroughput(
        name: name, wavelengthsAngstrom: wavelengths, throughput: throughputs, counting: counting)
    } catch let error as PhotometryError {
      throw PhotometryDataError.invalidContent(file: file, underlying: error)
    }
  }
}
