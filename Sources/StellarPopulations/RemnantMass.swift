/// The mass a dead star leaves behind, as a function of its initial mass (M☉).
///
/// - m < 8 M☉: white dwarf, Kalirai et al. (2008, ApJ 676, 594, eq. 1):
///   M_final = 0.109 M_initial + 0.394 M☉ (fitted to cluster white dwarfs of 1.16–6.5 M☉
///   progenitors; extrapolated to 8 M☉, where it gives 1.27 M☉).
/// - 8 ≤ m < 25 M☉: neutron star of 1.4 M☉ (the canonical mass, e.g. Özel & Freire 2016, ARA&A 54, 401).
/// - m ≥ 25 M☉: black hole of 10 M☉ (the typical Galactic stellar black hole, Özel et al. 2010,
///   ApJ 725, 1918; the mass depends on metallicity and wind history, so this is a round value).
///
/// Remnants emit no light in Starmill; they count in the mass budget only.
public enum RemnantMass {
  public static let whiteDwarfUpperInitialMass = 8.0
  public static let neutronStarUpperInitialMass = 25.0
  public static let neutronStarMass = 1.4
  public static let blackHoleMass = 10.0

  public static func forInitialMass(_ initialMass: Double) -> Double {
    if initialMass < whiteDwarfUpperInitialMass { return 0.109 * initialMass + 0.394 }
    if initialMass < neutronStarUpperInitialMass { return neutronStarMass }
    return blackHoleMass
  }
}
