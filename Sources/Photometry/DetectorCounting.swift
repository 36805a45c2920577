/// How a filter curve weights the light it passes: per photon or per unit energy.
///
/// A CCD or IR array counts photons, so HST full-system throughputs (STScI `.par` curves) are
/// photon-counting: the detected signal is ∫ F_λ T(λ) λ dλ / (hc). The classical Johnson and
/// Cousins curves of Bessell (1990) are *energy*-response curves R(λ) (signal ∝ ∫ F_λ R dλ),
/// because they were built for photomultipliers calibrated in energy. Bessell & Murphy (2012,
/// PASP 124, 140, §2 and appendix E) show that the photon-counting equivalent of an energy
/// response is S(λ) = R(λ)/λ (up to a constant), so that ∫ F_λ S λ dλ ∝ ∫ F_λ R dλ.
public enum DetectorCounting: String, Sendable, Hashable, Codable, CaseIterable {
  /// The curve is a photon-counting throughput T(λ): weight F_λ by T(λ)·λ.
  case photon
  /// The curve is an energy response R(λ): weight F_λ by R(λ) (equivalently S = R/λ per photon).
  case energy
}
