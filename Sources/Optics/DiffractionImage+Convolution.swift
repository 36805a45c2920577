import Foundation

/// Convolutions of a PSF image with the detector's and the pointing's kernels. Everything
/// outside the image is taken as zero, so callers keep a margin wider than the kernels.
extension DiffractionImage {
  /// Convolution with a square top-hat `widthArcsec` wide (a pixel's response): each output
  /// sample is the sum of the input over a `widthArcsec`² window centred on it, with the
  /// samples cut by the window's edge counted in proportion to their overlap.
  public func boxSummed(widthArcsec: Double) -> DiffractionImage {
    let halfWidth = widthArcsec / spacingArcsec / 2
    let reach = Int((halfWidth + 0.5).rounded(.up))
    var weights: [Double] = []
    for d in -reach...reach {
      let lower = max(Double(d) - 0.5, -halfWidth)
      let upper = min(Double(d) + 0.5, halfWidth)
      weights.append(max(0, upper - lower))
    }
    return separableConvolution(kernel: weights)
  }

  /// Convolution with a circular Gaussian of standard deviation `sigmaArcsec`, sampled at the
  /// image's spacing (cell-integrated with the error function) and normalised to unit sum.
  public func gaussianBlurred(sigmaArcsec: Double) -> DiffractionImage {
    guard sigmaArcsec > 0 else { return self }
    let sigma = sigmaArcsec / spacingArcsec
    let reach = Int((5 * sigma + 1).rounded(.up))
    var weights: [Double] = []
    for d in -reach...reach {
      let a = (Double(d) - 0.5) / (sigma * 2.0.squareRoot())
      let b = (Double(d) + 0.5) / (sigma * 2.0.squareRoot())
      weights.append(0.5 * (erf(b) - erf(a)))
    }
    let total = weights.reduce(0, +)
    return separableConvolution(kernel: weights.map { $0 / total })
  }

  /// Convolution with a discrete kernel whose taps are `tapSpacingArcsec` apart (e.g. a detector's
  /// 3×3 charge-diffusion kernel at its pixel pitch): Σ_k K_k · image(x − k·pitch), the shifted
  /// copies interpolated with Keys' cubic convolution (a = −1/2; Keys 1981, IEEE ASSP 29, 1153).
  /// `kernel` is `[y][x]` of odd side `kernelSize`.
  public func convolved(withTaps kernel: [Double], kernelSize: Int, tapSpacingArcsec: Double) -> DiffractionImage {
    precondition(kernelSize % 2 == 1 && kernel.count == kernelSize * kernelSize)
    let half = kernelSize / 2
    let step = tapSpacingArcsec / spacingArcsec
    var out = [Double](repeating: 0, count: size * size)
    for ky in -half...half {
      for kx in -half...half {
        let weight = kernel[(ky + half) * kernelSize + kx + half]
        if weight == 0 { continue }
        let shifted = self.shifted(byX: Double(kx) * step, y: Double(ky) * step)
        for index in 0..<out.count { out[index] += weight * shifted[index] }
      }
    }
    return DiffractionImage(size: size, spacingArcsec: spacingArcsec, values: out)
  }

  /// The image translated by (dx, dy) samples: out(i, j) = in(i − dx, j − dy), cubic-interpolated.
  func shifted(byX dx: Double, y dy: Double) -> [Double] {
    let xWeights = Self.cubicTaps(fraction: -dx)
    let yWeights = Self.cubicTaps(fraction: -dy)
    var out = [Double](repeating: 0, count: size * size)
    // out(i) = Σ_t w_t · in(floor(i − dx) + t − 1), t = 0…3.
    let xBase = Int((-dx).rounded(.down))
    let yBase = Int((-dy).rounded(.down))
    // Separable: first along x into a temporary, then along y.
    var temp = [Double](repeating: 0, count: size * size)
    for j in 0..<size {
      let row = j * size
      for i in 0..<size {
        var sum = 0.0
        for t in 0..<4 {
          let source = i + xBase + t - 1
          if source >= 0 && source < size { sum += xWeights[t] * values[row + source] }
        }
        temp[row + i] = sum
      }
    }
    for j in 0..<size {
      for t in 0..<4 {
        let source = j + yBase + t - 1
        if source < 0 || source >= size { continue }
        let w = yWeights[t]
        for i in 0..<size { out[j * size + i] += w * temp[source * size + i] }
      }
    }
    return out
  }

  /// Keys cubic-convolution weights for the four samples at offsets −1, 0, 1, 2 from
  /// floor(position), where `fraction` is the position (its fractional part is used).
  static func cubicTaps(fraction position: Double) -> [Double] {
    let f = position - position.rounded(.down)
    func keys(_ x: Double) -> Double {
      let a = -0.5
      let t = abs(x)
      if t <= 1 { return (a + 2) * t * t * t - (a + 3) * t * t + 1 }
      if t < 2 { return a * t * t * t - 5 * a * t * t + 8 * a * t - 4 * a }
      return 0
    }
    return [keys(1 + f), keys(f), keys(1 - f), keys(2 - f)]
  }

  /// Convolution with a symmetric 1-D kernel (odd length, centred) along x then y.
  func separableConvolution(kernel: [Double]) -> DiffractionImage {
    let reach = kernel.count / 2
    var temp = [Double](repeating: 0, count: size * size)
    for j in 0..<size {
      let row = j * size
      for i in 0..<size {
        var sum = 0.0
        for t in -reach...reach {
          let source = i + t
          if source >= 0 && source < size { sum += kernel[t + reach] * values[row + source] }
        }
        temp[row + i] = sum
      }
    }
    var out = [Double](repeating: 0, count: size * size)
    for j in 0..<size {
      for t in -reach...reach {
        let source = j + t
        if source < 0 || source >= size { continue }
        let w = kernel[t + reach]
        for i in 0..<size { out[j * size + i] += w * temp[source * size + i] }
      }
    }
    return DiffractionImage(size: size, spacingArcsec: spacingArcsec, values: out)
  }
}
