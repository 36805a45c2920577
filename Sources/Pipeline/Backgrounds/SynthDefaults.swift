/// The bundled synthetic library's parameters and the calibration bins (shared by the CLI, the
/// README and the calibration test so that they cannot drift apart).
public enum SynthDefaults {
  /// Density classes, formed M☉ arcsec⁻² (the middle class is fitted to PHAT brick 15 field 27).
  public static let classes = "outer-disk=95,b15-field=380,inner-disk=1500"
  public static let calibrationAreaArcsec2 = 400.0
  /// Lower edges of the 0.5-mag bins used to fit the density (bright, well-measured stars).
  public static let fitBins: [String: [Double]] = ["F475W": [25.0, 25.5], "F814W": [24.5, 25.0]]
  /// Lower edges of the bins reported and checked (down to the S/N = 5 limit).
  public static let checkBins: [String: [Double]] = [
    "F475W": [24.5, 25.0, 25.5, 26.0, 26.5, 27.0], "F814W": [24.0, 24.5, 25.0, 25.5, 26.0, 26.5],
  ]
}
