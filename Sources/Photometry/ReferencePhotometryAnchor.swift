import Foundation

/// Corrects synthetic magnitudes where the atmosphere grid cannot be trusted with a reference
/// photometry of the same stars in other bands: the rule `IsochroneSetBuilder` applies to
/// stars cooler than the Castelli–Kurucz grid and to thermally pulsing AGB stars, anchored on
/// PARSEC's own YBC magnitudes (`UBVRIJHK` columns of the CMD table).
///
/// Why: below the grid's coolest model (3,500 K) the blackbody-scaled bolometric correction
/// misses the molecular (TiO, VO, H₂O) absorption of M giants and dwarfs, and CK04 has no
/// circumstellar dust: against YBC (PHOENIX below ~4,000 K, Aringer et al. 2016 C/M-star
/// spectra and dusty envelopes for TP-AGB stars; Chen et al. 2019, A&A 632, A105) such stars
/// come out 0.5 (M stars) to 2 mag (dusty TP-AGB) too bright in V
/// (docs/photometry-accuracy.md). The reference magnitudes are the better numbers there, but
/// only in the reference's own bands; this type carries them over to any band.
///
/// Rule: for one star, the anchor offsets Δₖ = m_ref,k − m_ours,k in the reference bands k
/// (pivot wavelengths λₖ, sorted) define Δ(λ), linear in log λ between neighbouring anchors and
/// constant beyond the first and last; a band of pivot λ_b gets m_b = m_ours,b + w · Δ(λ_b).
/// The weight w ramps the correction in as the star leaves the grid: w = 1 at or below
/// `fullWeightTemperatureKelvin` (the grid's edge), 0 at or above `zeroWeightTemperatureKelvin`,
/// linear in T_eff between (so magnitudes stay continuous in T_eff along an isochrone), and w = 1
/// for TP-AGB stars at any temperature (their dust is in no CK04 model) — where the label turns to
/// TP-AGB above 3,750 K the magnitudes step, as YBC's own do there. Where w = 0 the magnitude is
/// exactly the synthetic one.
///
/// Accuracy: the interpolation in wavelength is a first-order transfer (a band's correction is
/// taken at its pivot; molecular bands vary inside broad filters); leaving one anchor out and
/// predicting it from the others measures it (`starmill photometry accuracy`).
public struct ReferencePhotometryAnchor: Sendable {
  /// The anchors' names and log₁₀ pivot wavelengths (Å), ascending in wavelength.
  public let anchorNames: [String]
  public let anchorLogWavelengths: [Double]
  public let fullWeightTemperatureKelvin: Double
  public let zeroWeightTemperatureKelvin: Double

  /// - Parameters:
  ///   - anchors: reference bands and their pivot wavelengths (Å), any order, at least one,
  ///     distinct wavelengths.
  ///   - fullWeightTemperatureKelvin: at or below it the correction is applied in full.
  ///   - zeroWeightTemperatureKelvin: at or above it, not at all (must exceed the first).
  public init(
    anchors: [(name: String, pivotWavelengthAngstrom: Double)], fullWeightTemperatureKelvin: Double,
    zeroWeightTemperatureKelvin: Double
  ) throws(PhotometryError) {
    guard !anchors.isEmpty else {
      throw .invalidParameter(name: "anchors", value: 0, rule: "needs at least one reference band")
    }
    for anchor in anchors where !(anchor.pivotWavelengthAngstrom > 0 && anchor.pivotWavelengthAngstrom.isFinite) {
      throw .invalidParameter(
        name: "anchor \(anchor.name) pivot wavelength", value: anchor.pivotWavelengthAngstrom,
        rule: "must be a finite wavelength > 0 Å")
    }
    let sorted = anchors.sorted { $0.pivotWavelengthAngstrom < $1.pivotWavelengthAngstrom }
    for (first, second) in zip(sorted, sorted.dropFirst())
    where first.pivotWavelengthAngstrom == second.pivotWavelengthAngstrom {
      throw .invalidParameter(
        name: "anchor \(second.name) pivot wavelength", value: second.pivotWavelengthAngstrom,
        rule: "must differ from \(first.name)'s")
    }
    guard fullWeightTemperatureKelvin > 0, zeroWeightTemperatureKelvin > fullWeightTemperatureKelvin,
      zeroWeightTemperatureKelvin.isFinite
    else {
      throw .invalidParameter(
        name: "zeroWeightTemperatureKelvin", value: zeroWeightTemperatureKelvin,
        rule: "must be finite and above fullWeightTemperatureKelvin = \(fullWeightTemperatureKelvin) > 0")
    }
    anchorNames = sorted.map(\.name)
    anchorLogWavelengths = sorted.map { log10($0.pivotWavelengthAngstrom) }
    self.fullWeightTemperatureKelvin = fullWeightTemperatureKelvin
    self.zeroWeightTemperatureKelvin = zeroWeightTemperatureKelvin
  }

  /// w for a star of effective temperature `temperatureKelvin` (see the type's rule).
  public func weight(temperatureKelvin: Double, isThermallyPulsingAGB: Bool) -> Double {
    if isThermallyPulsingAGB || temperatureKelvin <= fullWeightTemperatureKelvin { return 1 }
    if temperatureKelvin >= zeroWeightTemperatureKelvin { return 0 }
    return (zeroWeightTemperatureKelvin - temperatureKelvin)
      / (zeroWeightTemperatureKelvin - fullWeightTemperatureKelvin)
  }

  /// Δ(λ) at pivot wavelength `pivotWavelengthAngstrom` from the anchor offsets Δₖ (reference −
  /// synthetic, in `anchorNames` order): linear in log λ between anchors, constant outside.
  /// Non-finite offsets are skipped (their anchor is left out); with none finite the result is 0.
  public func offset(atPivotWavelengthAngstrom pivotWavelengthAngstrom: Double, anchorOffsets: [Double]) -> Double {
    precondition(anchorOffsets.count == anchorNames.count, "one offset per anchor")
    let usable = anchorOffsets.indices.filter { anchorOffsets[$0].isFinite }
    guard let first = usable.first, let last = usable.last else { return 0 }
    let x = log10(pivotWavelengthAngstrom)
    if x <= anchorLogWavelengths[first] { return anchorOffsets[first] }
    if x >= anchorLogWavelengths[last] { return anchorOffsets[last] }
    for (left, right) in zip(usable, usable.dropFirst()) where x <= anchorLogWavelengths[right] {
      let t = (x - anchorLogWavelengths[left]) / (anchorLogWavelengths[right] - anchorLogWavelengths[left])
      return (1 - t) * anchorOffsets[left] + t * anchorOffsets[right]
    }
    return anchorOffsets[last]
  }
}
