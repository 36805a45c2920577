import Foundation

/// How a detector turns the optical image into pixel values: each native pixel integrates the
/// light over its square area, then charge diffusion (CCDs) or inter-pixel capacitance (IR
/// arrays) spreads each pixel's signal to its neighbours with a small kernel at the pixel pitch.
///
/// The kernel model is TinyTim's (Krist, Hook & Stoehr 2011): 3×3 kernels tabulated at a few
/// wavelengths, interpolated linearly in wavelength (extrapolated from the nearest pair outside
/// the table, as TinyTim's `Compute_acs_kernel` does) and renormalised, averaged over the band with
/// the photon weights; then an extra field-dependent Gaussian blur of σ pixels, sampled on the
/// 3×3 pixel grid and normalised (TinyTim's `Compute_kernel_xy`). The two are convolved into one
/// 5×5 kernel.
public struct DetectorResponse: Sendable, Equatable {
  /// A 3×3 kernel (`[y][x]`, 9 values) tabulated at one wavelength.
  public struct TabulatedKernel: Sendable, Equatable {
    public let wavelengthNanometres: Double
    public let values: [Double]

    public init(wavelengthNanometres: Double, values: [Double]) {
      precondition(values.count == 9, "a detector kernel is 3×3")
      self.wavelengthNanometres = wavelengthNanometres
      self.values = values
    }
  }

  /// σ of the extra Gaussian blur, in native pixels, at one wavelength.
  public struct BlurPoint: Sendable, Equatable {
    public let wavelengthNanometres: Double
    public let sigmaPixels: Double

    public init(wavelengthNanometres: Double, sigmaPixels: Double) {
      self.wavelengthNanometres = wavelengthNanometres
      self.sigmaPixels = sigmaPixels
    }
  }

  /// Native pixel pitch on the sky, arcsec.
  public var pixelScaleArcsec: Double
  /// Charge-diffusion / IPC kernels by wavelength (ascending); empty for none.
  public var kernels: [TabulatedKernel]
  /// Extra Gaussian blur by wavelength (ascending); empty for none.
  public var blur: [BlurPoint]

  public init(pixelScaleArcsec: Double, kernels: [TabulatedKernel] = [], blur: [BlurPoint] = []) {
    self.pixelScaleArcsec = pixelScaleArcsec
    self.kernels = kernels.sorted { $0.wavelengthNanometres < $1.wavelengthNanometres }
    self.blur = blur.sorted { $0.wavelengthNanometres < $1.wavelengthNanometres }
  }

  /// The tabulated kernel interpolated to `wavelengthNanometres`, clipped at zero, unit sum.
  public func kernel(atWavelengthNanometres lambda: Double) -> [Double] {
    guard let first = kernels.first else { return [0, 0, 0, 0, 1, 0, 0, 0, 0] }
    var values = first.values
    if kernels.count >= 2 {
      var upper = kernels.firstIndex { $0.wavelengthNanometres >= lambda } ?? (kernels.count - 1)
      upper = min(max(upper, 1), kernels.count - 1)
      let a = kernels[upper - 1]
      let b = kernels[upper]
      let f = (lambda - a.wavelengthNanometres) / (b.wavelengthNanometres - a.wavelengthNanometres)
      values = zip(a.values, b.values).map { max(0, $0 + f * ($1 - $0)) }
    }
    let total = values.reduce(0, +)
    return values.map { $0 / total }
  }

  /// σ of the extra blur (pixels) at `wavelengthNanometres`, linear in wavelength, held constant
  /// outside the table (TinyTim uses the last table entry beyond its range).
  public func blurSigmaPixels(atWavelengthNanometres lambda: Double) -> Double {
    guard let first = blur.first, let last = blur.last else { return 0 }
    if lambda <= first.wavelengthNanometres { return first.sigmaPixels }
    if lambda >= last.wavelengthNanometres { return last.sigmaPixels }
    let upper = blur.firstIndex { $0.wavelengthNanometres >= lambda }!
    let a = blur[upper - 1]
    let b = blur[upper]
    let f = (lambda - a.wavelengthNanometres) / (b.wavelengthNanometres - a.wavelengthNanometres)
    return a.sigmaPixels + f * (b.sigmaPixels - a.sigmaPixels)
  }

  /// The 5×5 kernel (`[y][x]`, unit sum, taps one native pixel apart) for a band: the
  /// photon-weighted mean of the tabulated kernels over `spectrum`, convolved with the Gaussian
  /// blur at the band's mean wavelength.
  public func bandKernel(spectrum: DiffractionSpectrum) -> [Double] {
    let total = spectrum.nodes.reduce(0) { $0 + $1.weight }
    var mean = [Double](repeating: 0, count: 9)
    for node in spectrum.nodes {
      let k = kernel(atWavelengthNanometres: node.wavelengthNanometres)
      for index in 0..<9 { mean[index] += node.weight / total * k[index] }
    }
    let gaussian = Self.sampledGaussian(
      sigmaPixels: blurSigmaPixels(atWavelengthNanometres: spectrum.meanWavelengthNanometres))
    var out = [Double](repeating: 0, count: 25)
    for ay in 0..<3 {
      for ax in 0..<3 {
        for by in 0..<3 {
          for bx in 0..<3 {
            out[(ay + by) * 5 + ax + bx] += mean[ay * 3 + ax] * gaussian[by * 3 + bx]
          }
        }
      }
    }
    return out
  }

  /// TinyTim's 3×3 Gaussian: exp(−r²/2σ²) at the nine pixel offsets, normalised; a delta for σ = 0.
  public static func sampledGaussian(sigmaPixels sigma: Double) -> [Double] {
    guard sigma > 0 else { return [0, 0, 0, 0, 1, 0, 0, 0, 0] }
    var values: [Double] = []
    for y in -1...1 {
      for x in -1...1 { values.append(exp(-Double(x * x + y * y) / (2 * sigma * sigma))) }
    }
    let total = values.reduce(0, +)
    return values.map { $0 / total }
  }

  /// The detector's effective PSF from an optical PSF image (energy fraction per sample): the
  /// integral over a native pixel centred at each sample, then the band kernel. Values become
  /// the fraction of the source's energy a native pixel centred there records.
  public func effectivePSF(optical image: DiffractionImage, spectrum: DiffractionSpectrum) -> DiffractionImage {
    image.boxSummed(widthArcsec: pixelScaleArcsec)
      .convolved(withTaps: bandKernel(spectrum: spectrum), kernelSize: 5, tapSpacingArcsec: pixelScaleArcsec)
  }
}
