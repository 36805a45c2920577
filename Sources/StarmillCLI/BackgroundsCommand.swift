import ArgumentParser
import Backgrounds
import Foundation
import Pipeline

struct BackgroundsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "backgrounds",
    abstract: "Build M31 background libraries: import real images, synthesise fields, calibrate them.",
    subcommands: [Import.self, Synth.self, Calibrate.self, Show.self])

  static func resources() -> ResourceLocator {
    ResourceLocator.standard(
      recipePath: nil, home: ProcessInfo.processInfo.environment["STARMILL_HOME"],
      currentDirectory: FileManager.default.currentDirectoryPath, executablePath: CommandLine.arguments[0])
  }

  static func keyValues(_ items: [String], option: String) throws -> [String: String] {
    var result: [String: String] = [:]
    for item in items {
      guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
        throw ValidationError("\(option) \(item): expected BAND=VALUE")
      }
      result[String(item[..<equals])] = String(item[item.index(after: equals)...])
    }
    return result
  }

  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Cut a background library from real FITS images, one per band, on one pixel grid.",
      discussion: """
        Example:
          starmill backgrounds import --name b15 --bands F475W,F814W \\
            --image F475W=hlsp_phat_..._f475w_drz.fits --image F814W=..._f814w_drz.fits \\
            --patch-size 128 --stride 128 --output Backgrounds/b15
        Units come from BUNIT (electrons/s or counts/s; electrons or counts with EXPTIME; flux with
        PHOTFLAM) unless --scale BAND=e-/s-per-unit is given. Patches with NaN, zero-weight pixels
        (> 1 % exact zeros or an all-zero edge), pixels at --saturation, or a peak above
        --max-peak-sigma robust σ are skipped. Nothing is written unless the whole library is made.
        """)

    @Option(help: "Library name.") var name: String
    @Option(help: "Comma-separated bands, in library order.") var bands: String
    @Option(name: .customLong("image"), help: "BAND=FITS path (repeat per band).") var images: [String] = []
    @Option(name: .customLong("scale"), help: "BAND=e⁻/s per data unit, overriding BUNIT.") var scales: [String] = []
    @Option(help: "Patch side (px).") var patchSize = 128
    @Option(help: "Step between patch corners (px).") var stride = 128
    @Option(help: "Star-density class label recorded for every patch.") var densityClass = "imported"
    @Option(help: "Pixel scale (arcsec) for images without a celestial WCS.") var pixelScale: Double?
    @Option(name: .customLong("saturation"), help: "BAND=e⁻/s at which the data saturate.")
    var saturations: [String] = []
    @Option(help: "Reject patches whose peak exceeds the median by this many robust σ.")
    var maxPeakSigma: Double = 5000
    @Option(help: "Output folder (default Backgrounds/<name>).") var output: String?
    @Flag(help: "Replace an existing library folder.") var overwrite = false

    func run() throws {
      let bandList = bands.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      let scaleMap = try keyValues(scales, option: "--scale").mapValues { text -> Double in
        guard let value = Double(text) else { throw ValidationError("--scale: '\(text)' is not a number") }
        return value
      }
      let saturationMap = try keyValues(saturations, option: "--saturation").mapValues { text -> Double in
        guard let value = Double(text) else { throw ValidationError("--saturation: '\(text)' is not a number") }
        return value
      }
      let request = BackgroundImport.Request(
        name: name, bands: bandList, images: try keyValues(images, option: "--image"), scales: scaleMap,
        patchSize: patchSize, stride: stride, densityClass: densityClass, pixelScaleArcsec: pixelScale,
        screening: PatchScreening(maximumPeakSigmas: maxPeakSigma, saturationElectronsPerSecond: saturationMap))
      let summary = try BackgroundImport.run(request)
      let folder = output ?? "Backgrounds/\(name)"
      try BackgroundLibraryFolder.write(summary.library, to: folder, overwrite: overwrite)
      let rejected = summary.rejections.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
      print(
        "wrote \(folder): \(summary.library.patches.count) of \(summary.candidates) patches"
          + (rejected.isEmpty ? "" : " (rejected: \(rejected.joined(separator: ", ")))"))
    }

    func keyValues(_ items: [String], option: String) throws -> [String: String] {
      try BackgroundsCommand.keyValues(items, option: option)
    }
  }

  struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Synthesise M31 disk fields (composite population, PHAT PSFs, noise) as a background library.",
      discussion: """
        The bundled library:
          starmill backgrounds synth --output Backgrounds/phat-synthetic --overwrite
        (defaults below; Backgrounds/phat-synthetic/README.md gives the calibration).
        """)

    @Option(help: "Library name.") var name = "phat-synthetic"
    @Option(help: "Isochrone set.") var isochrones = "parsec-v1.2s-phat"
    @Option(help: "Instrument.") var instrument = "phat"
    @Option(help: "Density classes NAME=formed M☉/arcsec², comma-separated.")
    var classes = SynthDefaults.classes
    @Option(help: "Patches per class.") var patchesPerClass = 3
    @Option(help: "Patch side (px).") var patchSize = 128
    @Option(help: "Seed.") var seed: UInt64 = 2012
    @Option(
      help:
        "Star-formation history: comma-separated LOGT_MIN-LOGT_MAX:[M/H]=MASS (formed M☉/arcsec², shares only; default: the fit to PHAT brick 15)."
    )
    var sfh: String?
    @Option(help: "Foreground + mean internal A_V.") var extinctionV = SyntheticFieldModel().extinctionV
    @Option(help: "σ of the half-normal differential A_V.") var differentialAVSigma = SyntheticFieldModel()
      .differentialAVSigma
    @Option(help: "Output folder (default Backgrounds/<name>).") var output: String?
    @Flag(help: "Replace an existing library folder.") var overwrite = false

    func run() throws {
      let inputs = try SyntheticBackgroundInputs.load(
        isochrones: isochrones, instrument: instrument, bands: nil, resources: BackgroundsCommand.resources())
      let model = SyntheticFieldModel(
        starFormation: try sfh.map(BackgroundsCommand.starFormation) ?? SynthDefaults.starFormation,
        extinctionV: extinctionV, differentialAVSigma: differentialAVSigma)
      var classList: [SyntheticBackgroundBuilder.DensityClass] = []
      for item in classes.split(separator: ",") {
        let parts = item.split(separator: "=")
        guard parts.count == 2, let value = Double(parts[1]), value > 0 else {
          throw ValidationError("--classes: '\(item)' is not NAME=density (> 0)")
        }
        classList.append(.init(name: String(parts[0]), formedMassPerArcsec2: value))
      }
      let request = SyntheticBackgroundBuilder.Request(
        name: name, model: model, classes: classList, patchesPerClass: patchesPerClass, patchSize: patchSize,
        seed: seed)
      let library = try SyntheticBackgroundBuilder.build(
        request, set: inputs.isochrones, bands: inputs.bands, psfs: inputs.psfs
      ) { print($0) }
      let folder = output ?? "Backgrounds/\(name)"
      let readme = URL(fileURLWithPath: folder).appendingPathComponent("README.md").path
      var extra: [String: String] = [:]
      if let text = try? String(contentsOfFile: readme, encoding: .utf8) { extra["README.md"] = text }
      try BackgroundLibraryFolder.write(library, to: folder, overwrite: overwrite, extraFiles: extra)
      print(
        "wrote \(folder): \(library.patches.count) patches \(patchSize)×\(patchSize) × \(library.bands.count) bands")
    }
  }

  /// Parses `6.6-8.0:0.0=2.5,8.0-9.0:-0.5=10` into SFH bins.
  static func starFormation(_ text: String) throws -> [StarFormationHistory.Bin] {
    try text.split(separator: ",").map { item in
      let parts = item.split(separator: "=")
      let range = parts.first?.split(separator: ":") ?? []
      let ages = range.first?.split(separator: "-") ?? []
      guard parts.count == 2, range.count == 2, ages.count == 2, let low = Double(ages[0]), let high = Double(ages[1]),
        let metallicity = Double(range[1]), let mass = Double(parts[1])
      else { throw ValidationError("--sfh: '\(item)' is not LOGT_MIN-LOGT_MAX:[M/H]=MASS") }
      return StarFormationHistory.Bin(logAgeMin: low, logAgeMax: high, metallicity: metallicity, formedMass: mass)
    }
  }

  struct Calibrate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Compare the synthetic field with a real PHAT catalogue through its artificial-star tests; optionally fit the SFH.",
      discussion: """
          starmill backgrounds calibrate --catalogue ../shared/data/phat/b15_data_test.fits \\
            --tests ../shared/data/phat/fake_stars_b15_27_opt.fits [--fit]
        Model stars are detected and displaced as the artificial stars nearest to them in depth
        (the faintest band relative to its S/N = 5 magnitude), then cut to the catalogue's magnitude window, then to S/N ≥ 4 in each
        --forced-bands band (forced photometry with the catalogue's own measured rate-error law, zero points from --instrument;
        empty: no such cut). --fit fits the SFH basis
        (5 age bins × [M/H] −0.5, 0) and A_V by Poisson maximum likelihood on the two luminosity functions and the colour distribution
        and compares a fresh realisation of the fit; without it the defaults are compared.
        """)

    @Option(help: "PHAT DOLPHOT catalogue (FITS table).") var catalogue: String
    @Option(help: "Artificial-star tests of the same field, optical camera (F475W, F814W).") var tests: String
    @Option var isochrones = "parsec-v1.2s-phat"
    @Option(help: "Star-formation history (as for synth; default: the fitted one).") var sfh: String?
    @Option var extinctionV = SyntheticFieldModel().extinctionV
    @Option var differentialAVSigma = SyntheticFieldModel().differentialAVSigma
    @Flag(help: "Fit the SFH and A_V first.") var fit = false
    @Option(help: "Area (arcsec²) of each fit template and of the comparison realisation.")
    var area = SynthDefaults.calibrationAreaArcsec2
    @Option(help: "Nearest artificial stars per model star.") var neighbours = 10
    @Option(help: "Comma-separated bands with a forced-photometry S/N ≥ 4 cut (empty: none).")
    var forcedBands = SynthDefaults.forcedPhotometryBands.joined(separator: ",")
    @Option(help: "Instrument whose zero points convert the catalogue's rates to e⁻/s.") var instrument = "phat"
    @Option var seed: UInt64 = 15
    @Option(help: "Write the realisation's detected model stars (F475W, F814W, forced bands) to this CSV file.")
    var dump: String?

    func run() throws {
      let resources = BackgroundsCommand.resources()
      guard let setPath = resources.resolve(isochrones, kind: .isochrones) else {
        throw ValidationError("no isochrone set \(isochrones)")
      }
      let set = try IsochroneSetFolder.load(setPath)
      let cat = try FieldCalibration.Catalogue.read(path: catalogue, bands: ["F475W", "F814W"])
      let detection = try DetectionModel(
        tests: try ArtificialStarTestFile.read(path: tests, bands: ["F475W", "F814W"]),
        referenceMagnitudes: ["F475W", "F814W"].map { cat.signalToNoise5Magnitude($0) }, neighbours: neighbours)
      let forced = try forcedSelections(resources: resources)
      var model = SyntheticFieldModel(
        starFormation: try sfh.map(BackgroundsCommand.starFormation) ?? SynthDefaults.starFormation,
        extinctionV: extinctionV, differentialAVSigma: differentialAVSigma)
      if fit {
        let result = try FieldCalibration.fitStarFormation(
          catalogue: cat, detection: detection, forced: forced, set: set, basis: SynthDefaults.basis,
          extinctionValues: SynthDefaults.extinctionGrid, model: model, templateAreaArcsec2: area, seed: seed)
        for (extinction, cash) in result.cashPerExtinction {
          print(String(format: "A_V %.2f: Cash C = %.1f (%d bins)", extinction, cash, result.fitBins))
        }
        print(
          String(
            format: "fitted A_V = %.2f, formed mass %.2f M☉/arcsec²", result.extinctionV, result.formedMassPerArcsec2))
        for bin in result.bins {
          print(
            String(
              format: "  log t %.2f–%.2f [M/H] %+.1f: %.3f M☉/arcsec²", bin.logAgeMin, bin.logAgeMax, bin.metallicity,
              bin.formedMass))
        }
        print(
          "--sfh "
            + result.bins.map {
              String(format: "%.2f-%.2f:%.1f=%.4g", $0.logAgeMin, $0.logAgeMax, $0.metallicity, $0.formedMass)
            }.joined(separator: ","))
        model.starFormation = result.bins
        model.extinctionV = result.extinctionV
      }
      let density = model.starFormation.reduce(0) { $0 + $1.formedMass }
      let comparison = try FieldCalibration.compare(
        catalogue: cat, detection: detection, forced: forced, set: set, model: model, formedMassPerArcsec2: density,
        simulatedAreaArcsec2: area, checkBins: SynthDefaults.checkBins, seed: seed + 1)
      print("model: \(model.summary)")
      print(comparison.markdown)
      if let dump {
        let header = (["F475W", "F814W"] + forced.map(\.band)).joined(separator: ",")
        let lines =
          [header]
          + comparison.modelStars[0].indices.map { star in
            comparison.modelStars.map { String(format: "%.4f", $0[star]) }.joined(separator: ",")
          }
        try (lines.joined(separator: "\n") + "\n").write(toFile: dump, atomically: true, encoding: .utf8)
      }
    }
  }

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Summarise a background library.")
    @Argument(help: "Library name or folder.") var library: String

    func run() throws {
      guard let path = BackgroundsCommand.resources().resolve(library, kind: .backgrounds) else {
        throw ValidationError("no background library \(library)")
      }
      let loaded = try BackgroundLibraryFolder.load(path)
      print("\(loaded.name): \(loaded.patches.count) patches \(loaded.patchWidth)×\(loaded.patchHeight) px, ")
      print("bands \(loaded.bands.joined(separator: ", ")), \(loaded.pixelScaleArcsec)″/px, \(loaded.units)")
      for (index, patch) in loaded.patches.enumerated() {
        let means = patch.meanElectronsPerSecond.map { String(format: "%.3f", $0) }.joined(separator: " ")
        let sigmas = patch.noiseSigmaElectronsPerSecond.map { String(format: "%.3f", $0) }.joined(separator: " ")
        print("  \(index) \(patch.densityClass): mean [\(means)] σ [\(sigmas)] e⁻/s")
      }
      print("provenance: \(loaded.provenance)")
    }
  }
}

extension BackgroundsCommand.Calibrate {
  /// One `ForcedPhotometrySelection` per `--forced-bands` band, its error law fitted to the
  /// catalogue's reported rate errors; prints the law next to the instrument's noise model.
  func forcedSelections(resources: ResourceLocator) throws -> [ForcedPhotometrySelection] {
    let bands = forcedBands.split(separator: ",").map { String($0) }
    guard !bands.isEmpty else { return [] }
    guard let path = resources.resolve(instrument, kind: .instruments, fileExtension: "yaml") else {
      throw ValidationError("no instrument \(instrument)")
    }
    let loaded = try InstrumentFileLoader.load(from: URL(fileURLWithPath: path)).instrument
    return try bands.map { band in
      guard let instrumentBand = loaded.band(named: band) else {
        throw ValidationError("--forced-bands: instrument \(instrument) has no band \(band)")
      }
      let fit = try FieldCalibration.measuredErrorLaw(
        catalogue: catalogue, band: band, vegaZeroPoint: instrumentBand.vegaZeroPoint)
      let selection = try ForcedPhotometrySelection(
        band: band, vegaZeroPoint: instrumentBand.vegaZeroPoint, errorLaw: fit.law)
      var reference = ""
      if case .effectivePerStar(let k) = instrumentBand.background {
        reference = String(format: " (instrument: T = %.0f s, K = %.1f e⁻/s)", instrumentBand.exposureTimeSeconds, k)
      }
      print(
        String(
          format:
            "%@ forced photometry: σ² = %.5g·F + %.5g (e⁻/s)², i.e. T = %.1f s, K = %.2f e⁻/s%@; %d stars, log10(σ/law) mean %+.4f rms %.4f dex; S/N = 4 at %@ = %.2f",
          band, fit.law.sourceCoefficient, fit.law.backgroundVariance, fit.law.exposureTimeSeconds,
          fit.law.effectiveBackgroundElectronsPerSecond, reference, fit.stars, fit.meanLogResidual,
          fit.rmsLogResidual, band, selection.halfPassMagnitude))
      return selection
    }
  }
}
