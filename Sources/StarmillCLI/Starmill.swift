import ArgumentParser
import Pipeline

@main
struct Starmill: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "starmill",
    abstract: "Mock multi-band HST images of star clusters, star by star, as labelled HDF5 training shards.",
    discussion: """
      Starmill samples a stellar population (IMF + PARSEC isochrones), places the stars with a
      cluster profile, renders each band through the telescope's PSF at exact sub-pixel positions,
      lays the cluster on an M31 field, adds noise, and writes labelled HDF5 shards.
      Science: Bialopetravičius, Narbutis & Vansevičius 2019, A&A 621, A103.
      """,
    version: "\(StarmillVersion.string) (CPU target: \(CPUTarget.name))",
    subcommands: [
      GenerateCommand.self,
      GridCommand.self,
      ValidateCommand.self,
      InspectCommand.self,
      IndexCommand.self,
      PreviewCommand.self,
      TrainCommand.self,
      CheckCommand.self,
      PopulationCommand.self,
      PhotometryCommand.self,
      IsochronesCommand.self,
      PSFCommand.self,
      BenchCommand.self,
      BackgroundsCommand.self,
    ]
  )
}
