import Backgrounds
import FITS
import Foundation
import Numerics
import StellarPopulations

/// Calibrates a synthetic field against a real PHAT DOLPHOT catalogue (Dalcanton et al. 2012;
/// columns `x`, `y` in 0.05″ pixels, `<band>_vega`, `<band>_snr`), comparing like with like: the
/// catalogue lists *detected* stars, so model stars are forward-modelled through detection with
/// the field's own artificial-star tests (`DetectionModel`) and then put through the catalogue's
/// selection before they are counted.
///
/// - Catalogue selection (measured on `b15_data_test.fits`): every star is a PHAT "good star"
///   (GST) in both F475W and F814W (the AST `detected` rule), and the table keeps only stars
///   inside a magnitude window — a hard faint edge at F475W = 27.60 (≈ its S/N = 5 magnitude)
///   and nothing brighter than F475W 24.39 / F814W 23.79. The model's observed stars are cut to
///   the same window ([min, max] of the catalogue's magnitudes per band). The catalogue is also
///   an F110W good-star sample (`f110w_gst`: S/N ≥ 4, sharp² ≤ 0.15, crowd ≤ 2.25; 7,232 of
///   7,250) measured by forced photometry at the optical positions: modelled by the `forced`
///   steps (`ForcedPhotometrySelection` with the catalogue's own error law,
///   `measuredErrorLaw`), S/N only — the IR sharpness/crowding cuts are not modelled.
/// - Area: the catalogue's footprint by occupancy: 100 × 100 px (5″) cells holding at least one
///   star × 25 arcsec² (the catalogue is a set of 5″ source-density-map cells; partly covered edge
///   cells make this an over-estimate of order the perimeter/area ratio).
/// - SFH fit (`fitStarFormation`): templates = the forward-modelled F475W and F814W luminosity
///   functions and colour distribution (`Marginals`) per SFH bin, per M☉ arcsec⁻² of formed mass;
///   amplitudes ≥ 0 by Poisson maximum likelihood (`NonNegativePoissonFit`); A_V chosen on a grid
///   by the lowest Cash statistic.
/// - Comparison (`compare`): an independent realisation (another seed) of the fitted model,
///   counts per 0.5-mag bin scaled to the catalogue's area, and the median F475W − F814W of the
///   detected stars of each.
public struct FieldCalibration: Sendable {
  public struct Row: Sendable {
    public var band: String
    public var lower: Double
    public var catalogue: Int
    public var model: Double
    public var ratio: Double { catalogue > 0 ? model / Double(catalogue) : .infinity }
  }

  public var areaArcsec2: Double
  public var formedMassPerArcsec2: Double
  public var rows: [Row]
  public var catalogueColourMedian: Double
  public var modelColourMedian: Double
  public var signalToNoise5Magnitude: [String: Double]
  public var detectedModelStars: Int
  /// The realisation's detected, selected stars `[band][star]` (observed magnitudes): F475W,
  /// F814W, then the measured magnitude in each forced-photometry band.
  public var modelStars: [[Double]]

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

    /// The magnitude window of the catalogue per band: [min, max] of its finite magnitudes.
    public func window(_ band: String) -> ClosedRange<Double> {
      let values = magnitudes[band]!.filter { $0 < ArtificialStarTests.lostMagnitude }
      return values.min()!...values.max()!
    }

    /// The S/N = 5 magnitude per band: median magnitude of stars with 4.5 ≤ S/N < 5.5.
    public func signalToNoise5Magnitude(_ band: String) -> Double {
      let near = zip(magnitudes[band]!, signalToNoise[band]!).filter { $0.1 >= 4.5 && $0.1 < 5.5 }.map(\.0).sorted()
      return near.isEmpty ? .nan : near[near.count / 2]
    }
  }

  /// The observed (detected, selected) stars of a model field of `formedMass` M☉: `[b, i]`
  /// magnitudes for the two `bands` (F475W, F814W), then one row per `forced` step with the
  /// star's measured magnitude in that band. The selection, in order: detection and
  /// measurement in the optical bands (`DetectionModel.observe`), the catalogue's magnitude
  /// `windows` on the measured magnitudes, then each `forced` step on the star's true magnitude
  /// in its band (`ForcedPhotometrySelection`: PHAT's F110W S/N ≥ 4 of forced IR photometry).
  /// Draws: the stars (`SyntheticFieldModel.sampleResolvedStars`), then per star one
  /// `DetectionModel.observe` and, if it is detected inside the windows, one draw per forced step
  /// (all of them, whatever their outcomes).
  public static func observedStars(
    model: SyntheticFieldModel, set: IsochroneSet, formedMass: Double, detection: DetectionModel,
    forced: [ForcedPhotometrySelection] = [], windows: [ClosedRange<Double>], generator: RandomGenerator
  ) throws -> [[Double]] {
    let stars = try model.sampleResolvedStars(set: set, formedMass: formedMass, generator: generator)
    func index(_ band: String) throws -> Int {
      guard let index = set.bands.firstIndex(of: band) else {
        throw FieldError(
          field: "isochroneSet.bands", value: band, rule: "the isochrone set has no such band")
      }
      return index
    }
    let indices = try detection.tests.bands.map(index)
    let forcedIndices = try forced.map { try index($0.band) }
    var observed = [[Double]](repeating: [], count: indices.count + forced.count)
    var input = [Double](repeating: 0, count: indices.count)
    var forcedMagnitudes = [Double](repeating: 0, count: forced.count)
    for star in 0..<(stars.first?.count ?? 0) {
      for (band, index) in indices.enumerated() { input[band] = Double(stars[index][star]) }
      guard let seen = detection.observe(input, generator: generator),
        seen.indices.allSatisfy({ windows[$0].contains(seen[$0]) })
      else { continue }
      var passes = true
      for (step, (stepIndex, index)) in zip(forced, forcedIndices.enumerated()) {
        let measured = step.measure(magnitude: Double(stars[index][star]), generator: generator)
        passes = passes && step.accepts(rate: measured.rate, sigma: measured.sigma)
        forcedMagnitudes[stepIndex] = step.magnitude(rate: measured.rate)
      }
      guard passes else { continue }
      for band in seen.indices { observed[band].append(seen[band]) }
      for step in forced.indices { observed[indices.count + step].append(forcedMagnitudes[step]) }
    }
    return observed
  }

  /// The binned data the SFH is fitted to: the F475W and F814W luminosity functions and the
  /// F475W − F814W colour distribution, concatenated (the quantities the calibration criteria
  /// are stated in). The three histograms count each star three times, so the Poisson
  /// likelihood over them is a composite likelihood (Lindsay 1988): its maximum is a consistent
  /// estimator, but its Cash value is not a χ² with a known number of degrees of freedom.
  public struct Marginals: Sendable {
    public var magnitudeStep = 0.25
    public var blueRange = 24.25...27.75
    public var redRange = 23.75...27.0
    public var colourStep = 0.2
    public var colourRange = -0.6...3.6

    public init() {}

    static func histogram(_ values: [Double], range: ClosedRange<Double>, step: Double) -> [Double] {
      let bins = Int(((range.upperBound - range.lowerBound) / step).rounded())
      var counts = [Double](repeating: 0, count: bins)
      for value in values {
        let bin = Int(((value - range.lowerBound) / step).rounded(.down))
        if bin >= 0, bin < bins { counts[bin] += 1 }
      }
      return counts
    }

    /// Concatenated counts: F475W LF, F814W LF, colour histogram.
    public func counts(b: [Double], i: [Double]) -> [Double] {
      Self.histogram(b, range: blueRange, step: magnitudeStep) + Self.histogram(i, range: redRange, step: magnitudeStep)
        + Self.histogram(zip(b, i).map { $0 - $1 }, range: colourRange, step: colourStep)
    }
  }

  /// A fitted star-formation history: `bins` with `formedMass` in M☉ arcsec⁻² (formed mass per
  /// unit area of the field), the A_V chosen and the Cash statistic per A_V tried.
  public struct StarFormationFit: Sendable {
    public var bins: [StarFormationHistory.Bin]
    public var extinctionV: Double
    public var cash: Double
    public var cashPerExtinction: [(extinctionV: Double, cash: Double)]
    public var fitBins: Int
    public var formedMassPerArcsec2: Double { bins.reduce(0) { $0 + $1.formedMass } }
  }

  /// Fits the amplitudes of `basis` (age × metallicity bins; their `formedMass` is ignored) and
  /// A_V (from `extinctionValues`) to the catalogue's `Marginals` through the forward model.
  /// Each template is one realisation of `templateMassPerArcsec2 × templateAreaArcsec2` M☉ of
  /// that bin (generator stream = template index + 1000 × A_V index, `seed`).
  public static func fitStarFormation(
    catalogue: Catalogue, detection: DetectionModel, forced: [ForcedPhotometrySelection] = [], set: IsochroneSet,
    basis: [StarFormationHistory.Bin], extinctionValues: [Double], model: SyntheticFieldModel,
    templateAreaArcsec2: Double,
    templateMassPerArcsec2: Double = 400, grid: Marginals = Marginals(), seed: UInt64
  ) throws -> StarFormationFit {
    let windows = detection.tests.bands.map { catalogue.window($0) }
    let area = catalogue.areaArcsec2()
    let data = grid.counts(b: catalogue.magnitudes["F475W"]!, i: catalogue.magnitudes["F814W"]!)
    var best: StarFormationFit?
    var tried: [(extinctionV: Double, cash: Double)] = []
    for (a, extinction) in extinctionValues.enumerated() {
      var templates: [[Double]] = []
      for (j, bin) in basis.enumerated() {
        var single = model
        single.extinctionV = extinction
        single.starFormation = [
          StarFormationHistory.Bin(
            logAgeMin: bin.logAgeMin, logAgeMax: bin.logAgeMax, metallicity: bin.metallicity, formedMass: 1)
        ]
        let generator = RandomGenerator(seed: seed, stream: UInt64(j + 1000 * a))
        let stars = try observedStars(
          model: single, set: set, formedMass: templateMassPerArcsec2 * templateAreaArcsec2, detection: detection,
          forced: forced, windows: windows, generator: generator)
        // Expected catalogue counts per M☉ arcsec⁻² of this bin.
        let scale = area / (templateMassPerArcsec2 * templateAreaArcsec2)
        templates.append(grid.counts(b: stars[0], i: stars[1]).map { $0 * scale })
      }
      let fit = try NonNegativePoissonFit.fit(templates: templates, counts: data)
      tried.append((extinction, fit.cash))
      if best == nil || fit.cash < best!.cash {
        let bins = zip(basis, fit.amplitudes).map {
          StarFormationHistory.Bin(
            logAgeMin: $0.logAgeMin, logAgeMax: $0.logAgeMax, metallicity: $0.metallicity, formedMass: $1)
        }
        best = StarFormationFit(
          bins: bins, extinctionV: extinction, cash: fit.cash, cashPerExtinction: [], fitBins: data.count)
      }
    }
    best!.cashPerExtinction = tried
    return best!
  }

  /// Compares one realisation of `model` at `formedMassPerArcsec2` over `simulatedAreaArcsec2`
  /// (forward-modelled and selected as the catalogue) with the catalogue, per 0.5-mag bin of
  /// `checkBins` (lower edges per band) and by the median colour.
  public static func compare(
    catalogue: Catalogue, detection: DetectionModel, forced: [ForcedPhotometrySelection] = [], set: IsochroneSet,
    model: SyntheticFieldModel, formedMassPerArcsec2: Double, simulatedAreaArcsec2: Double,
    checkBins: [String: [Double]], seed: UInt64
  ) throws -> FieldCalibration {
    let bands = detection.tests.bands
    let area = catalogue.areaArcsec2()
    let windows = bands.map { catalogue.window($0) }
    let stars = try observedStars(
      model: model, set: set, formedMass: formedMassPerArcsec2 * simulatedAreaArcsec2, detection: detection,
      forced: forced, windows: windows, generator: RandomGenerator(seed: seed, stream: 0))
    func count(_ values: [Double], _ lower: Double) -> Int {
      values.reduce(0) { $0 + ($1 >= lower && $1 < lower + 0.5 ? 1 : 0) }
    }
    var rows: [Row] = []
    for (index, band) in bands.enumerated() {
      for lower in checkBins[band] ?? [] {
        rows.append(
          Row(
            band: band, lower: lower, catalogue: count(catalogue.magnitudes[band]!, lower),
            model: Double(count(stars[index], lower)) * area / simulatedAreaArcsec2))
      }
    }
    func median(_ values: [Double]) -> Double {
      let sorted = values.sorted()
      return sorted.isEmpty ? .nan : sorted[sorted.count / 2]
    }
    let b = catalogue.magnitudes[bands[0]]!
    let i = catalogue.magnitudes[bands[1]]!
    var limits: [String: Double] = [:]
    for band in bands { limits[band] = catalogue.signalToNoise5Magnitude(band) }
    return FieldCalibration(
      areaArcsec2: area, formedMassPerArcsec2: formedMassPerArcsec2, rows: rows,
      catalogueColourMedian: median(zip(b, i).map { $0 - $1 }),
      modelColourMedian: median(zip(stars[0], stars[1]).map { $0 - $1 }), signalToNoise5Magnitude: limits,
      detectedModelStars: stars[0].count, modelStars: stars)
  }

  /// Whether every bin agrees within `tolerance` (fractional) and the colour medians within
  /// `colourTolerance` mag — the acceptance criteria of issue #5 (30 %, 0.15 mag).
  public func meets(tolerance: Double = 0.3, colourTolerance: Double = 0.15) -> Bool {
    rows.allSatisfy { abs($0.ratio - 1) <= tolerance }
      && abs(modelColourMedian - catalogueColourMedian) <= colourTolerance
  }

  /// A Markdown table of the comparison.
  public var markdown: String {
    var lines = [
      String(
        format:
          "Catalogue footprint %.0f arcsec²; model formed-mass density %.1f M☉/arcsec² (%d detected model stars in the realisation)",
        areaArcsec2, formedMassPerArcsec2, detectedModelStars),
      String(
        format: "S/N = 5 magnitudes: F475W %.2f, F814W %.2f", signalToNoise5Magnitude["F475W"] ?? .nan,
        signalToNoise5Magnitude["F814W"] ?? .nan),
      "", "| band | bin | catalogue | model | model/catalogue |", "| --- | --- | ---: | ---: | ---: |",
    ]
    for row in rows {
      lines.append(
        String(
          format: "| %@ | %.1f–%.1f | %d | %.1f | %.2f |", row.band, row.lower, row.lower + 0.5, row.catalogue,
          row.model, row.ratio))
    }
    lines.append("")
    lines.append(
      String(
        format: "Median F475W − F814W of detected stars: catalogue %.3f, model %.3f (Δ = %+.3f)", catalogueColourMedian,
        modelColourMedian, modelColourMedian - catalogueColourMedian))
    lines.append(
      meets() ? "Criteria (30 % per bin, 0.15 mag colour): met." : "Criteria (30 % per bin, 0.15 mag colour): NOT met.")
    return lines.joined(separator: "\n")
  }
}
