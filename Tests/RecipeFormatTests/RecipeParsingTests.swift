import RecipeFormat
import Testing

/// A small valid recipe; malformed cases below change one thing each.
let validRecipeText = """
  version: 1
  name: unit
  seed: 7
  samples: 10
  shard_size: 4
  bands: [F336W, F475W, F814W]
  image:
    size_px: 48
    pixel_scale_arcsec: 0.05
  isochrones: parsec-v1.2s-phat
  imf: {kind: kroupa, min_mass: 0.1, max_mass: 120}
  cluster:
    log_age: {uniform: [6.6, 10.0]}
    log_mass: {log_uniform: [2.0, 4.0]}
    r_h_pc: {normal: {mean: 2, sigma: 1, min: 0.2, max: 8}}
    metallicity: {choice: [-0.5, 0.0]}
    a_v: 0.3
    profile: {kind: eff, gamma: {uniform: [2.2, 3.5]}}
  background: {library: phat-synthetic, flips: true, rotations: false}
  labels: [log_age, log_mass, r_h_pc]

  """

@Suite struct RecipeParsingTests {
  @Test func validRecipeReadsEveryField() throws {
    let recipe = try Recipe.parse(validRecipeText, sourceName: "unit.yaml")
    #expect(recipe.version == 1)
    #expect(recipe.seed == 7)
    #expect(recipe.samples == 10)
    #expect(recipe.shardSize == 4)
    #expect(recipe.bands == ["F336W", "F475W", "F814W"])
    #expect(recipe.imageHeightPixels == 48 && recipe.imageWidthPixels == 48)
    #expect(recipe.imf.kind == .kroupa && recipe.imf.minimumMassSolar == 0.1 && recipe.imf.maximumMassSolar == 120)
    #expect(recipe.cluster.logAgeYears == .uniform(low: 6.6, high: 10.0))
    #expect(recipe.cluster.logMassSolar == .logUniform(low: 2, high: 4))
    #expect(recipe.cluster.rHalfLightParsecs == .normal(mean: 2, sigma: 1, minimum: 0.2, maximum: 8))
    #expect(recipe.cluster.metallicity == .choice(values: [-0.5, 0], weights: nil))
    #expect(recipe.cluster.extinctionAV == .fixed(0.3))
    #expect(recipe.cluster.profile == .eff && recipe.cluster.effGamma == .uniform(low: 2.2, high: 3.5))
    #expect(recipe.background == BackgroundSpec(library: "phat-synthetic", flips: true, rotations: false))
    #expect(recipe.distanceModulus == .fixed(24.47))
    #expect(recipe.location(of: "cluster.log_age") == SourceLocation(file: "unit.yaml", line: 13, column: 12))
    #expect(recipe.sourceText == validRecipeText)
  }

  @Test func gridAxesFromListsAndRanges() throws {
    let text =
      validRecipeText.replacingOccurrences(of: "samples: 10\n", with: "") + """
        grid:
          axes:
            log_age: [7.0, 8.0, 9.0]
            log_mass: {from: 2.5, to: 3.5, count: 3}
          realisations: 4

        """
    let recipe = try Recipe.parse(text, sourceName: "grid.yaml")
    let grid = try #require(recipe.grid)
    #expect(grid.axes.map(\.parameter) == ["log_age", "log_mass"])
    #expect(grid.axes[1].values == [2.5, 3.0, 3.5])
    #expect(grid.sampleCount == 36)
  }

  /// One malformed recipe: the replacement applied to the valid text, and the error expected.
  struct Malformed: Sendable, CustomTestStringConvertible {
    var label: String
    var find: String
    var replace: String
    var fieldPath: String
    var ruleFragment: String
    var line: Int?
    var testDescription: String { label }
  }

  static let malformedCases: [Malformed] = [
    .init(
      label: "unknown top-level key with suggestion", find: "shard_size: 4", replace: "shard_sise: 4",
      fieldPath: "shard_sise", ruleFragment: "did you mean 'shard_size'", line: 5),
    .init(
      label: "unknown cluster key", find: "a_v: 0.3", replace: "av: 0.3", fieldPath: "cluster.av",
      ruleFragment: "did you mean 'a_v'", line: 17),
    .init(
      label: "wrong version", find: "version: 1", replace: "version: 2", fieldPath: "version",
      ruleFragment: "unsupported recipe version", line: 1),
    .init(
      label: "missing version", find: "version: 1\n", replace: "", fieldPath: "version", ruleFragment: "is required",
      line: nil),
    .init(
      label: "negative seed", find: "seed: 7", replace: "seed: -3", fieldPath: "seed", ruleFragment: "must be ≥ 0",
      line: 3),
    .init(
      label: "seed not an integer", find: "seed: 7", replace: "seed: seven", fieldPath: "seed",
      ruleFragment: "must be an integer", line: 3),
    .init(
      label: "zero samples", find: "samples: 10", replace: "samples: 0", fieldPath: "samples",
      ruleFragment: "must be > 0", line: 4),
    .init(
      label: "zero shard size", find: "shard_size: 4", replace: "shard_size: 0", fieldPath: "shard_size",
      ruleFragment: "must be > 0", line: 5),
    .init(
      label: "bands not a list", find: "bands: [F336W, F475W, F814W]", replace: "bands: F475W", fieldPath: "bands",
      ruleFragment: "must be a list", line: 6),
    .init(
      label: "duplicate band", find: "bands: [F336W, F475W, F814W]", replace: "bands: [F475W, F475W]",
      fieldPath: "bands", ruleFragment: "each band may appear once", line: 6),
    .init(
      label: "empty band list", find: "bands: [F336W, F475W, F814W]", replace: "bands: []", fieldPath: "bands",
      ruleFragment: "at least one band", line: 6),
    .init(
      label: "image too small", find: "size_px: 48", replace: "size_px: 4", fieldPath: "image.size_px",
      ruleFragment: "from 8 to 4096", line: 8),
    .init(
      label: "negative pixel scale", find: "pixel_scale_arcsec: 0.05", replace: "pixel_scale_arcsec: -0.05",
      fieldPath: "image.pixel_scale_arcsec", ruleFragment: "must be in (0, 10]", line: 9),
    .init(
      label: "missing isochrones", find: "isochrones: parsec-v1.2s-phat\n", replace: "", fieldPath: "isochrones",
      ruleFragment: "is required", line: nil),
    .init(
      label: "unknown IMF", find: "kind: kroupa", replace: "kind: kroupaa", fieldPath: "imf.kind",
      ruleFragment: "did you mean 'kroupa'", line: 11),
    .init(
      label: "IMF max below min", find: "max_mass: 120", replace: "max_mass: 0.05", fieldPath: "imf.max_mass",
      ruleFragment: "must exceed imf.min_mass", line: 11),
    .init(
      label: "uniform with reversed bounds", find: "log_age: {uniform: [6.6, 10.0]}",
      replace: "log_age: {uniform: [10.0, 6.6]}", fieldPath: "cluster.log_age.uniform",
      ruleFragment: "low < high", line: 13),
    .init(
      label: "log age out of physical range", find: "log_age: {uniform: [6.6, 10.0]}",
      replace: "log_age: {uniform: [6.6, 12.0]}", fieldPath: "cluster.log_age", ruleFragment: "must lie in [5, 10.5]",
      line: 13),
    .init(
      label: "log_uniform with zero low", find: "log_mass: {log_uniform: [2.0, 4.0]}",
      replace: "log_mass: {log_uniform: [0, 4.0]}", fieldPath: "cluster.log_mass.log_uniform",
      ruleFragment: "low > 0", line: 14),
    .init(
      label: "non-positive size", find: "r_h_pc: {normal: {mean: 2, sigma: 1, min: 0.2, max: 8}}",
      replace: "r_h_pc: -1", fieldPath: "cluster.r_h_pc", ruleFragment: "positive", line: 15),
    .init(
      label: "normal without sigma", find: "{normal: {mean: 2, sigma: 1, min: 0.2, max: 8}}",
      replace: "{normal: {mean: 2, min: 0.2}}", fieldPath: "cluster.r_h_pc.normal.sigma",
      ruleFragment: "is required", line: 15),
    .init(
      label: "normal with zero sigma", find: "sigma: 1,", replace: "sigma: 0,",
      fieldPath: "cluster.r_h_pc.normal.sigma",
      ruleFragment: "must be > 0", line: 15),
    .init(
      label: "unknown distribution form", find: "metallicity: {choice: [-0.5, 0.0]}",
      replace: "metallicity: {gaussian: [-0.5, 0.1]}", fieldPath: "cluster.metallicity.gaussian",
      ruleFragment: "unknown key", line: 16),
    .init(
      label: "two distribution forms", find: "metallicity: {choice: [-0.5, 0.0]}",
      replace: "metallicity: {fixed: 0, uniform: [0, 1]}", fieldPath: "cluster.metallicity",
      ruleFragment: "exactly one of", line: 16),
    .init(
      label: "empty choice", find: "metallicity: {choice: [-0.5, 0.0]}", replace: "metallicity: {choice: []}",
      fieldPath: "cluster.metallicity.choice", ruleFragment: "at least one value", line: 16),
    .init(
      label: "negative extinction", find: "a_v: 0.3", replace: "a_v: -0.3", fieldPath: "cluster.a_v",
      ruleFragment: "A_V must lie in [0, 10]", line: 17),
    .init(
      label: "string where number expected", find: "a_v: 0.3", replace: "a_v: '0.3'", fieldPath: "cluster.a_v",
      ruleFragment: "must be a finite number", line: 17),
    .init(
      label: "EFF gamma at 2 (infinite light)", find: "gamma: {uniform: [2.2, 3.5]}", replace: "gamma: 2.0",
      fieldPath: "cluster.profile.gamma", ruleFragment: "infinite light", line: 18),
    .init(
      label: "unknown profile", find: "kind: eff", replace: "kind: plumer", fieldPath: "cluster.profile.kind",
      ruleFragment: "did you mean 'plummer'", line: 18),
    .init(
      label: "flips not a boolean", find: "flips: true", replace: "flips: maybe", fieldPath: "background.flips",
      ruleFragment: "must be true or false", line: 19),
    .init(
      label: "unknown label", find: "labels: [log_age, log_mass, r_h_pc]", replace: "labels: [log_age, log_mas]",
      fieldPath: "labels", ruleFragment: "did you mean 'log_mass'", line: 20),
    .init(
      label: "YAML syntax error", find: "bands: [F336W, F475W, F814W]", replace: "bands: [F336W, F475W",
      fieldPath: "", ruleFragment: "not valid YAML", line: nil),
    .init(
      label: "duplicate key", find: "seed: 7", replace: "seed: 7\nseed: 8", fieldPath: "",
      ruleFragment: "duplicated keys", line: nil),
    .init(
      label: "no samples and no grid", find: "samples: 10\n", replace: "", fieldPath: "samples",
      ruleFragment: "is required", line: nil),
  ]

  @Test(arguments: malformedCases)
  func malformedRecipeGivesPreciseError(_ malformed: Malformed) throws {
    #expect(validRecipeText.contains(malformed.find), "test case does not apply: \(malformed.label)")
    let text = validRecipeText.replacingOccurrences(of: malformed.find, with: malformed.replace)
    do {
      _ = try Recipe.parse(text, sourceName: "bad.yaml")
      Issue.record("expected an error for \(malformed.label)")
    } catch {
      let match = error.errors.first {
        $0.fieldPath == malformed.fieldPath && $0.rule.contains(malformed.ruleFragment)
      }
      #expect(match != nil, "\(malformed.label): got \(error.description)")
      if let match, let line = malformed.line {
        #expect(match.location.line == line, "\(malformed.label): \(match)")
      }
      #expect(error.errors.allSatisfy { $0.location.file == "bad.yaml" })
    }
  }

  @Test func allErrorsAreReportedTogether() {
    let text = validRecipeText.replacingOccurrences(of: "seed: 7", with: "seed: -1")
      .replacingOccurrences(of: "a_v: 0.3", with: "a_v: -1")
    do {
      _ = try Recipe.parse(text, sourceName: "two.yaml")
      Issue.record("expected errors")
    } catch {
      #expect(error.errors.count == 2)
      #expect(error.description.contains("two.yaml:3:7: seed: -1: must be ≥ 0"))
    }
  }
}
