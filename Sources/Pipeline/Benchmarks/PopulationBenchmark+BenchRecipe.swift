import Foundation
import Numerics
import StellarPopulations

extension PopulationBenchmark {
  /// The per-sample cost of the steps of `DatasetPlan.scene` (everything in a sample but the
  /// rendering, the pixel noise and the shard write) for `Recipes/bench.yaml`, each step timed
  /// alone over the same samples' cluster parameters, and the whole `simulate` for scale.
  static func benchRecipeTable(quick: Bool) throws -> BenchmarkTable {
    let (recipe, plan) = try GenerationBenchmark.benchRecipePlan()
    let samples = quick ? 3 : 200
    let rounds = quick ? 1 : 7
    let parameters = (0..<samples).map {
      ClusterParameters.draw(
        recipe.cluster, distanceModulus: recipe.distanceModulus,
        generator: RandomGenerator(seed: recipe.seed, stream: UInt64($0)))
    }
    func observing(_ p: ClusterParameters) -> ObservingConditions {
      ObservingConditions(
        distanceModulus: p.distanceModulus, extinctionV: p.extinctionAV,
        differentialExtinction: p.differentialAVSigma > 0 ? .halfNormal(sigma: p.differentialAVSigma) : .none)
    }
    /// Median over `rounds` of the mean CPU seconds of this thread per sample of `body(sample)`.
    func perSample(_ body: (Int) throws -> Void) rethrows -> Double {
      var times: [Double] = []
      for _ in 0..<rounds {
        let start = threadCPUSeconds()
        for sample in 0..<samples { try body(sample) }
        times.append((threadCPUSeconds() - start) / Double(samples))
      }
      return times.sorted()[rounds / 2]
    }

    var starCount = 0
    for p in parameters {
      starCount +=
        plan.imf.sampleMasses(totalMass: pow(10, p.logMassSolar), using: RandomGenerator(seed: 1)).masses
        .count
    }
    let meanStars = Double(starCount) / Double(samples)

    var rows: [(String, Double)] = []
    rows.append(
      (
        "isochrone at (log t, [M/H])",
        try perSample {
          _ = try plan.isochrones.isochrone(
            logAgeYears: parameters[$0].logAgeYears, metallicity: parameters[$0].metallicity)
        }
      ))
    rows.append(
      (
        "isochrone between grid nodes (log t + 0.025)",
        try perSample {
          _ = try plan.isochrones.isochrone(
            logAgeYears: parameters[$0].logAgeYears + 0.025, metallicity: parameters[$0].metallicity)
        }
      ))
    rows.append(
      (
        "IMF masses to the target mass",
        perSample {
          _ = plan.imf.sampleMasses(totalMass: pow(10, parameters[$0].logMassSolar), using: RandomGenerator(seed: 1))
        }
      ))
    rows.append(
      (
        "population, the recipe's \(recipe.bands.count) bands (the plan's set holds only those)",
        try perSample {
          let p = parameters[$0]
          _ = try StellarPopulation.sample(
            from: plan.isochrones, logAgeYears: p.logAgeYears, metallicity: p.metallicity, imf: plan.imf,
            targetMass: pow(10, p.logMassSolar), observing: observing(p), bands: recipe.bands,
            generator: RandomGenerator(seed: 1))
        }
      ))
    let counts = parameters.map { _ in Int(meanStars) }
    rows.append(
      (
        "positions (\(recipe.cluster.profile.rawValue))",
        try perSample {
          _ = try plan.morphology(parameters[$0]).samplePositionsParsecs(
            count: counts[$0], generator: RandomGenerator(seed: 1))
        }
      ))
    rows.append(("scene: all of simulate but render/noise", try perSample { _ = try plan.scene(sampleIndex: $0) }))
    rows.append(("simulate (whole sample, no shard write)", try perSample { _ = try plan.simulate(sampleIndex: $0) }))

    var table = BenchmarkTable(
      title:
        "Recipes/bench.yaml per sample (\(recipe.bands.count) bands, ~\(Int(meanStars)) stars drawn)",
      columns: ["step", "µs/sample", "ns/star drawn", "samples/s if alone"])
    for (name, seconds) in rows {
      table.rows.append([
        name, String(format: "%.1f", seconds * 1e6), String(format: "%.1f", seconds / meanStars * 1e9),
        String(format: "%.0f", 1 / seconds),
      ])
    }
    table.notes.append(
      "Each step timed alone (CPU time of the thread: less sensitive than wall time to other work on a shared "
        + "machine) over the same \(samples) samples' cluster parameters (median of \(rounds) rounds); "
        + "the scene includes the steps above plus fluxes, integrated magnitudes and truth. The IMF, population "
        + "and position rows draw from one fixed generator (seed 1) rather than each sample's own stream, and "
        + "the positions row places the mean star count for every sample.")
    return table
  }
}
