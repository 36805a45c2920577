import Datasets
import FITS
import Foundation

/// `starmill preview`: the first samples of a recipe as a PNG contact sheet, or as one
/// multi-extension FITS file per sample (one image extension per band, EXTNAME = band, with
/// the sample's labels and truth in the primary header) for DS9 and astropy.
public enum PreviewRun {
  /// Simulates samples `0..<count` of `plan` (on `threads` threads) and writes the preview to
  /// `output`: a `.png` contact sheet, or for `.fits` the files `<stem>-<i>.fits`.
  /// Returns the paths written.
  public static func run(plan: DatasetPlan, count: Int, output: String, threads: Int) throws -> [String] {
    let observations = try ParallelSampler.map(0..<min(count, plan.sampleCount), threadCount: threads) {
      try plan.simulate(sampleIndex: $0)
    }
    let url = URL(fileURLWithPath: output)
    try FileManager.default.createDirectory(
      at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    switch url.pathExtension.lowercased() {
    case "png":
      let tiles = observations.enumerated().map { index, observation in
        ContactSheet.Tile(
          pixels: observation.pixels, bandCount: plan.bands.count, width: plan.recipe.imageWidthPixels,
          height: plan.recipe.imageHeightPixels, caption: caption(index, observation))
      }
      let png = try ContactSheet.render(tiles: tiles, columns: 8, zoom: plan.recipe.imageWidthPixels <= 64 ? 3 : 2)
      try Data(png).write(to: url, options: .atomic)
      return [output]
    case "fits", "fit":
      let stem = url.deletingPathExtension().path
      return try observations.enumerated().map { index, observation in
        let path = "\(stem)-\(index).fits"
        try writeFITS(observation, sampleIndex: index, plan: plan, path: path)
        return path
      }
    default:
      throw ShardError(path: output, problem: "preview output must end in .png or .fits")
    }
  }

  static func caption(_ index: Int, _ observation: Observation) -> [String] {
    let t = observation.truthReals
    return [
      String(format: "#%d T%.2f M%.2f", index, t["log_age"] ?? .nan, t["log_mass"] ?? .nan),
      String(format: "RH%.2f AV%.2f", t["r_h_pc"] ?? .nan, t["a_v"] ?? .nan),
    ]
  }

  static func writeFITS(_ observation: Observation, sampleIndex: Int, plan: DatasetPlan, path: String) throws {
    let file = try FITSFile(creatingAtPath: path, overwrite: true)
    try file.appendEmptyPrimary()
    try file.setKeyword("ORIGIN", .string("Starmill \(StarmillVersion.string)"))
    try file.setKeyword("RECIPE", .string(plan.recipe.name))
    try file.setKeyword("RECIPSHA", .string(plan.recipe.sha256))
    try file.setKeyword("SAMPLE", .int(sampleIndex), comment: "sample index in the recipe")
    try file.setKeyword("BUNIT", .string("electron/s"))
    for (name, value) in observation.truthReals.sorted(by: { $0.key < $1.key }) {
      try file.setKeyword(fitsKey(name), .double(value), comment: name)
    }
    for (name, value) in observation.truthIntegers.sorted(by: { $0.key < $1.key }) {
      try file.setKeyword(fitsKey(name), .int(Int(value)), comment: name)
    }
    let height = plan.recipe.imageHeightPixels
    let width = plan.recipe.imageWidthPixels
    for (band, name) in plan.bands.enumerated() {
      let slice = Array(observation.pixels[(band * height * width)..<((band + 1) * height * width)])
      try file.appendImage(FITSImage(shape: [height, width], pixels: slice), extensionName: name)
      try file.setKeyword("BUNIT", .string("electron/s"))
      try file.setKeyword("FILTER", .string(name))
      try file.setKeyword("PIXSCALE", .double(plan.recipe.pixelScaleArcsec), comment: "arcsec per pixel")
      try file.setKeyword("ZP_VEGA", .double(plan.instrumentBands[band].vegaZeroPoint), comment: "Vega mag of 1 e-/s")
      try file.setKeyword("EXPTIME", .double(plan.instrumentBands[band].exposureTimeSeconds), comment: "s")
    }
    try file.close()
  }

  /// A FITS keyword (≤ 8 characters, upper case) for a truth name, e.g. `log_age` → `LOG_AGE`,
  /// `luminous_star_count` → `LUMINOUS` … shortened deterministically.
  static func fitsKey(_ name: String) -> String {
    let known: [String: String] = [
      "log_age": "LOGAGE", "log_mass": "LOGMASS", "r_h_pc": "RH_PC", "metallicity": "MH", "a_v": "AV",
      "differential_a_v_sigma": "DAVSIG", "distance_modulus": "DISTMOD", "eff_gamma": "EFFGAMMA",
      "king_concentration": "KINGC", "ellipticity": "ELLIP", "position_angle_deg": "PA_DEG",
      "center_offset_x_px": "OFFX_PX", "center_offset_y_px": "OFFY_PX", "mass_drawn": "MDRAWN",
      "mass_alive": "MALIVE", "center_x_px": "CENX_PX", "center_y_px": "CENY_PX", "star_count": "NSTARS",
      "alive_star_count": "NALIVE", "luminous_star_count": "NLUMIN", "grid_node": "GRIDNODE",
      "realisation": "REALISE",
    ]
    return known[name] ?? String(name.uppercased().filter { $0.isLetter || $0.isNumber }.prefix(8))
  }
}
