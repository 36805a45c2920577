import Foundation

/// A pupil sampled on a square grid: amplitude transmission and optical path difference.
///
/// The grid spans [−R, R] on both axes with `samplesAcross` samples; sample k is centred at
/// `(k + 0.5 − samplesAcross/2) · spacingMetres`. Transmission is the fraction of the sample's
/// area that is clear (anti-aliased by `subsamples²` points), so thin spiders keep their area
/// even when narrower than a sample. Arrays are `[y][x]` row-major.
public struct PupilGrid: Sendable {
  public let samplesAcross: Int
  public let spacingMetres: Double
  /// Amplitude transmission in [0, 1], `[y][x]`.
  public let transmission: [Double]
  /// Optical path difference, nanometres, `[y][x]`; nil when the wavefront is perfect.
  public let opdNanometres: [Double]?

  /// Centre of sample `k` along either axis, metres.
  public func coordinateMetres(_ k: Int) -> Double {
    (Double(k) + 0.5 - Double(samplesAcross) / 2) * spacingMetres
  }

  /// Σ |t|² dA: the power the pupil passes for unit incident irradiance (m²). For a hard-edged
  /// pupil this tends to the clear area as the sampling is refined.
  public var transmittedPowerSquareMetres: Double {
    transmission.reduce(0) { $0 + $1 * $1 } * spacingMetres * spacingMetres
  }

  /// Σ t dA: the clear area, m².
  public var clearAreaSquareMetres: Double {
    transmission.reduce(0, +) * spacingMetres * spacingMetres
  }
}

extension Pupil {
  /// Samples the pupil on `samplesAcross`² points spanning its outer diameter, each averaged over
  /// `subsamples`² sub-points, with the wavefront error of `aberration` (Zernike radius = the
  /// outer radius).
  public func sampled(samplesAcross: Int, subsamples: Int = 4, aberration: PupilAberration = .none) -> PupilGrid {
    precondition(samplesAcross >= 8 && subsamples >= 1)
    let n = samplesAcross
    let spacing = 2 * outerRadiusMetres / Double(n)
    var transmission = [Double](repeating: 0, count: n * n)
    var opd: [Double]? = aberration.isZero ? nil : [Double](repeating: 0, count: n * n)
    let inverseSub = 1.0 / Double(subsamples)
    for j in 0..<n {
      let yCentre = (Double(j) + 0.5 - Double(n) / 2) * spacing
      for i in 0..<n {
        let xCentre = (Double(i) + 0.5 - Double(n) / 2) * spacing
        var clear = 0
        for sj in 0..<subsamples {
          let y = yCentre + ((Double(sj) + 0.5) * inverseSub - 0.5) * spacing
          for si in 0..<subsamples {
            let x = xCentre + ((Double(si) + 0.5) * inverseSub - 0.5) * spacing
            if transmits(xMetres: x, yMetres: y) { clear += 1 }
          }
        }
        let t = Double(clear) * inverseSub * inverseSub
        transmission[j * n + i] = t
        if t > 0, opd != nil {
          let rho = (xCentre * xCentre + yCentre * yCentre).squareRoot() / outerRadiusMetres
          opd![j * n + i] = aberration.opdNanometres(rho: min(rho, 1), theta: atan2(yCentre, xCentre))
        }
      }
    }
    return PupilGrid(samplesAcross: n, spacingMetres: spacing, transmission: transmission, opdNanometres: opd)
  }
}
