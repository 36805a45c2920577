import ClusterStructure
import Foundation
import Numerics
import Testing

/// Sampled positions against the analytic profiles (10⁵ stars each, fixed seeds).
@Suite struct PositionSamplingTests {
  static let sampleCount = 100_000

  static let morphologies: [(String, ClusterMorphology)] = [
    ("EFF γ=3, R_t=10 r_h", try! ClusterMorphology(profile: .eff(EFFProfile(rHalfLightParsecs: 2.5, gamma: 3)))),
    (
      "EFF γ=2.2, R_t=6 r_h",
      try! ClusterMorphology(profile: .eff(EFFProfile(rHalfLightParsecs: 1, gamma: 2.2, truncationRadiusParsecs: 6)))
    ),
    ("King c=1.5", try! ClusterMorphology(profile: .king(KingProfile(rHalfLightParsecs: 2.5, concentration: 1.5)))),
    ("King c=0.7", try! ClusterMorphology(profile: .king(KingProfile(rHalfLightParsecs: 4, concentration: 0.7)))),
    ("Plummer R_t=10 r_h", try! ClusterMorphology(profile: .plummer(PlummerProfile(rHalfLightParsecs: 2.5)))),
  ]

  /// One sample of 10⁵ positions per profile, two checks:
  ///
  /// 1. The empirical half-number radius (median projected radius) equals r_h of the truncated
  ///    profile within 1 %. A median's sampling error is σ = √(1/4n) / (r_h p(r_h)) with p the
  ///    radial density: 0.2–0.4 % here, so 1 % is a ≥ 2.5σ bound (at a fixed seed).
  /// 2. The radial histogram matches the analytic profile: Pearson χ² over bins with edges
  ///    R_t (i/40)², tail bins merged until each expects ≥ 20 stars; p-value from the Wilson–
  ///    Hilferty approximation (checked below); requires p > 0.001. Expected counts use the
  ///    closed-form cumulative, which `ProfileClosedFormTests` checks against quadrature of Σ.
  @Test(arguments: 0..<morphologies.count)
  func sampledRadiiMatchTheProfile(index: Int) {
    let (name, morphology) = Self.morphologies[index]
    let profile = morphology.profile
    let generator = RandomGenerator(seed: 20_190_103, stream: UInt64(index))
    let radii = morphology.samplePositionsParsecs(count: Self.sampleCount, generator: generator)
      .map { ($0.x * $0.x + $0.y * $0.y).squareRoot() }.sorted()
    let median = 0.5 * (radii[Self.sampleCount / 2 - 1] + radii[Self.sampleCount / 2])
    let rh = profile.rHalfLightParsecs
    #expect(abs(median / rh - 1) < 0.01, "\(name): median \(median) vs r_h \(rh)")
    #expect(radii.last! <= profile.truncationRadiusParsecs, "\(name): a star beyond the truncation")

    let binCount = 40
    let truncation = profile.truncationRadiusParsecs
    let edges = (0...binCount).map { truncation * pow(Double($0) / Double(binCount), 2) }
    var observed = [Double](repeating: 0, count: binCount)
    for radius in radii {
      let bin = min(binCount - 1, Int((radius / truncation).squareRoot() * Double(binCount)))
      observed[bin] += 1
    }
    var expected = (0..<binCount).map {
      Double(Self.sampleCount)
        * (profile.cumulativeFraction(withinRadiusParsecs: edges[$0 + 1])
          - profile.cumulativeFraction(withinRadiusParsecs: edges[$0]))
    }
    while expected.count > 2, expected[expected.count - 1] < 20 {
      expected[expected.count - 2] += expected.removeLast()
      observed[observed.count - 2] += observed.removeLast()
    }
    let chiSquare = zip(observed, expected).reduce(0.0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) / $1.1 }
    let degrees = Double(expected.count - 1)
    let p = Self.chiSquareUpperTail(chiSquare, degreesOfFreedom: degrees)
    #expect(p > 0.001, "\(name): χ² = \(chiSquare) for \(degrees) dof, p = \(p)")
  }

  /// Q(χ² | ν) by Wilson & Hilferty (1931): (χ²/ν)^(1/3) is ≈ normal with mean 1 − 2/(9ν) and
  /// variance 2/(9ν).
  static func chiSquareUpperTail(_ chiSquare: Double, degreesOfFreedom nu: Double) -> Double {
    let z = (pow(chiSquare / nu, 1.0 / 3) - (1 - 2 / (9 * nu))) / (2 / (9 * nu)).squareRoot()
    return 0.5 * erfc(z / 2.0.squareRoot())
  }

  /// The χ² helper itself, against tabulated quantiles (Abramowitz & Stegun Table 26.8):
  /// χ²₀.₉₉₉(30) = 59.703, χ²₀.₉₅(39) ≈ 54.572; and a wrong profile is caught.
  @Test func chiSquareHelperAndPowerOfTheTest() throws {
    #expect(abs(Self.chiSquareUpperTail(59.703, degreesOfFreedom: 30) - 0.001) < 0.0002)
    #expect(abs(Self.chiSquareUpperTail(54.572, degreesOfFreedom: 39) - 0.05) < 0.002)
    // Positions drawn from a King profile must fail against an EFF profile of the same r_h.
    let king = try ClusterMorphology(profile: .king(KingProfile(rHalfLightParsecs: 2.5, concentration: 1.5)))
    let eff = try EFFProfile(
      rHalfLightParsecs: 2.5, gamma: 3, truncationRadiusParsecs: king.profile.truncationRadiusParsecs)
    let radii = king.samplePositionsParsecs(count: 20_000, generator: RandomGenerator(seed: 5))
      .map { ($0.x * $0.x + $0.y * $0.y).squareRoot() }
    var chiSquare = 0.0
    let edges = (0...20).map { eff.radius(enclosingFraction: Double($0) / 20) }
    for bin in 0..<20 {
      let count = Double(radii.filter { $0 >= edges[bin] && $0 < edges[bin + 1] }.count)
      let expected = 1000.0
      chiSquare += (count - expected) * (count - expected) / expected
    }
    #expect(Self.chiSquareUpperTail(chiSquare, degreesOfFreedom: 19) < 1e-6)
  }

  /// Shape from second moments of 10⁵ sampled positions, two ways:
  /// - moments of the unit directions p/|p|, for every profile: ⟨n_X²⟩ = ∫ a²cos²φ/(a²cos²φ +
  ///   b²sin²φ) dφ/2π = a/(a + b) = 1/(1 + q), so the eigenvalue ratio is q. Bounded, so the
  ///   scatter is ~1/√n: σ_θ ≈ √(⟨n_X²n_Y²⟩/n)/(λ₁ − λ₂) ≤ 0.4° and σ_e ≲ 0.003 for e ≥ 0.3;
  ///   tolerances 1.5° and 0.012 are ≥ 4σ;
  /// - moments of the positions themselves (eigenvalue ratio q²), for the compact King profile
  ///   only: for EFF γ = 3 they are dominated by the few stars near R_t (Σ R⁴ ∝ R_t).
  /// The major eigenvector's angle from +y towards −x is the position angle.
  @Test(arguments: [
    (ClusterProfile.king(try! KingProfile(rHalfLightParsecs: 3, concentration: 1.2)), 0.3, 30.0),
    (.eff(try! EFFProfile(rHalfLightParsecs: 3, gamma: 3)), 0.5, 120.0),
    (.plummer(try! PlummerProfile(rHalfLightParsecs: 3)), 0.4, -60.0),
  ])
  func ellipticityAndPositionAngleRecovered(profile: ClusterProfile, ellipticity: Double, positionAngle: Double)
    throws
  {
    let morphology = try ClusterMorphology(
      profile: profile, ellipticity: ellipticity, positionAngleDegrees: positionAngle)
    let positions = morphology.samplePositionsParsecs(
      count: Self.sampleCount, generator: RandomGenerator(seed: 31, stream: UInt64(ellipticity * 10)))
    let expectedAngle = Self.foldedAngle(positionAngle)
    let directions = positions.map { p -> PlanePosition in
      let length = (p.x * p.x + p.y * p.y).squareRoot()
      return PlanePosition(x: p.x / length, y: p.y / length)
    }
    let (ratio, angle) = Self.axisRatioAndAngle(of: directions)
    #expect(abs((1 - ratio) - ellipticity) < 0.012, "\(profile): directions give e = \(1 - ratio)")
    #expect(Self.angleDifference(angle, expectedAngle) < 1.5, "\(profile): directions give θ = \(angle)")
    if case .king = profile {
      let (momentRatio, momentAngle) = Self.axisRatioAndAngle(of: positions)
      let measured = 1 - momentRatio.squareRoot()
      #expect(abs(measured - ellipticity) < 0.012, "\(profile): moments give e = \(measured)")
      #expect(Self.angleDifference(momentAngle, expectedAngle) < 1.5, "\(profile): moments give θ = \(momentAngle)")
    }
    // r_h is the circularised half-light radius: the median circularised radius recovers it.
    let circularised = positions.map { morphology.circularisedRadius(of: $0) }.sorted()
    #expect(abs(circularised[positions.count / 2] / 3 - 1) < 0.01)
  }

  /// Eigenvalue ratio (minor/major) of the second-moment tensor about the origin, and the major
  /// axis angle from +y towards −x in [0, 180).
  static func axisRatioAndAngle(of points: [PlanePosition]) -> (ratio: Double, angleDegrees: Double) {
    var xx = 0.0, yy = 0.0, xy = 0.0
    for p in points {
      xx += p.x * p.x
      yy += p.y * p.y
      xy += p.x * p.y
    }
    let root = ((xx - yy) * (xx - yy) + 4 * xy * xy).squareRoot()
    let major = 0.5 * (xx + yy + root)
    let minor = 0.5 * (xx + yy - root)
    // Major eigenvector (vx, vy) ∝ (xy, major − xx); θ = atan2(−vx, vy).
    return (minor / major, foldedAngle(atan2(-xy, major - xx) * 180 / Double.pi))
  }

  static func foldedAngle(_ degrees: Double) -> Double {
    (degrees.truncatingRemainder(dividingBy: 180) + 180).truncatingRemainder(dividingBy: 180)
  }

  static func angleDifference(_ a: Double, _ b: Double) -> Double {
    let difference = abs(a - b)
    return min(difference, 180 - difference)
  }

  /// Pins the draw-order contract (u₁ → radius, u₂ → azimuth): the first star of seed 1 is
  /// computed here from two raw uniforms of an identically keyed generator.
  @Test func drawOrderContract() throws {
    let morphology = try ClusterMorphology(
      profile: .plummer(PlummerProfile(rHalfLightParsecs: 2)), ellipticity: 0.2, positionAngleDegrees: 40)
    let positions = morphology.samplePositionsParsecs(count: 3, generator: RandomGenerator(seed: 1, stream: 9))
    let raw = RandomGenerator(seed: 1, stream: 9)
    for position in positions {
      let radius = morphology.profile.radius(enclosingFraction: raw.uniform())
      let azimuth = 2 * Double.pi * raw.uniform()
      let q = 0.8
      let theta = 40 * Double.pi / 180
      let major = radius * cos(azimuth) / q.squareRoot()
      let minor = radius * sin(azimuth) * q.squareRoot()
      #expect(abs(position.x - (-major * sin(theta) + minor * cos(theta))) < 1e-12)
      #expect(abs(position.y - (major * cos(theta) + minor * sin(theta))) < 1e-12)
    }
  }
}
