import Foundation
import Optics

/// The six PHAT bands (Dalcanton et al. 2012, ApJS 200, 18) and the physical PSF model of the
/// camera each is observed with.
public enum PHATPSFBand: String, CaseIterable, Sendable {
  case f275w = "F275W"
  case f336w = "F336W"
  case f475w = "F475W"
  case f814w = "F814W"
  case f110w = "F110W"
  case f160w = "F160W"

  public enum Camera: String, Sendable {
    case acsWFC = "ACS/WFC"
    case wfc3UVIS = "WFC3/UVIS"
    case wfc3IR = "WFC3/IR"
  }

  public var camera: Camera {
    switch self {
    case .f275w, .f336w: return .wfc3UVIS
    case .f475w, .f814w: return .acsWFC
    case .f110w, .f160w: return .wfc3IR
    }
  }

  /// The throughput file's name in the filters folder (`../shared/data/filters/hst`).
  public var throughputFileName: String {
    switch camera {
    case .acsWFC: return "acs_wfc_\(rawValue.lowercased()).par"
    case .wfc3UVIS: return "wfc3_uvis_\(rawValue.lowercased()).par"
    case .wfc3IR: return "wfc3_ir_\(rawValue.lowercased()).par"
    }
  }

  /// The empirical reference PSF's file name in `../shared/data/psf` (Anderson's PSFSTD).
  public var referenceFileName: String {
    switch camera {
    case .acsWFC: return "PSFSTD_ACSWFC_\(rawValue).fits"
    case .wfc3UVIS: return "PSFSTD_WFC3UV_\(rawValue).fits"
    case .wfc3IR: return "PSFSTD_WFC3IR_\(rawValue).fits"
    }
  }

  public var pupil: Pupil {
    switch camera {
    case .acsWFC: return .hubbleACSWFC
    case .wfc3UVIS: return .hubbleWFC3UVIS
    case .wfc3IR: return .hubbleWFC3IR
    }
  }

  /// Static wavefront error at the field centre. ACS/WFC: TinyTim's Zernike table. WFC3: TinyTim
  /// sets the table to zero and its field-dependent polynomials give ≲ 0.01 wave at the field
  /// centre, so none is used.
  public var aberration: PupilAberration {
    camera == .acsWFC ? .hubbleACSWFC : .none
  }

  public var detector: DetectorResponse {
    switch camera {
    case .acsWFC: return .hubbleACSWFC
    case .wfc3UVIS: return .hubbleWFC3UVIS
    case .wfc3IR: return .hubbleWFC3IR
    }
  }

  /// The Gaussian jitter term (σ, arcsec) added to the diffraction model; see the README of
  /// `Instruments/psf` for how it was chosen.
  public var jitterSigmaArcsec: Double { PSFBuildDefaults.jitterSigmaArcsec }

  public var model: DiffractionPSFModel {
    DiffractionPSFModel(
      pupil: pupil, aberration: aberration, halo: PSFBuildDefaults.halo, detector: detector,
      jitterSigmaArcsec: jitterSigmaArcsec, minimumPupilSamples: PSFBuildDefaults.minimumPupilSamples)
  }

  /// The radius within which the reference comparison normalises encircled energy: 0.6″ for
  /// ACS/WFC, 1.5″ for WFC3/IR (as in the data README), 0.45″ for WFC3/UVIS, whose PSFSTD
  /// images are valid only to ≈ 0.49″.
  public var normalisationRadiusArcsec: Double {
    switch camera {
    case .acsWFC: return 0.6
    case .wfc3UVIS: return 0.45
    case .wfc3IR: return 1.5
    }
  }

  /// The band named `name` (case-insensitive).
  public static func named(_ name: String) -> PHATPSFBand? {
    PHATPSFBand(rawValue: name.uppercased())
  }
}

/// Defaults of `starmill psf build`.
public enum PSFBuildDefaults {
  public static let gridPixelScaleArcsec = 0.05
  public static let oversampling = 4
  public static let halfWidthPixels = 30
  public static let wavelengthCount = 24
  public static let minimumPupilSamples = 256
  /// Pointing jitter plus unmodelled low-order blur: σ = 10 mas. HST's pointing jitter is a few
  /// mas RMS per axis, and the PSF core also breathes (focus changes of a few µm over an orbit);
  /// 10 mas is the value that brings the model's ePSF FWHM to the PSFSTD cores (README table).
  public static let jitterSigmaArcsec = 0.010
  /// Mid-frequency wavefront error: 15 nm RMS with PSD ∝ f^−2.5 over 3–50 cycles per diameter.
  /// HST's total wavefront error is ≈ λ/20 at 633 nm (≈ 32 nm RMS); the low-order part is in the
  /// Zernike terms, and the rest scatters light into a halo whose weight falls as λ⁻². 15 nm is
  /// the value that brings F275W's EE(0.1″) to the PSFSTD's while leaving the red bands as they are.
  public static let halo = DiffractionHalo(
    rmsNanometres: 15, powerLawIndex: 2.5, innerCyclesPerDiameter: 3, outerCyclesPerDiameter: 50)
}
