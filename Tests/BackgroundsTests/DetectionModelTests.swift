import Backgrounds
import Foundation
import Numerics
import Pipeline
import StarmillTestSupport
import Testing

@Suite struct DetectionModelTests {
  /// Artificial stars on a line F475W = 20 … 29.9 (F814W = F475W − 1.5), 0.1 mag apart: detected
  /// brighter than 27 with output = input + 0.05 (F475W) and − 0.02 (F814W), lost fainter.
  static func ladder() throws -> ArtificialStarTests {
    let b = (0..<100).map { 20 + 0.1 * Double($0) }
    let i = b.map { $0 - 1.5 }
    let lost = b.map { $0 >= 27 }
    return try ArtificialStarTests(
      bands: ["F475W", "F814W"], input: [b, i],
      output: [zip(b, lost).map { $1 ? 99.999 : $0 + 0.05 }, zip(i, lost).map { $1 ? 99.999 : $0 - 0.02 }],
      signalToNoise: [b.map { _ in 10 }, b.map { _ in 10 }], sharpness: [b.map { _ in 0 }, b.map { _ in 0 }],
      crowding: [b.map { _ in 0.1 }, b.map { _ in 0.1 }])
  }

  /// References 27.5 / 26.0: the ladder's depth is F475W − 27.5 (F475W-limited).
  static func model() throws -> DetectionModel {
    try DetectionModel(tests: ladder(), referenceMagnitudes: [27.5, 26.0], neighbours: 4)
  }

  @Test func brightStarsAreObservedWithTheirNeighboursErrorsFaintOnesAreLost() throws {
    let model = try Self.model()
    let generator = RandomGenerator(seed: 1, stream: 0)
    #expect(model.completeness([24.0, 22.5]) == 1)
    #expect(model.completeness([28.5, 27.0]) == 0)
    // Beyond the deepest test (depth 2.4) c = 0 by rule, whatever the neighbours say.
    #expect(model.completeness([31, 29.5]) == 0)
    // A blue star limited by F814W: bright in F475W but depth 26.6 − 26.0 = 0.6 → lost, as the
    // tests of that depth (F475W ≈ 28.1).
    #expect(model.depth([25.0, 26.6]) == 26.6 - 26.0)
    #expect(model.completeness([25.0, 26.6]) == 0)
    let seen = try #require(model.observe([24.0, 22.5], generator: generator))
    #expect(abs(seen[0] - 24.05) < 1e-12 && abs(seen[1] - 22.48) < 1e-12)
    #expect(model.observe([28.5, 27.0], generator: generator) == nil)
    #expect(model.observe([.infinity, 20], generator: generator) == nil)
    // At the edge 27.0 the four nearest are 26.9, 27.0, 26.8, 27.1 → two detected of four.
    #expect(abs(model.completeness([26.95, 25.45]) - 0.5) < 1e-12)
  }

  /// The detected fraction of many draws at the edge is c(m) = 1/2 (binomial, 4σ band).
  @Test func drawsFollowTheCompleteness() throws {
    let model = try Self.model()
    let generator = RandomGenerator(seed: 2, stream: 0)
    let draws = 4000
    let detected = (0..<draws).filter { _ in model.observe([26.95, 25.45], generator: generator) != nil }.count
    #expect(abs(Double(detected) / Double(draws) - 0.5) < 4 * (0.25 / Double(draws)).squareRoot())
  }

  @Test func goodStarRuleAndShapes() throws {
    let criteria = ArtificialStarTests.Criteria()
    #expect(criteria.accepts(signalToNoise: 4.0, sharpness: 0.44, crowding: 2.25))
    #expect(!criteria.accepts(signalToNoise: 3.9, sharpness: 0, crowding: 0))
    #expect(!criteria.accepts(signalToNoise: 10, sharpness: 0.45, crowding: 0))
    #expect(!criteria.accepts(signalToNoise: 10, sharpness: 0, crowding: 2.3))
    #expect(
      throws: FieldError(
        field: "artificialStarTests.output", value: "[1] values per band", rule: "needs 2 bands × 1 stars")
    ) {
      try ArtificialStarTests(
        bands: ["A", "B"], input: [[1], [1]], output: [[1]], signalToNoise: [[9], [9]], sharpness: [[0], [0]],
        crowding: [[0], [0]])
    }
    #expect(
      throws: FieldError(field: "artificialStarTests.stars", value: "0", rule: "needs at least one star")
    ) {
      try ArtificialStarTests(
        bands: ["A"], input: [[]], output: [[]], signalToNoise: [[]], sharpness: [[]], crowding: [[]])
    }
    let ladder = try Self.ladder()
    #expect(
      throws: FieldError(
        field: "detectionModel.neighbours", value: "0", rule: "needs 1 … 100 (the number of artificial stars)")
    ) {
      try DetectionModel(tests: ladder, referenceMagnitudes: [27.5, 26], neighbours: 0)
    }
    #expect(
      throws: FieldError(
        field: "detectionModel.referenceMagnitudes", value: "[27.5]",
        rule: "needs one finite magnitude per band [\"F475W\", \"F814W\"]")
    ) { try DetectionModel(tests: ladder, referenceMagnitudes: [27.5]) }
  }

  /// The real PHAT tests of brick 15 field 27: 175 optical artificial stars, 92 recovered in both
  /// bands (all of them good stars); c = 1 for a red-clump star, 0 a magnitude below the limit
  /// (numbers from numpy/astropy on the same file with the same 10-nearest-in-depth rule and the
  /// S/N = 5 magnitudes 27.52 / 26.75 of phat_band_summary.ecsv).
  @Test(.enabled(if: SharedData.isAvailable, "needs ../shared"))
  func realArtificialStarTests() throws {
    let tests = try ArtificialStarTestFile.read(
      path: SharedData.data("phat/fake_stars_b15_27_opt.fits").path, bands: ["F475W", "F814W"])
    #expect(tests.count == 175)
    #expect(tests.detected.filter { $0 }.count == 92)
    let model = try DetectionModel(tests: tests, referenceMagnitudes: [27.52, 26.75], neighbours: 10)
    #expect(model.completeness([25, 23.5]) == 1)
    #expect(abs(model.completeness([26.5, 25]) - 0.8) < 1e-12)
    #expect(abs(model.completeness([27.5, 26]) - 0.6) < 1e-12)
    #expect(abs(model.completeness([25.5, 26.6]) - 0.6) < 1e-12)
    #expect(model.completeness([28.5, 26.5]) == 0)
    let wrongTable = SharedData.data("phat/b15_data_test.fits").path
    #expect {
      try ArtificialStarTestFile.read(path: wrongTable, bands: ["F475W"])
    } throws: { error in
      guard let error = error as? FieldError else { return false }
      return error.file == wrongTable && error.field == "columns" && error.value == "MAG1IN,MAG1OUT,SNR1,SHARP1,CROWD1"
        && error.rule.hasPrefix("an artificial-star table needs these columns")
    }
  }

  /// SFH bins: each bin's components carry its metallicity and sum to its share of the mass.
  @Test func starFormationBinsShareTheMass() throws {
    let nodes = stride(from: 6.6, through: 10.1, by: 0.05).map { ($0 * 100).rounded() / 100 }
    let sfh = try StarFormationHistory(
      bins: [
        .init(logAgeMin: 6.6, logAgeMax: 9.0, metallicity: -0.5, formedMass: 1),
        .init(logAgeMin: 9.0, logAgeMax: 10.1, metallicity: 0.0, formedMass: 3),
      ], ageNodes: nodes)
    let young = sfh.components.filter { $0.metallicity == -0.5 }
    let old = sfh.components.filter { $0.metallicity == 0.0 }
    #expect(abs(young.reduce(0) { $0 + $1.massFraction } - 0.25) < 1e-12)
    #expect(abs(old.reduce(0) { $0 + $1.massFraction } - 0.75) < 1e-12)
    #expect(young.allSatisfy { $0.logAgeYears <= 9.0 } && old.allSatisfy { $0.logAgeYears >= 9.0 })
    // Constant SFR inside a bin: the node at 9.0 belongs to both bins (edge), its share in the
    // old bin is the span [9.0, 9.025] of [9.0, 10.1].
    let edge = try #require(old.first { $0.logAgeYears == 9.0 })
    #expect(abs(edge.massFraction - 0.75 * (pow(10, 9.025) - 1e9) / (pow(10, 10.1) - 1e9)) < 1e-12)
    #expect(
      throws: FieldError(
        field: "starFormationHistory.bins[0].formedMass", value: "-1.0", rule: "must be a finite mass ≥ 0")
    ) {
      try StarFormationHistory(
        bins: [.init(logAgeMin: 6.6, logAgeMax: 9.0, metallicity: 0, formedMass: -1)], ageNodes: nodes)
    }
  }
}
