import Backgrounds
import Foundation
import RecipeFormat

extension DatasetPlanner {
  /// Finds and loads the recipe's background library and checks it against the recipe: every
  /// band present, the same pixel scale, and patches large enough for the image in every
  /// orientation the recipe allows. Problems are reported at `background.library`.
  static func loadBackground(
    _ spec: BackgroundSpec, recipe: Recipe, resources: ResourceLocator,
    fail: (String, String?, String) -> Void
  ) -> BackgroundLibrary? {
    let field = "background.library"
    let value = "'\(spec.library)'"
    guard let path = resources.resolve(spec.library, kind: .backgrounds) else {
      fail(
        field, value,
        "no such background library (looked in \(resources.describeSearch(spec.library, kind: .backgrounds)))")
      return nil
    }
    let library: BackgroundLibrary
    do {
      library = try BackgroundLibraryFolder.load(path)
    } catch {
      fail(field, value, "cannot load the background library at \(path): \(error)")
      return nil
    }
    var ok = true
    let missing = recipe.bands.filter { !library.bands.contains($0) }
    if !missing.isEmpty {
      fail(
        field, value,
        "the library has no band \(missing.joined(separator: ", ")) (it has \(library.bands.joined(separator: ", ")))")
      ok = false
    }
    if abs(library.pixelScaleArcsec - recipe.pixelScaleArcsec) > 1e-6 * recipe.pixelScaleArcsec {
      fail(
        field, value,
        "the library's pixel scale \(library.pixelScaleArcsec)″ differs from image.pixel_scale_arcsec \(recipe.pixelScaleArcsec)″"
      )
      ok = false
    }
    if !library.fits(width: recipe.imageWidthPixels, height: recipe.imageHeightPixels, rotations: spec.rotations) {
      fail(
        field, value,
        "its \(library.patchWidth)×\(library.patchHeight) px patches cannot hold a \(recipe.imageWidthPixels)×\(recipe.imageHeightPixels) px image\(spec.rotations ? " in every rotation" : "")"
      )
      ok = false
    }
    return ok ? library : nil
  }
}
