import Foundation

extension EffectivePSF {
  /// Full width at half maximum of the ePSF (pixels): twice the mean radius, over 72 directions
  /// around the peak, at which the interpolated ePSF falls to half its peak (found by bisection).
  /// Measured on the ePSF, so it includes the pixel response, like the FWHMs quoted for PSFSTD.
  public func fwhmPixels() -> Double {
    let peak = peakOffset()
    let peakValue = pixelFraction(dx: peak.x, dy: peak.y)
    let half = peakValue / 2
    let directions = 72
    var total = 0.0
    for k in 0..<directions {
      let angle = 2 * Double.pi * Double(k) / Double(directions)
      let ux = cos(angle)
      let uy = sin(angle)
      var inner = 0.0
      var outer = 0.0
      // Walk outwards in 1/8-pixel steps to bracket the first crossing, then bisect.
      let step = 0.125
      while pixelFraction(dx: peak.x + (outer + step) * ux, dy: peak.y + (outer + step) * uy) > half {
        outer += step
        if outer > supportHalfWidthPixels { break }
      }
      inner = outer
      outer += step
      for _ in 0..<40 {
        let mid = 0.5 * (inner + outer)
        if pixelFraction(dx: peak.x + mid * ux, dy: peak.y + mid * uy) > half { inner = mid } else { outer = mid }
      }
      total += 0.5 * (inner + outer)
    }
    return 2 * total / Double(directions)
  }

  /// Offset (pixels) of the brightest sample, refined to the peak of the spline by a local search.
  public func peakOffset() -> (x: Double, y: Double) {
    let index = samples.indices.max { samples[$0] < samples[$1] }!
    var x = (Double(index % width) - centerX) / Double(oversampling)
    var y = (Double(index / width) - centerY) / Double(oversampling)
    var step = 0.5 / Double(oversampling)
    while step > 1e-4 {
      var improved = true
      while improved {
        improved = false
        for (sx, sy) in [(step, 0.0), (-step, 0), (0, step), (0, -step)]
        where pixelFraction(dx: x + sx, dy: y + sy) > pixelFraction(dx: x, dy: y) {
          x += sx
          y += sy
          improved = true
        }
      }
      step /= 2
    }
    return (x, y)
  }

  /// Light of the ePSF samples whose offsets lie within `radiusPixels` of the centre, as a fraction
  /// of the light within `normalizingRadiusPixels` (the whole grid when `nil`). This is the
  /// encircled-energy curve of a pixel-convolved PSF, as tabulated for PSFSTD libraries.
  public func encircledEnergy(radiusPixels: Double, normalizingRadiusPixels: Double? = nil) -> Double {
    func light(within radius: Double?) -> Double {
      var sum = 0.0
      for j in 0..<height {
        let dy = (Double(j) - centerY) / Double(oversampling)
        for i in 0..<width {
          let dx = (Double(i) - centerX) / Double(oversampling)
          if let radius, dx * dx + dy * dy > radius * radius { continue }
          sum += samples[j * width + i]
        }
      }
      return sum
    }
    return light(within: radiusPixels) / light(within: normalizingRadiusPixels)
  }
}
