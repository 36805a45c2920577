/// Hubble's three imaging detectors used by PHAT, from TinyTim's pupil tables
/// (github.com/spacetelescope/tinytim, `acswfc1.pup`, `wfc3_uvis2.pup`, `wfc3_ir.pup`;
/// Krist, Hook & Stoehr 2011). Kernels are `[y][x]`; values as tabulated there.
extension DetectorResponse {
  /// ACS/WFC CCD, 0.05″ pixels: charge-diffusion kernels at 0.4, 0.6, 0.8 µm, and the extra
  /// Gaussian blur of TinyTim's field-dependent polynomial evaluated at the centre of the
  /// WFC1+WFC2 mosaic (x, y) = (2048, 2048): σ = 0.464, 0.398, 0.419 px at 0.435, 0.550, 0.814 µm.
  public static let hubbleACSWFC = DetectorResponse(
    pixelScaleArcsec: 0.05,
    kernels: [
      TabulatedKernel(
        wavelengthNanometres: 400,
        values: [0.0323256, 0.0965193, 0.0323256, 0.0965193, 0.484621, 0.0965193, 0.0323256, 0.0965193, 0.0323256]),
      TabulatedKernel(
        wavelengthNanometres: 600,
        values: [0.0231293, 0.0755252, 0.0231293, 0.0755252, 0.605382, 0.0755252, 0.0231293, 0.0755252, 0.0231293]),
      TabulatedKernel(
        wavelengthNanometres: 800,
        values: [0.0132919, 0.0455935, 0.0132919, 0.0455935, 0.764459, 0.0455935, 0.0132919, 0.0455935, 0.0132919]),
    ],
    blur: [
      BlurPoint(wavelengthNanometres: 435, sigmaPixels: 0.464),
      BlurPoint(wavelengthNanometres: 550, sigmaPixels: 0.398),
      BlurPoint(wavelengthNanometres: 814, sigmaPixels: 0.419),
    ])

  /// WFC3/UVIS CCD, 0.0396″ pixels: charge-diffusion kernels at 0.4, 0.6, 0.8 µm (thermal-vacuum
  /// analysis, WFC3 ISR 2008-40) and TinyTim's in-flight extra blur σ = 0.45816 px at all
  /// wavelengths (S.-M. Niemi 2010).
  public static let hubbleWFC3UVIS = DetectorResponse(
    pixelScaleArcsec: 0.0396,
    kernels: [
      TabulatedKernel(
        wavelengthNanometres: 400, values: [0.017, 0.097, 0.017, 0.097, 0.544, 0.097, 0.017, 0.097, 0.017]),
      TabulatedKernel(
        wavelengthNanometres: 600, values: [0.012, 0.084, 0.012, 0.084, 0.616, 0.084, 0.012, 0.084, 0.012]),
      TabulatedKernel(
        wavelengthNanometres: 800, values: [0.007, 0.069, 0.007, 0.069, 0.696, 0.069, 0.007, 0.069, 0.007]),
    ],
    blur: [
      BlurPoint(wavelengthNanometres: 250, sigmaPixels: 0.45816),
      BlurPoint(wavelengthNanometres: 810, sigmaPixels: 0.45816),
    ])

  /// WFC3/IR HgCdTe array, 0.128″ pixels: inter-pixel capacitance, 2.5 % to each side neighbour
  /// and 0.07 % to each corner, independent of wavelength (WFC3 ISR 2008-41, as in TinyTim).
  public static let hubbleWFC3IR = DetectorResponse(
    pixelScaleArcsec: 0.128,
    kernels: [
      TabulatedKernel(
        wavelengthNanometres: 1000, values: [0.0007, 0.025, 0.0007, 0.025, 0.897, 0.025, 0.0007, 0.025, 0.0007])
    ])
}
