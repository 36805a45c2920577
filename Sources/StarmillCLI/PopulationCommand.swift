import ArgumentParser
import Pipeline

struct PopulationCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "population",
    abstract: "Sample a simple stellar population and print its stars (CSV) or its integrated light.",
    discussion: """
      --isochrones takes an isochrone-set folder (Isochrones/<name>/ holding isochrones.smis) or a
      PARSEC CMD 3.x .dat table, read directly with all its <band>mag columns and CCM89 extinction
      ratios at each band's effective wavelength. Ages and metallicities between grid nodes are
      interpolated along equivalent evolutionary points; outside the grid is an error.
      Stars are drawn from the IMF until their initial mass reaches --mass (stop-nearest rule).
      Magnitudes are observed Vega magnitudes: absolute + distance modulus + A_V · A_band/A_V.
      With --summary, prints one line per band (`<band> <integrated magnitude>`) and the counts
      instead of the star table.
      """)

  @Option(help: "Isochrone-set folder or PARSEC CMD .dat file.")
  var isochrones: String

  @Option(name: .customLong("log-age"), help: "log10(age / yr).")
  var logAge: Double

  @Option(parsing: .unconditional, help: "[M/H] in dex (negative values are accepted: --metallicity -0.5).")
  var metallicity: Double

  @Option(help: "Target initial mass in solar masses.")
  var mass: Double

  @Option(help: "Random seed.")
  var seed: UInt64

  @Option(help: "IMF: kroupa (default), chabrier, salpeter.")
  var imf: String = "kroupa"

  @Option(name: .customLong("distance-modulus"), parsing: .unconditional, help: "Distance modulus m - M (M31: 24.47).")
  var distanceModulus: Double = 24.47

  @Option(help: "Foreground extinction A_V (mag).")
  var av: Double = 0

  @Option(
    name: .customLong("av-spread"),
    help: "Differential extinction: each star gets A_V + |N(0, sigma)| with this sigma (mag).")
  var avSpread: Double = 0

  @Flag(help: "Print integrated magnitudes and counts instead of the star table.")
  var summary = false

  func validate() throws {
    guard InitialMassFunctionName(rawValue: imf) != nil else {
      let known = InitialMassFunctionName.allCases.map(\.rawValue).joined(separator: ", ")
      throw ValidationError("unknown IMF '\(imf)'; known: \(known)")
    }
    guard mass > 0, mass.isFinite else { throw ValidationError("--mass must be positive, got \(mass)") }
    guard av >= 0, avSpread >= 0 else { throw ValidationError("--av and --av-spread must be >= 0") }
  }

  func run() throws {
    let run = PopulationRun(
      isochrones: isochrones, logAgeYears: logAge, metallicity: metallicity, targetMass: mass, seed: seed,
      imf: InitialMassFunctionName(rawValue: imf)!,
      observing: .init(
        distanceModulus: distanceModulus, extinctionV: av,
        differentialExtinction: avSpread > 0 ? .halfNormal(sigma: avSpread) : .none))
    let population = try run.population()
    let lines = summary ? PopulationRun.summaryLines(population) : PopulationRun.csvLines(population)
    print(lines.joined(separator: "\n"))
  }
}
