import Foundation
import Optics

/// The README that `starmill psf build` writes beside the ePSF files: how to rebuild them, what
/// went in, what the files mean, and how they compare with the real HST PSFs.
public enum PSFBuildReadme {
  public static func markdown(
    command: String, built: [BuiltPSF], options: PSFBuildOptions, comparison: [PSFComparisonRow]?,
    comparisonCommand: String?
  ) -> String {
    func f(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
    let halo = PSFBuildDefaults.halo
    var text = """
      # Bundled PHAT effective PSFs

      Computed by Starmill from physics — nothing here is copied from an external PSF file. Rebuild with

      ```
      \(command)
      ```

      (release build; a few tens of seconds on two cores). The files are exactly what that command writes.

      ## Files

      One Float32 FITS image per band, `epsf_<BAND>.fits`, \(built.first.map { "\($0.image.size)×\($0.image.size)" } ?? "") \
      samples: an effective PSF (ePSF) on the recipes' image grid of \(f(options.gridPixelScaleArcsec, 3))″ pixels, \
      \(options.oversampling)× oversampled, ±\(options.halfWidthPixels) grid pixels around the star.

      - Sample (i, j) (0-based) = fraction of the star's total light that falls in an image-grid pixel whose centre is \
      offset ((i − CENTER)/OVERSAMP, (j − CENTER)/OVERSAMP) grid pixels from the star. It is pixel-convolved: \
      read it at the pixel offsets, do not integrate it again.
      - Header: `PIXSCALE` = arcsec per sample **of the file** (TinyTim/WebbPSF convention) = `GRIDSCAL`/`OVERSAMP`; \
      `OVERSAMP` = samples per image-grid pixel; `CENTER` = centre sample (0-based, both axes); `GRIDSCAL` = grid \
      pixel (″); `DETSCALE` = native detector pixel (″); `FLUXFRAC` = light inside the file (the sum over one \
      sampling phase, i.e. total/OVERSAMP²; below 1 because the far wings are cut); provenance keys `FILTER`, \
      `CAMERA`, `NWAVE`, `MEANWAVE`, `JITTER`, `HALORMS`, `ABERRMS`, `NPUPIL`, `ORIGIN`.
      - A band whose native pixel equals the grid's (ACS/WFC on 0.05″) is the detector's own ePSF. Other bands are \
      resampled as a point-kernel, well-dithered drizzle does (Fruchter & Hook 2002): a grid pixel averages the \
      native surface brightness over its area, so the file is the native ePSF convolved with the grid pixel, \
      divided by the native pixel area. Flux is then conserved at every sub-pixel phase, WFC3/IR (0.128″) keeps \
      the broad PSF its pixels imply, and WFC3/UVIS (0.0396″) is broadened slightly by the coarser grid.

      | band | camera | native pixel (″) | mean λ (nm) | nodes | FLUXFRAC | peak sample |
      | --- | --- | --- | --- | --- | --- | --- |

      """
    for item in built {
      let o = Double(options.oversampling)
      text += "| \(item.band.rawValue) | \(item.band.camera.rawValue) | \(item.model.detector.pixelScaleArcsec) | "
      text += "\(f(item.spectrum.meanWavelengthNanometres, 1)) | \(item.spectrum.nodes.count) | "
      text += "\(f(item.image.total / (o * o), 4)) | \(f(item.image.values.max() ?? 0, 4)) |\n"
    }
    text += renderingSection(built: built, options: options)
    text += """

      ## Model

      1. **Pupil** (TinyTim's pupil tables `acswfc1.pup`, `wfc3_uvis2.pup`, `wfc3_ir.pup`, \
      github.com/spacetelescope/tinytim; Krist, Hook & Stoehr 2011, SPIE 8127, 81270J): primary D = 2.4 m; \
      secondary obscuration 0.330 R; four spiders 0.022 R (2.64 cm) wide; three primary-mirror pads of radius \
      0.065 R at 0.892 R, 120° apart; WFC3/IR adds its cold mask (outer 0.9755 R, central 0.354 R, spiders 0.061 R). \
      Camera rotations as TinyTim (ACS/WFC −90°, WFC3 135°). Sampled on ≥ \(options.minimumPupilSamples)² points, \
      each anti-aliased over 4×4 sub-points.
      2. **Static aberrations**: ACS/WFC field-centre Zernikes from TinyTim's `acswfc1.tab` (Z4–Z11, Z22; 33 nm RMS). \
      WFC3: none (TinyTim's tables are zero and its field-dependent terms are ≲ 0.01 wave at the field centre).
      3. **Diffraction**: monochromatic Fraunhofer PSF by the matrix Fourier transform (Soummer et al. 2007, \
      Opt. Express 15, 15935), so the output sampling is exact and independent of the pupil sampling, on a grid \
      sampled above Nyquist (≤ 0.8 λ_min/2D); normalised by Parseval so the image holds the true fraction of light.
      4. **Band integration**: \(options.wavelengthCount) equal-width wavelength bins across the band (where the \
      throughput exceeds 0.5 % of its peak), each weighted by ∫ T(λ) λ F_λ dλ (photon counting) for a source \
      **flat in F_λ**. Throughputs: the PHAT `.par` curves (`filters/hst/*.par`, STScI full-system curves via \
      astro-sedpy 0.4.1).
      5. **Scatter halo** from mid-frequency wavefront error: \(f(halo.rmsNanometres, 0)) nm RMS, PSD ∝ \
      f^−\(f(halo.powerLawIndex, 1)) over \(f(halo.innerCyclesPerDiameter, 0))–\(f(halo.outerCyclesPerDiameter, 0)) \
      cycles per diameter: the core keeps the Strehl fraction exp(−(2πσ/λ)²) and the rest goes into the halo \
      given by the PSD at f = θ/λ (Church et al. 1979; Krist & Burrows 1995, Appl. Opt. 34, 4951). HST's total \
      wavefront error is ≈ λ/20 at 633 nm (≈ 32 nm RMS); this term is the part not in the Zernikes. Its value was \
      chosen so F275W's EE(0.1″) matches the PSFSTD (the UV is where it matters: 1 − S = 11 % at 275 nm, 1 % at \
      1.5 µm).
      6. **Jitter**: a circular Gaussian of σ = \(f(PSFBuildDefaults.jitterSigmaArcsec * 1000, 0)) mas — pointing \
      jitter (a few mas) plus the orbital focus breathing and field-dependent aberrations the model leaves out; \
      chosen so the ePSF FWHMs match the PSFSTD cores. Without it the pure-diffraction ePSFs are 13 % (F475W) to \
      17 % (F275W) too narrow.
      7. **Detector**: integration over one native pixel (top-hat), then TinyTim's 3×3 charge-diffusion kernels \
      (ACS/WFC and WFC3/UVIS at 0.4/0.6/0.8 µm, interpolated in λ and photon-averaged over the band; WFC3 ISR \
      2008-40) and TinyTim's extra field-dependent CCD blur at the field centre (ACS/WFC σ = 0.46/0.40/0.42 px at \
      0.435/0.55/0.814 µm; WFC3/UVIS 0.458 px), or for WFC3/IR the inter-pixel capacitance kernel (2.5 % per side \
      neighbour, 0.07 % per corner; WFC3 ISR 2008-41).
      8. **Resampling** onto the \(f(options.gridPixelScaleArcsec, 3))″ grid (see Files).

      Not modelled: field dependence (the files are for the field centre), the ACS/WFC long-wavelength CCD red halo \
      (Sirianni et al. 2005), geometric distortion (PHAT mosaics are distortion-corrected), colour dependence of \
      the PSF within a band (one reference spectrum), and the real mirror's speckle pattern (the halo is the \
      ensemble average).

      """
    if let comparison {
      text += """

        ## Validation against the real HST PSFs

        Generated by `\(comparisonCommand ?? "starmill psf compare")`. Reference: the central plane of J. Anderson's \
        empirical PSFSTD libraries (Anderson & King 2006, ACS ISR 2006-01; Anderson 2016, WFC3 ISR 2016-12), which \
        are pixel-convolved and sampled at 1/4 native pixel. The model is rebuilt for the comparison at the **native** \
        pixel in exactly that sampling (101×101), and both are measured by the same code: FWHM = diameter of the \
        circle with the area above half the peak (bilinear, 8× refined); EE(r) = sum of samples within r divided by \
        the sum within the normalisation radius (0.6″ ACS/WFC and 1.5″ WFC3/IR as in the data README; 0.45″ for \
        WFC3/UVIS, whose PSFSTD planes are valid only to ≈ 0.49″). Tolerances: FWHM within \
        \(f(PSFComparison.fwhmTolerance * 100, 0)) %, every EE within \(f(PSFComparison.encircledEnergyTolerance, 2)).


        """
      text += PSFComparison.markdownTable(comparison)
    }
    text += """

      ## Citations

      Krist, Hook & Stoehr 2011, SPIE 8127, 81270J (TinyTim; pupil, aberration and detector tables); Soummer et al. \
      2007, Opt. Express 15, 15935 (matrix Fourier transform); Anderson & King 2006, ACS ISR 2006-01 and Anderson \
      2016, WFC3 ISR 2016-12 (PSFSTD references); WFC3 ISR 2008-40 and 2008-41 (UVIS charge diffusion, IR IPC); \
      Dalcanton et al. 2012, ApJS 200, 18 (PHAT bands).

      """
    return text
  }

  /// How generation uses the files (`PSFFileReader.renderingPSF`: the ePSF normalised to unit light,
  /// its outer quarter faded by `TaperedPSF`), with each band's numbers computed here from the
  /// Float32 samples the files hold, exactly as generation reads them.
  static func renderingSection(built: [BuiltPSF], options: PSFBuildOptions) -> String {
    func f(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
    let outer = Double(options.halfWidthPixels)
    var text = """

      ## How generation renders with them

      Generation (`starmill generate`, `grid`, `preview`) and background synthesis read each file as an ePSF \
      normalised to unit light (`PSFFileReader.effectivePSF`) and fade its outer quarter to zero with a radial \
      raised-cosine window from \(f(0.75 * outer, 1)) to \(f(outer, 1)) px (\(f(0.75 * outer * options.gridPixelScaleArcsec, 3))″–\
      \(f(outer * options.gridPixelScaleArcsec, 2))″; `TaperedPSF`, `PSFFileReader.renderingPSF`): cut hard at the \
      file's edge, where the halo is still ≈ 10⁻⁴ of the peak, the files drew a square of about 2 σ of the sky \
      around a 10⁶ e⁻ supergiant. The window's light is given back to the whole profile (factor c, averaged over \
      4 × 4 sub-pixel phases), so a rendered star keeps its labelled magnitude. With `FLUXFRAC`, a star's core is \
      1/(FLUXFRAC · (1 − ring)) brighter than the model PSF's own: the light of the halo beyond the window's start, \
      which the files and the window leave out. Files with a wider support would keep more of it, but widen the \
      deposit FFT and its guard band (`DepositConvolution`).

      | band | light in the faded ring (1 − 1/c) | c | core brighter than the model's by |
      | --- | --- | --- | --- |

      """
    for item in built {
      let o = Double(options.oversampling)
      let centre = item.image.centreIndex
      let samples = item.image.values.map { Double(Float($0)) }
      guard
        let psf = try? EffectivePSF(
          samples: samples, width: item.image.size, height: item.image.size, oversampling: options.oversampling,
          centerX: centre, centerY: centre),
        let tapered = try? TaperedPSF(base: psf)
      else { continue }
      let c = tapered.lightRestoringScale
      let fluxFraction = item.image.total / (o * o)
      let boost = c / fluxFraction - 1
      text += "| \(item.band.rawValue) | \(f(100 * (1 - 1 / c), 2)) % | \(f(c, 4)) | \(f(100 * boost, 1)) % |\n"
    }
    return text
  }
}
