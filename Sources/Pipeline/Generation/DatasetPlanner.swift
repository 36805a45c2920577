import Foundation
import Optics
import RecipeFormat
import Rendering
import StellarPopulations

/// Turns a validated recipe into a `DatasetPlan`: finds and loads the isochrone set, the
/// instrument and its PSFs, and checks everything that needs them (bands, age and metallicity
/// ranges). Every problem is reported at the recipe field it comes from, all at once, before
/// anything is written.
public enum DatasetPlanner {
  public static func plan(_ recipe: Recipe, resources: ResourceLocator) throws -> DatasetPlan {
    var errors: [RecipeError] = []
    func fail(_ field: String, _ value: String?, _ rule: String) {
      errors.append(RecipeError(location: recipe.location(of: field), fieldPath: field, value: value, rule: rule))
    }

    // Isochrone set.
    var isochrones: IsochroneSet?
    if let path = resources.resolve(recipe.isochrones, kind: .isochrones) {
      do {
        isochrones = try IsochroneSetFolder.load(path)
      } catch {
        fail("isochrones", "'\(recipe.isochrones)'", "cannot load the isochrone set at \(path): \(error)")
      }
    } else {
      fail(
        "isochrones", "'\(recipe.isochrones)'",
        "no such isochrone set (looked in \(resources.describeSearch(recipe.isochrones, kind: .isochrones)))")
    }

    // Instrument.
    var loaded: LoadedInstrument?
    if let path = resources.resolve(recipe.instrument, kind: .instruments, fileExtension: "yaml") {
      do {
        loaded = try InstrumentFileLoader.load(from: URL(fileURLWithPath: path))
      } catch {
        fail("instrument", "'\(recipe.instrument)'", "cannot load the instrument: \(error)")
      }
    } else {
      fail(
        "instrument", "'\(recipe.instrument)'",
        "no such instrument (looked in \(resources.describeSearch(recipe.instrument + ".yaml", kind: .instruments)))")
    }

    // Bands, ranges, pixel scale.
    if let set = isochrones {
      for band in recipe.bands where !set.bands.contains(band) {
        fail("bands", "'\(band)'", "the isochrone set has no such band (it has \(set.bands.joined(separator: ", ")))")
      }
      let ages = set.isochrones.map(\.logAgeYears)
      let ageRange = ages.min()!...ages.max()!
      check(recipe.cluster.logAgeYears, "cluster.log_age", within: ageRange, what: "log age", &errors, recipe)
      let zRange = set.metallicities.first!...set.metallicities.last!
      check(recipe.cluster.metallicity, "cluster.metallicity", within: zRange, what: "[M/H]", &errors, recipe)
      for axis in recipe.grid?.axes ?? [] {
        let range = axis.parameter == "log_age" ? ageRange : axis.parameter == "metallicity" ? zRange : nil
        if let range, let bad = axis.values.first(where: { !range.contains($0) }) {
          fail("grid.axes.\(axis.parameter)", "\(bad)", "outside the isochrone set's range \(range)")
        }
      }
    }
    var bands: [InstrumentBand] = []
    var psfs: [any PointSpreadFunction] = []
    var psfSources: [String] = []
    if let loaded {
      for band in recipe.bands {
        guard let instrumentBand = loaded.instrument.band(named: band) else {
          fail(
            "bands", "'\(band)'",
            "the instrument \(loaded.instrument.name) has no such band (it has \(loaded.instrument.bandNames.joined(separator: ", ")))"
          )
          continue
        }
        if abs(instrumentBand.pixelScaleArcsec - recipe.pixelScaleArcsec) > 1e-9 {
          fail(
            "image.pixel_scale_arcsec", "\(recipe.pixelScaleArcsec)",
            "the instrument's image grid for \(band) is \(instrumentBand.pixelScaleArcsec)″/px (its PSFs are made for it)"
          )
        }
        bands.append(instrumentBand)
        guard let url = loaded.psfFiles[band] else {
          fail("instrument", "'\(recipe.instrument)'", "band \(band) names no psf_file")
          continue
        }
        do {
          psfs.append(try PSFFileReader.renderingPSF(atPath: url.path))
          psfSources.append(url.path)
        } catch {
          fail("instrument", "'\(recipe.instrument)'", "cannot load the PSF of \(band): \(error)")
        }
      }
    }
    let library = recipe.background.flatMap { loadBackground($0, recipe: recipe, resources: resources, fail: fail) }
    guard errors.isEmpty, let isochrones else { throw RecipeValidationFailure(errors) }
    var plan = try DatasetPlan(
      recipe: recipe, isochrones: isochrones, instrumentBands: bands, psfs: psfs, psfSources: psfSources)
    if let library, let spec = recipe.background {
      plan.background = try PlannedBackground(
        library: library, bands: recipe.bands, exposureTimes: bands.map(\.exposureTimeSeconds), flips: spec.flips,
        rotations: spec.rotations)
    }
    return plan
  }

  private static func check(
    _ distribution: ParameterDistribution, _ field: String, within range: ClosedRange<Double>, what: String,
    _ errors: inout [RecipeError], _ recipe: Recipe
  ) {
    let support = distribution.support
    guard support.lowerBound < range.lowerBound || support.upperBound > range.upperBound else { return }
    errors.append(
      RecipeError(
        location: recipe.location(of: field), fieldPath: field, value: "[\(support.lowerBound), \(support.upperBound)]",
        rule: "\(what) must lie inside the isochrone set's range [\(range.lowerBound), \(range.upperBound)]"))
  }
}
