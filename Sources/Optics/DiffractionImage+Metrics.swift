import Foundation

/// Shape measures of a centred PSF image, computed the same way for every image so that a model
/// and a reference can be compared like with like.
extension DiffractionImage {
  /// Sum of the samples whose centres lie within `radiusArcsec` of the image centre.
  ///
  /// For a pixel-convolved effective PSF sampled at 1/k of a pixel this is k² times the energy
  /// a circular aperture of that radius collects, up to the aperture's pixelisation; ratios
  /// such as `encircledEnergy(r) / encircledEnergy(rNorm)` are the usual normalised EE curve.
  public func encircledEnergy(radiusArcsec: Double) -> Double {
    let c = centreIndex
    let r = radiusArcsec / spacingArcsec
    var sum = 0.0
    for j in 0..<size {
      let dy = Double(j) - c
      for i in 0..<size {
        let dx = Double(i) - c
        if dx * dx + dy * dy <= r * r { sum += values[j * size + i] }
      }
    }
    return sum
  }

  /// Encircled energy at `radiusArcsec` divided by that at `normalisationRadiusArcsec`.
  public func encircledEnergyFraction(radiusArcsec: Double, normalisationRadiusArcsec: Double) -> Double {
    encircledEnergy(radiusArcsec: radiusArcsec) / encircledEnergy(radiusArcsec: normalisationRadiusArcsec)
  }

  /// Full width at half maximum as the diameter of the circle whose area equals the area where
  /// the (bilinearly interpolated) image is at least half its peak. For a circular profile this
  /// is the FWHM; for a slightly asymmetric one it is the mean width. Each sample cell is
  /// refined `refinement`² times so the estimate is not quantised to whole samples.
  public func halfMaximumDiameterArcsec(refinement: Int = 8) -> Double {
    let peak = values.max() ?? 0
    guard peak > 0 else { return 0 }
    let half = peak / 2
    var count = 0
    let step = 1.0 / Double(refinement)
    for j in 0..<(size - 1) {
      for i in 0..<(size - 1) {
        let v00 = values[j * size + i]
        let v10 = values[j * size + i + 1]
        let v01 = values[(j + 1) * size + i]
        let v11 = values[(j + 1) * size + i + 1]
        if max(v00, v10, v01, v11) < half { continue }
        if min(v00, v10, v01, v11) >= half {
          count += refinement * refinement
          continue
        }
        for b in 0..<refinement {
          let fy = (Double(b) + 0.5) * step
          for a in 0..<refinement {
            let fx = (Double(a) + 0.5) * step
            let v = (1 - fy) * ((1 - fx) * v00 + fx * v10) + fy * ((1 - fx) * v01 + fx * v11)
            if v >= half { count += 1 }
          }
        }
      }
    }
    let area = Double(count) * step * step * spacingArcsec * spacingArcsec
    return 2 * (area / Double.pi).squareRoot()
  }

  /// The azimuthal mean in rings of width `spacingArcsec` (index k covers radii
  /// [(k−0.5), (k+0.5)) samples; k = 0 is the centre sample alone).
  public func radialProfile(rings: Int) -> [Double] {
    var sums = [Double](repeating: 0, count: rings)
    var counts = [Int](repeating: 0, count: rings)
    let c = centreIndex
    for j in 0..<size {
      for i in 0..<size {
        let r = ((Double(i) - c) * (Double(i) - c) + (Double(j) - c) * (Double(j) - c)).squareRoot()
        let k = Int((r + 0.5).rounded(.down))
        if k < rings {
          sums[k] += values[j * size + i]
          counts[k] += 1
        }
      }
    }
    return zip(sums, counts).map { $1 > 0 ? $0 / Double($1) : 0 }
  }
}
