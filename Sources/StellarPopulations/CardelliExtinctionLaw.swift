import Foundation

/// The Cardelli, Clayton & Mathis (1989, ApJ 345, 245) extinction law, A_λ / A_V = a(x) + b(x)/R_V
/// with x = 1/λ in µm⁻¹, eqs. 2–5, valid for 0.3 ≤ x ≤ 8 µm⁻¹ (0.125–3.3 µm).
///
/// Starmill uses it at a band's effective wavelength only for model tables whose bands have no
/// band-integrated ratio yet (PARSEC's own UBVRIJHK columns); band-integrated ratios come from
/// the Photometry module.
public enum CardelliExtinctionLaw {
  /// A_λ / A_V at `wavelengthMicrons`, for total-to-selective ratio `rV` (Milky Way: 3.1).
  /// Outside 0.3–8 µm⁻¹ the nearest regime's polynomial is extrapolated.
  public static func ratio(wavelengthMicrons: Double, rV: Double = 3.1) -> Double {
    let x = 1 / wavelengthMicrons
    let a: Double
    let b: Double
    if x < 1.1 {
      a = 0.574 * pow(x, 1.61)
      b = -0.527 * pow(x, 1.61)
    } else if x < 3.3 {
      let y = x - 1.82
      a =
        1 + y
        * (0.17699 + y * (-0.50447 + y * (-0.02427 + y * (0.72085 + y * (0.01979 + y * (-0.77530 + y * 0.32999))))))
      b = y * (1.41338 + y * (2.28305 + y * (1.07233 + y * (-5.38434 + y * (-0.62251 + y * (5.30260 - y * 2.09002))))))
    } else {
      let fa: Double
      let fb: Double
      if x >= 5.9 {
        let z = x - 5.9
        fa = -0.04473 * z * z - 0.009779 * z * z * z
        fb = 0.2130 * z * z + 0.1207 * z * z * z
      } else {
        fa = 0
        fb = 0
      }
      a = 1.752 - 0.316 * x - 0.104 / ((x - 4.67) * (x - 4.67) + 0.341) + fa
      b = -3.090 + 1.825 * x + 1.206 / ((x - 4.62) * (x - 4.62) + 0.263) + fb
    }
    return a + b / rV
  }

  /// Effective wavelengths (µm) of the Johnson–Cousins–Bessell bands PARSEC tabulates:
  /// UBVRI from Bessell (1990, PASP 102, 1181), JHK from Bessell & Brett (1988, PASP 100, 1134).
  public static let johnsonCousinsEffectiveWavelengthMicrons: [String: Double] = [
    "U": 0.366, "B": 0.438, "V": 0.545, "R": 0.641, "I": 0.798, "J": 1.22, "H": 1.63, "K": 2.19,
  ]
}
