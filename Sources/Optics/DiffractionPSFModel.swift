import Foundation

/// A physical model of a camera's effective PSF: diffraction by the pupil (with its static
/// wavefront error) integrated over the passband, a Gaussian for pointing jitter and unmodelled
/// aberrations, then the detector's pixel and charge-diffusion/IPC response.
///
/// The optical PSF is computed by the matrix Fourier transform on a grid `refinement` times finer
/// than the requested output, fine enough to sample the intensity PSF above Nyquist (spacing
/// ≤ 0.8 · λ_min/2D), with a margin for the pixel and kernel convolutions; the result is then
/// read off at the output samples, so no interpolation touches the final values.
public struct DiffractionPSFModel: Sendable {
  public var pupil: Pupil
  public var aberration: PupilAberration
  public var detector: DetectorResponse
  /// Scatter by small-scale wavefront errors.
  public var halo: DiffractionHalo
  /// σ of a circular Gaussian convolved with the optical PSF (jitter, residual aberrations), arcsec.
  public var jitterSigmaArcsec: Double
  /// Minimum pupil samples across the diameter (raised automatically so the transform's alias
  /// period, λ/du, is at least twice the computed field).
  public var minimumPupilSamples: Int

  public init(
    pupil: Pupil, aberration: PupilAberration = .none, halo: DiffractionHalo = .none, detector: DetectorResponse,
    jitterSigmaArcsec: Double = 0, minimumPupilSamples: Int = 256
  ) {
    self.pupil = pupil
    self.aberration = aberration
    self.halo = halo
    self.detector = detector
    self.jitterSigmaArcsec = jitterSigmaArcsec
    self.minimumPupilSamples = minimumPupilSamples
  }

  /// The effective PSF at the detector's native pixels: values are the fraction of the source's
  /// energy in a native pixel centred at each sample; samples are `1/oversampling` native
  /// pixel apart, `halfWidthSamples` samples either side of the centre (the image is
  /// `2·halfWidthSamples + 1` samples wide, like Anderson's 101-sample PSFSTD planes).
  public func nativeEffectivePSF(
    spectrum: DiffractionSpectrum, oversampling: Int, halfWidthSamples: Int, workers: Int = 1
  ) -> DiffractionImage {
    effectivePSF(
      spectrum: spectrum, outputSpacingArcsec: detector.pixelScaleArcsec / Double(oversampling),
      outputHalfSamples: halfWidthSamples, workers: workers)
  }

  /// The effective PSF on an image grid of `gridPixelScaleArcsec` pixels, `1/oversampling` grid
  /// pixel apart, `halfWidthPixels` grid pixels either side; values are the fraction of the
  /// source's light in a grid pixel centred at each sample.
  ///
  /// When the grid is the detector's own pixel grid (g = p) this is the native ePSF. Otherwise the
  /// native image is taken as resampled onto the grid by a point-kernel, well-dithered drizzle
  /// (Fruchter & Hook 2002, PASP 114, 144): a grid pixel averages the native surface brightness
  /// over its area, so ePSF_grid = (1/p²) ∫_{grid pixel} ePSF_native — the native ePSF convolved
  /// with the grid pixel. Flux is conserved at every sub-pixel phase, and a band with coarser
  /// native pixels keeps the broader PSF they imply.
  public func gridEffectivePSF(
    spectrum: DiffractionSpectrum, gridPixelScaleArcsec: Double, oversampling: Int, halfWidthPixels: Int,
    workers: Int = 1
  ) -> DiffractionImage {
    let resampled = abs(gridPixelScaleArcsec / detector.pixelScaleArcsec - 1) > 1e-9
    return effectivePSF(
      spectrum: spectrum, outputSpacingArcsec: gridPixelScaleArcsec / Double(oversampling),
      outputHalfSamples: halfWidthPixels * oversampling, resamplingPixelArcsec: resampled ? gridPixelScaleArcsec : nil,
      workers: workers)
  }

  /// The sampling plan used for an output grid (exposed for tests and provenance).
  public struct SamplingPlan: Sendable, Equatable {
    public let refinement: Int
    public let fineSpacingArcsec: Double
    public let fineHalfSamples: Int
    public let pupilSamplesAcross: Int
  }

  public func samplingPlan(
    spectrum: DiffractionSpectrum, outputSpacingArcsec: Double, outputHalfSamples: Int,
    resamplingPixelArcsec: Double? = nil
  ) -> SamplingPlan {
    let diameter = 2 * pupil.outerRadiusMetres
    let nyquistArcsec =
      spectrum.shortestWavelengthNanometres * 1e-9 / (2 * diameter) / DiffractionTransform.radiansPerArcsec
    let refinement = max(1, Int((outputSpacingArcsec / (0.8 * nyquistArcsec)).rounded(.up)))
    let fine = outputSpacingArcsec / Double(refinement)
    let reachArcsec = 2.5 * detector.pixelScaleArcsec + (resamplingPixelArcsec ?? 0) / 2 + 5 * jitterSigmaArcsec
    let fineHalf = outputHalfSamples * refinement + Int((reachArcsec / fine).rounded(.up)) + 4
    // Alias period λ_min/du ≥ 2 × field (2 · fineHalf · fine).
    let fieldRadians = 2 * Double(fineHalf) * fine * DiffractionTransform.radiansPerArcsec
    let needed = Int((2 * fieldRadians * diameter / (spectrum.shortestWavelengthNanometres * 1e-9)).rounded(.up))
    let samples = max(minimumPupilSamples, (needed + 31) / 32 * 32)
    return SamplingPlan(
      refinement: refinement, fineSpacingArcsec: fine, fineHalfSamples: fineHalf, pupilSamplesAcross: samples)
  }

  /// The polychromatic optical PSF (jitter included, no detector) on the plan's fine grid.
  public func opticalPSF(spectrum: DiffractionSpectrum, plan: SamplingPlan, workers: Int = 1) -> DiffractionImage {
    let grid = pupil.sampled(samplesAcross: plan.pupilSamplesAcross, aberration: aberration)
    let optical = DiffractionTransform.polychromaticIntensity(
      pupil: grid, spectrum: spectrum, size: 2 * plan.fineHalfSamples + 1, spacingArcsec: plan.fineSpacingArcsec,
      halo: halo, workers: workers)
    return optical.gaussianBlurred(sigmaArcsec: jitterSigmaArcsec)
  }

  func effectivePSF(
    spectrum: DiffractionSpectrum, outputSpacingArcsec: Double, outputHalfSamples: Int,
    resamplingPixelArcsec: Double? = nil, workers: Int
  ) -> DiffractionImage {
    let plan = samplingPlan(
      spectrum: spectrum, outputSpacingArcsec: outputSpacingArcsec, outputHalfSamples: outputHalfSamples,
      resamplingPixelArcsec: resamplingPixelArcsec)
    let optical = opticalPSF(spectrum: spectrum, plan: plan, workers: workers)
    var effective = detector.effectivePSF(optical: optical, spectrum: spectrum)
    if let grid = resamplingPixelArcsec {
      // Σ over the grid pixel of fine samples ≈ ∫ ePSF_native / δ²; times δ²/p².
      let ratio = plan.fineSpacingArcsec / detector.pixelScaleArcsec
      effective = effective.boxSummed(widthArcsec: grid).scaled(by: ratio * ratio)
    }
    return effective.decimated(step: plan.refinement, halfWidthSamples: outputHalfSamples)
  }
}
