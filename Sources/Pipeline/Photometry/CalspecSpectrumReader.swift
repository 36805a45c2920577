import FITS
import Foundation
import Photometry

/// Reads an HST CALSPEC spectrum (e.g. `alpha_lyr_stis_011.fits`, Bohlin 2014): the binary
/// table in extension `SCI` (or the first extension) with `WAVELENGTH` (Å) and `FLUX`
/// (erg s⁻¹ cm⁻² Å⁻¹). Other columns (errors, FWHM, data quality) are not needed here.
public enum CalspecSpectrumReader {
  public static func read(file: URL, name: String? = nil) throws -> Spectrum {
    let path = file.path
    let fits = try FITSFile(openingAtPath: path)
    if (try? fits.move(to: .name("SCI"))) == nil {
      _ = try fits.move(to: .index(1))
    }
    let wavelengths = try fits.readColumn(named: "WAVELENGTH")
    let flux = try fits.readColumn(named: "FLUX")
    do {
      return try Spectrum(
        name: name ?? file.deletingPathExtension().lastPathComponent, wavelengthsAngstrom: wavelengths,
        fluxDensity: flux)
    } catch let error as PhotometryError {
      throw PhotometryDataError.invalidContent(file: path, underlying: error)
    }
  }
}
