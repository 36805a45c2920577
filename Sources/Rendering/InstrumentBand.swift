import Foundation

/// One band of an imaging instrument, as seen on Starmill's image grid.
///
/// Photometric contract: a star of Vega magnitude m gives the count rate
/// `10^(−0.4 (m − ZP))` e⁻/s in an infinite aperture, where ZP (`vegaZeroPoint`) is the Vega
/// magnitude of a source giving 1 e⁻/s; over the exposure it gives that rate × t electrons.
///
/// Noise contract (see `NoiseModel`): images are made in e⁻/s on the image grid
/// (`pixelScaleArcsec`, 0.05″ for PHAT's drizzled mosaics in every band); the background is
/// either given per image pixel or as the effective per-star background K of the PHAT-style
/// model S/N = F t / √(F t + K t), which `NoiseModel` turns into a per-pixel sky through the
/// PSF's noise-equivalent area.
public struct InstrumentBand: Sendable, Equatable {
  /// The background light that the noise model draws Poisson noise from.
  public enum Background: Sendable, Equatable {
    /// Sky plus other smooth light, e⁻/s per image-grid pixel.
    case perPixel(electronsPerSecond: Double)
    /// K (e⁻/s per star) of S/N = F t / √(F t + K t): everything that adds variance under a
    /// star's PSF-fitted flux (sky, unresolved light, crowding, read noise if not separate).
    case effectivePerStar(electronsPerSecond: Double)
  }

  /// The image grid of PHAT's drizzled mosaics (all six bands): 0.05″ per pixel.
  public static let phatDrizzledPixelScaleArcsec = 0.05

  /// Filter name, e.g. "F475W".
  public let name: String
  /// Camera, e.g. "ACS/WFC".
  public let camera: String
  /// The detector's own pixel scale (arcsec); informational and for read-noise scaling.
  public let nativePixelScaleArcsec: Double
  /// The image grid's pixel scale (arcsec); Starmill renders every band on this grid.
  public let pixelScaleArcsec: Double
  /// Vega magnitude of a source giving 1 e⁻/s (infinite aperture).
  public let vegaZeroPoint: Double
  /// Exposure time t (s) of the noise model.
  public let exposureTimeSeconds: Double
  public let background: Background
  /// RMS read noise per image-grid pixel of the final image (e⁻), added as a Gaussian.
  public let readNoiseElectrons: Double
  /// Detector gain (e⁻ per data number). Starmill's images are in e⁻/s, so the gain is not
  /// applied to them; it is recorded for users who need DN (`dataNumbersPerSecond`).
  public let gainElectronsPerDataNumber: Double
  /// Measured PSF FWHM (arcsec): for Gaussian stand-ins and sanity checks, not for rendering.
  public let psfFWHMArcsec: Double

  public init(
    name: String, camera: String, nativePixelScaleArcsec: Double,
    pixelScaleArcsec: Double = InstrumentBand.phatDrizzledPixelScaleArcsec, vegaZeroPoint: Double,
    exposureTimeSeconds: Double, background: Background, readNoiseElectrons: Double,
    gainElectronsPerDataNumber: Double, psfFWHMArcsec: Double
  ) throws(InstrumentError) {
    func fail(_ field: String, _ value: Double, _ rule: String) -> InstrumentError {
      InstrumentError(band: name, field: field, value: "\(value)", rule: rule)
    }
    guard !name.isEmpty else {
      throw InstrumentError(band: name, field: "name", value: "\"\"", rule: "must not be empty")
    }
    for (field, value) in [
      ("nativePixelScaleArcsec", nativePixelScaleArcsec), ("pixelScaleArcsec", pixelScaleArcsec),
      ("exposureTimeSeconds", exposureTimeSeconds), ("gainElectronsPerDataNumber", gainElectronsPerDataNumber),
      ("psfFWHMArcsec", psfFWHMArcsec),
    ] where !(value.isFinite && value > 0) {
      throw fail(field, value, "must be a finite number > 0")
    }
    guard vegaZeroPoint.isFinite else { throw fail("vegaZeroPoint", vegaZeroPoint, "must be finite") }
    guard readNoiseElectrons.isFinite, readNoiseElectrons >= 0 else {
      throw fail("readNoiseElectrons", readNoiseElectrons, "must be a finite number ≥ 0")
    }
    switch background {
    case .perPixel(let rate) where !(rate.isFinite && rate >= 0):
      throw fail("background.perPixel", rate, "must be a finite count rate ≥ 0 e⁻/s per pixel")
    case .effectivePerStar(let rate) where !(rate.isFinite && rate >= 0):
      throw fail("background.effectivePerStar", rate, "must be a finite count rate ≥ 0 e⁻/s")
    default: break
    }
    self.name = name
    self.camera = camera
    self.nativePixelScaleArcsec = nativePixelScaleArcsec
    self.pixelScaleArcsec = pixelScaleArcsec
    self.vegaZeroPoint = vegaZeroPoint
    self.exposureTimeSeconds = exposureTimeSeconds
    self.background = background
    self.readNoiseElectrons = readNoiseElectrons
    self.gainElectronsPerDataNumber = gainElectronsPerDataNumber
    self.psfFWHMArcsec = psfFWHMArcsec
  }

  /// F = 10^(−0.4 (m − ZP)) e⁻/s, evaluated as exp(−0.4 ln 10 · (m − ZP)) (cheaper than
  /// `pow`, a few ulp from it; called once per star and band).
  public func countRateElectronsPerSecond(vegaMagnitude: Double) -> Double {
    exp(-0.4 * M_LN10 * (vegaMagnitude - vegaZeroPoint))
  }

  /// m = ZP − 2.5 log10 F.
  public func vegaMagnitude(countRateElectronsPerSecond rate: Double) -> Double {
    vegaZeroPoint - 2.5 * log10(rate)
  }

  /// Expected electrons over the exposure: F t.
  public func expectedElectrons(vegaMagnitude: Double) -> Double {
    countRateElectronsPerSecond(vegaMagnitude: vegaMagnitude) * exposureTimeSeconds
  }

  /// The PSF FWHM in image-grid pixels.
  public var psfFWHMPixels: Double { psfFWHMArcsec / pixelScaleArcsec }

  /// An e⁻/s value in DN/s.
  public func dataNumbersPerSecond(electronsPerSecond: Double) -> Double {
    electronsPerSecond / gainElectronsPerDataNumber
  }
}
