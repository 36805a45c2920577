import Backgrounds
import FITS
import Foundation
import Numerics
import StellarPopulations

/// Compares a synthetic field's input luminosity functions with a real PHAT DOLPHOT catalogue
/// (Dalcanton et al. 2012; columns `x`, `y` in 0.05″ pixels, `<band>_vega`, `<band>_snr`).
///
/// - Area: the catalogue's footprint is measured by occupancy: the number of 100 × 100 px (5″)
///   cells holding at least one star × 25 arcsec² (the catalogue is a few tenths of a star per
///   arcsec², so an inside cell is empty with probability < 10⁻³; partly covered edge cells make
///   this an over-estimate of order the perimeter/area ratio, ≈ 5 %).
/// - Counts: stars with S/N ≥ 5 in the band, per 0.5-mag bin. Synthetic counts are the model's
///   *input* luminosity function per unit area, scaled to the catalogue's area.
/// - Density: the formed-mass surface density that makes the model's counts in the fit bins equal
///   the catalogue's (least squares on a single scale = ratio of sums).
/// - Selection: the catalogue is F475W-selected (hard faint edge at F475W ≈ 27.6, no stars
///   brighter than F475W ≈ 24.4 or F814W ≈ 23.8): model stars are counted only inside the
///   catalogue's [min, max] magnitude window in both bands.
/// - Colour: median F475W − F814W of stars with S/N ≥ 5 in both bands; for the model, stars
///   brighter than both bands' S/N = 5 magnitudes and inside the catalogue's magnitude window.
public struct FieldCalibration: Sendable {
  public struct Row: Sendable {
    public var band: String
    public var lower: Double
    public var catalogue: Int
    public var model: Double
    public var ratio: Double { catalogue > 0 ? model / Double(catalogue) : .infinity }
  }

  public var areaArcsec2: Double
  public var fittedDensity: Double
  public var rows: [Row]
  public var catalogueColourMedian: Double
  public var modelColourMedian: Double
  public var signalToNoise5Magnitude: [String: Double]

  /// Catalogue columns needed, read by the pipeline adapter.
  public struct Catalogue: Sendable {
    public var x: [Double]
    public var y: [Double]
    public var magnitudes: [String: [Double]]
    public var signalToNoise: [String: [Double]]

    public static func read(path: String, bands: [String]) throws -> Catalogue {
      let names = ["x", "y"] + bands.flatMap { ["\($0.lowercased())_vega", "\($0.lowercased())_snr"] }
      let columns = try FITSFile.readColumns(atPath: path, names: names)
      var magnitudes: [String: [Double]] = [:]
      var snr: [String: [Double]] = [:]
      for band in bands {
        magnitudes[band] = columns["\(band.lowercased())_vega"]
        snr[band] = columns["\(band.lowercased())_snr"]
      }
      return Catalogue(x: columns["x"]!, y: columns["y"]!, magnitudes: magnitudes, signalToNoise: snr)
    }

    /// Footprint area (arcsec²) by 100-px cell occupancy at `pixelScaleArcsec`.
    public func areaArcsec2(pixelScaleArcsec: Double = 0.05, cellPixels: Double = 100) -> Double {
      var cells = Set<Int64>()
      for (x, y) in zip(self.x, self.y) {
        cells.insert(Int64((x / cellPixels).rounded(.down)) * 1_000_000 + Int64((y / cellPixels).rounded(.down)))
      }
      return Double(cells.count) * pow(cellPixels * pixelScaleArcsec, 2)
    }
  }

  /// Runs the comparison. `fitBins` are the lower edges of the bins (per band) used to fit the
  /// density; `checkBins` the bins reported (lower edges, 0.5 mag wide).
  public static func compare(
    catalogue: Catalogue, set: IsochroneSet, model: SyntheticFieldModel, simulatedAreaArcsec2: Double,
    trialDensity: Double, fitBins: [String: [Double]], checkBins: [String: [Double]], seed: UInt64
  ) throws -> FieldCalibration {
    let bands = ["F475W", "F814W"]
    let area = catalogue.areaArcsec2()
    let generator = RandomGenerator(seed: seed, stream: 0)
    let stars = try model.sampleResolvedStars(
      set: set, formedMass: trialDensity * simulatedAreaArcsec2, generator: generator)
    func bandIndex(_ band: String) -> Int { set.bands.firstIndex(of: band)! }
    // S/N = 5 magnitude of the catalogue per band: median magnitude of stars with 4.5 ≤ S/N < 5.5.
    var limit: [String: Double] = [:]
    for band in bands {
      let near = zip(catalogue.magnitudes[band]!, catalogue.signalToNoise[band]!).filter { $0.1 >= 4.5 && $0.1 < 5.5 }
        .map(\.0).sorted()
      limit[band] = near.isEmpty ? 99 : near[near.count / 2]
    }
    func count(_ values: some Sequence<Double>, _ lower: Double) -> Int {
      values.reduce(0) { $0 + ($1 >= lower && $1 < lower + 0.5 ? 1 : 0) }
    }
    // The catalogue's own magnitude window (it is F475W-selected: a hard faint edge at F475W ≈ 27.6
    // and no stars brighter than F475W ≈ 24.4 / F814W ≈ 23.8): model stars count only inside it.
    var window: [String: ClosedRange<Double>] = [:]
    for band in bands {
      let values = catalogue.magnitudes[band]!.filter { $0 < 90 }
      window[band] = values.min()!...values.max()!
    }
    let bIndex = bandIndex("F475W")
    let iIndex = bandIndex("F814W")
    let inWindow = stars[bIndex].indices.filter {
      window["F475W"]!.contains(Double(stars[bIndex][$0])) && window["F814W"]!.contains(Double(stars[iIndex][$0]))
    }
    let selected = stars.map { band in inWindow.map { band[$0] } }
    var scale = 1.0
    // Fit: model counts ∝ density.
    var catalogueSum = 0.0
    var modelSum = 0.0
    for band in bands {
      let detected = zip(catalogue.magnitudes[band]!, catalogue.signalToNoise[band]!).filter { $0.1 >= 5 }.map(\.0)
      let synthetic = selected[bandIndex(band)].map(Double.init)
      for lower in fitBins[band] ?? [] {
        catalogueSum += Double(count(detected, lower))
        modelSum += Double(count(synthetic, lower)) * area / simulatedAreaArcsec2
      }
    }
    if modelSum > 0 { scale = catalogueSum / modelSum }
    var rows: [Row] = []
    for band in bands {
      let detected = zip(catalogue.magnitudes[band]!, catalogue.signalToNoise[band]!).filter { $0.1 >= 5 }.map(\.0)
      let synthetic = selected[bandIndex(band)].map(Double.init)
      for lower in checkBins[band] ?? [] {
        rows.append(
          Row(
            band: band, lower: lower, catalogue: count(detected, lower),
            model: Double(count(synthetic, lower)) * area / simulatedAreaArcsec2 * scale))
      }
    }
    // Colours.
    let b = catalogue.magnitudes["F475W"]!
    let i = catalogue.magnitudes["F814W"]!
    let sb = catalogue.signalToNoise["F475W"]!
    let si = catalogue.signalToNoise["F814W"]!
    var catalogueColours: [Double] = []
    for k in b.indices where sb[k] >= 5 && si[k] >= 5 { catalogueColours.append(b[k] - i[k]) }
    let brightB = b.indices.filter { sb[$0] >= 5 }.map { b[$0] }.min() ?? 0
    let brightI = i.indices.filter { si[$0] >= 5 }.map { i[$0] }.min() ?? 0
    var modelColours: [Double] = []
    let mb = stars[bandIndex("F475W")]
    let mi = stars[bandIndex("F814W")]
    for k in mb.indices {
      let vb = Double(mb[k])
      let vi = Double(mi[k])
      if vb <= limit["F475W"]!, vi <= limit["F814W"]!, vb >= brightB, vi >= brightI { modelColours.append(vb - vi) }
    }
    func median(_ values: [Double]) -> Double {
      let sorted = values.sorted()
      return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
    }
    return FieldCalibration(
      areaArcsec2: area, fittedDensity: trialDensity * scale, rows: rows,
      catalogueColourMedian: median(catalogueColours), modelColourMedian: median(modelColours),
      signalToNoise5Magnitude: limit)
  }

  /// A Markdown table of the comparison.
  public var markdown: String {
    var lines = [
      String(
        format: "Catalogue footprint %.0f arcsec²; fitted formed-mass density %.1f M☉/arcsec²", areaArcsec2,
        fittedDensity),
      String(
        format: "S/N = 5 magnitudes: F475W %.2f, F814W %.2f", signalToNoise5Magnitude["F475W"] ?? .nan,
        signalToNoise5Magnitude["F814W"] ?? .nan),
      "", "| band | bin | catalogue | model | model/catalogue |", "| --- | --- | ---: | ---: | ---: |",
    ]
    for row in rows {
      lines.append(
        String(
          format: "| %@ | %.1f–%.1f | %d | %.1f | %.2f |", row.band, row.lower, row.lower + 0.5, row.catalogue,
          row.model,
          row.ratio))
    }
    lines.append("")
    lines.append(
      String(
        format: "Median F475W − F814W of detected stars: catalogue %.3f, model %.3f (Δ = %+.3f)", catalogueColourMedian,
        modelColourMedian, modelColourMedian - catalogueColourMedian))
    return lines.joined(separator: "\n")
  }
}
