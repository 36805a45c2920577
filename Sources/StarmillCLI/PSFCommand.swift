import ArgumentParser
import Foundation
import Pipeline

struct PSFCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "psf",
    abstract: "Build Starmill's physical HST ePSFs and compare them with the real PSFs.",
    subcommands: [PSFBuildCommand.self, PSFCompareCommand.self])
}

struct PSFModelOptions: ParsableArguments {
  @Option(help: "Folder of the throughput curves (*.par).")
  var filters: String = "../shared/data/filters/hst"

  @Option(parsing: .upToNextOption, help: "Bands (default: all six PHAT bands).")
  var bands: [String] = PHATPSFBand.allCases.map(\.rawValue)

  @Option(help: "Wavelength nodes per band.")
  var wavelengths: Int = PSFBuildDefaults.wavelengthCount

  @Option(help: "Threads.")
  var workers: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)

  func resolvedBands() throws -> [PHATPSFBand] {
    try bands.map { name in
      guard let band = PHATPSFBand.named(name) else {
        let known = PHATPSFBand.allCases.map(\.rawValue).joined(separator: ", ")
        throw ValidationError("unknown band '\(name)'; known: \(known)")
      }
      return band
    }
  }

  func validate() throws {
    guard wavelengths >= 1 else { throw ValidationError("--wavelengths must be ≥ 1, got \(wavelengths)") }
    guard workers >= 1 else { throw ValidationError("--workers must be ≥ 1, got \(workers)") }
  }
}

struct PSFBuildCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "build",
    abstract: "Compute the PHAT ePSFs from physics and write one FITS file per band plus a README.")

  @OptionGroup var model: PSFModelOptions

  @Option(help: "Output folder.")
  var out: String = "Instruments/psf"

  @Option(help: "ePSF samples per image-grid pixel.")
  var oversample: Int = PSFBuildDefaults.oversampling

  @Option(help: "Image-grid pixel scale, arcsec.")
  var gridPixelScale: Double = PSFBuildDefaults.gridPixelScaleArcsec

  @Option(help: "Grid pixels kept either side of the centre.")
  var halfWidth: Int = PSFBuildDefaults.halfWidthPixels

  @Option(help: "Folder of the PSFSTD reference PSFs; when present, the README gets the validation table.")
  var references: String = "../shared/data/psf"

  func validate() throws {
    guard oversample >= 1 else { throw ValidationError("--oversample must be ≥ 1, got \(oversample)") }
    guard gridPixelScale > 0 else { throw ValidationError("--grid-pixel-scale must be > 0, got \(gridPixelScale)") }
    guard halfWidth >= 1 else { throw ValidationError("--half-width must be ≥ 1, got \(halfWidth)") }
  }

  func run() throws {
    let options = PSFBuildOptions(
      filtersDirectory: URL(fileURLWithPath: model.filters), bands: try model.resolvedBands(),
      gridPixelScaleArcsec: gridPixelScale, oversampling: oversample, halfWidthPixels: halfWidth,
      wavelengthCount: model.wavelengths, workers: model.workers)
    let outURL = URL(fileURLWithPath: out)
    var built: [BuiltPSF] = []
    for band in options.bands {
      var item: BuiltPSF?
      let seconds = try Stopwatch.seconds { item = try PSFBuilder.build(band, options: options) }
      let url = try PSFBuilder.write(item!, to: outURL)
      built.append(item!)
      print(String(format: "%@  %.1f s  → %@", band.rawValue, seconds, url.path))
    }
    var comparison: [PSFComparisonRow]?
    var comparisonCommand: String?
    if FileManager.default.fileExists(atPath: references) {
      comparison = try PSFComparison.compare(options: options, referenceDirectory: URL(fileURLWithPath: references))
      comparisonCommand =
        "starmill psf compare --filters \(model.filters) --references \(references) --wavelengths \(model.wavelengths)"
      print(PSFComparison.markdownTable(comparison!))
    } else {
      print("no reference folder at \(references): README written without the validation table")
    }
    var command = "starmill psf build --filters \(model.filters) --out \(out)"
    if options.bands != PHATPSFBand.allCases {
      command += " --bands " + options.bands.map(\.rawValue).joined(separator: " ")
    }
    command += " --oversample \(oversample) --grid-pixel-scale \(gridPixelScale) --half-width \(halfWidth)"
    command += " --wavelengths \(model.wavelengths) --references \(references)"
    let readme = PSFBuildReadme.markdown(
      command: command, built: built, options: options, comparison: comparison, comparisonCommand: comparisonCommand)
    try readme.write(to: outURL.appendingPathComponent("README.md"), atomically: true, encoding: .utf8)
  }
}

struct PSFCompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Compare the physical ePSFs (at the native pixel) with Anderson's PSFSTD libraries.")

  @OptionGroup var model: PSFModelOptions

  @Option(help: "Folder of the PSFSTD reference PSFs.")
  var references: String = "../shared/data/psf"

  func run() throws {
    let options = PSFBuildOptions(
      filtersDirectory: URL(fileURLWithPath: model.filters), bands: try model.resolvedBands(),
      wavelengthCount: model.wavelengths, workers: model.workers)
    let rows = try PSFComparison.compare(options: options, referenceDirectory: URL(fileURLWithPath: references))
    print(PSFComparison.markdownTable(rows))
    if !rows.allSatisfy(\.passes) { throw ExitCode(1) }
  }
}
