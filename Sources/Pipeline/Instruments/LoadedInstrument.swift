import Foundation
import Rendering

/// An instrument description read from disk: the domain value plus the files it refers to.
///
/// The domain `Instrument` holds no paths (layering); the PSF file of each band, resolved
/// against the instrument file's folder, lives here for the PSF loader.
public struct LoadedInstrument: Sendable {
  public let instrument: Instrument
  /// Band name → PSF file (resolved; may not exist yet if `starmill psf build` has not run).
  public let psfFiles: [String: URL]
  /// The file this was read from.
  public let source: URL
}
