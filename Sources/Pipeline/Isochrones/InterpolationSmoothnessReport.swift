import Foundation
import StellarPopulations

/// `starmill isochrones smoothness`: the expected integrated magnitudes of a Kroupa (2001)
/// population on a fine grid in log age (at each requested [M/H]) and in [M/H] (at each requested
/// log age), reported as Markdown — the largest neighbour jump per band and where, and every jump
/// above the threshold, marked grid-limited when the set's own nodes change faster than
/// `threshold` per step there (`IntegratedLightScan`).
public enum InterpolationSmoothnessReport {
  public struct Request: Sendable {
    public var setPath: String
    public var metallicities: [Double]
    public var logAges: [Double]
    public var step: Double
    public var threshold: Double

    public init(setPath: String, metallicities: [Double], logAges: [Double], step: Double, threshold: Double) {
      self.setPath = setPath
      self.metallicities = metallicities
      self.logAges = logAges
      self.step = step
      self.threshold = threshold
    }
  }

  public static func markdown(_ request: Request, command: String) throws -> String {
    let set = try IsochroneSetFolder.load(request.setPath)
    let imf = try BrokenPowerLawIMF.kroupa2001()
    let ages = set.isochrones.map(\.logAgeYears)
    let (youngest, oldest) = (ages.min()!, ages.max()!)
    let (poorest, richest) = (set.metallicities.first!, set.metallicities.last!)
    var scans: [IntegratedLightScan] = []
    for metallicity in request.metallicities {
      scans.append(
        try IntegratedLightScan(
          set: set, axis: .logAge(metallicity: metallicity), from: youngest, to: oldest, step: request.step, imf: imf))
    }
    for logAge in request.logAges {
      scans.append(
        try IntegratedLightScan(
          set: set, axis: .metallicity(logAgeYears: logAge), from: poorest, to: richest, step: request.step, imf: imf))
    }
    let threshold = request.threshold
    var lines = [
      "# Interpolation smoothness", "",
      "`\(command)`", "",
      "Expected integrated magnitudes (Kroupa 2001 IMF, no sampling) every \(request.step) dex. Largest |Δm| between "
        + "neighbours per band (mag) and where; then the jumps above \(threshold) mag, grouped into windows. "
        + "Grid-limited: the bracketing grid nodes themselves change by more than \(threshold) mag per step in "
        + "that band.", "",
      "| scan | " + set.bands.joined(separator: " | ") + " |",
      "| --- |" + String(repeating: " --- |", count: set.bands.count),
    ]
    for scan in scans {
      let cells = scan.largestJumps.map { String(format: "%.3f @ %.2f", $0.size, $0.at) }
      lines.append("| \(title(scan.axis)) | " + cells.joined(separator: " | ") + " |")
    }
    lines += ["", "## Jumps above \(threshold) mag", ""]
    for scan in scans {
      let jumps = scan.jumps(threshold: threshold)
      guard !jumps.isEmpty else {
        lines.append("- \(title(scan.axis)): none")
        continue
      }
      lines.append(
        "- \(title(scan.axis)): " + windows(jumps, step: request.step, bands: set.bands).joined(separator: "; "))
    }
    return lines.joined(separator: "\n") + "\n"
  }

  static func title(_ axis: IntegratedLightScan.Axis) -> String {
    switch axis {
    case .logAge(let metallicity): return String(format: "log t, [M/H] = %+.2f", metallicity)
    case .metallicity(let logAge): return String(format: "[M/H], log t = %.2f", logAge)
    }
  }

  /// Consecutive jumps (≤ 0.05 dex apart) merged into windows: range, largest jump and band,
  /// and whether every jump in the window is grid-limited.
  static func windows(_ jumps: [IntegratedLightScan.Jump], step: Double, bands: [String]) -> [String] {
    var groups: [[IntegratedLightScan.Jump]] = []
    for jump in jumps.sorted(by: { $0.at < $1.at }) {
      if let last = groups.last?.last, jump.at - last.at <= 5 * step + 1e-9 {
        groups[groups.count - 1].append(jump)
      } else {
        groups.append([jump])
      }
    }
    return groups.map { group in
      let worst = group.max { abs($0.size) < abs($1.size) }!
      let excess = group.filter { !$0.isGridLimited }
      var text = String(
        format: "%.2f–%.2f max %.2f (%@ at %.2f, grid %.2f/step)", group.first!.at - step, group.last!.at,
        abs(worst.size), bands[worst.band], worst.at, worst.gridRatePerStep)
      if excess.isEmpty {
        text += " grid-limited"
      } else {
        let largest = excess.max { abs($0.size) < abs($1.size) }!
        text += String(
          format: ", %d not grid-limited (largest %.3f %@ at %.2f, grid %.3f/step)", excess.count, abs(largest.size),
          bands[largest.band], largest.at, largest.gridRatePerStep)
      }
      return text
    }
  }
}
