/// Linear (non-circular) convolution of two real images through one complex FFT.
extension FFT2D {
  /// Which part of the full linear convolution to return.
  public enum ConvolutionMode: Sendable {
    /// All `(height + kernelHeight − 1) × (width + kernelWidth − 1)` values.
    case full
    /// `height × width` values, the kernel's element `((kernelWidth − 1)/2, (kernelHeight − 1)/2)`
    /// (integer division) acting as its centre: the same cropping as `scipy.signal.convolve(…,
    /// mode="same")`. Use odd kernel sizes to avoid a half-pixel shift.
    case same
  }

  /// `(image ∗ kernel)[y][x] = Σ_{j,i} image[y−j][x−i] · kernel[j][i]` (zero outside both), both
  /// real and row-major (`[y][x]`).
  ///
  /// Both arrays are zero-padded to a fast FFT size ≥ the full size (so the circular convolution
  /// equals the linear one), packed into one complex array `z = image + i·kernel`, and
  /// transformed once; their spectra are recovered from the Hermitian symmetry of real inputs,
  /// `A[k] = (Z[k] + Z̄[−k])/2`, `B[k] = (Z[k] − Z̄[−k])/(2i)`, so the product is
  /// `A·B = (Z[k]² − Z̄[−k]²)/(4i)` (Press et al., Numerical Recipes 3rd ed., §12.3.2).
  /// Rounding error is ~1e-16 of the largest |Z|, i.e. relative to max|image|·Σ|kernel|.
  public static func convolve(
    _ image: [Double], width: Int, height: Int, kernel: [Double], kernelWidth: Int, kernelHeight: Int,
    mode: ConvolutionMode = .same
  ) throws -> [Double] {
    let operation = "FFT2D.convolve(\(width)×\(height) image, \(kernelWidth)×\(kernelHeight) kernel)"
    guard width > 0, height > 0, kernelWidth > 0, kernelHeight > 0 else {
      throw NumericsError(operation: operation, reason: "sizes must be positive")
    }
    guard image.count == width * height else {
      throw NumericsError(operation: operation, reason: "image has \(image.count) values, expected \(width * height)")
    }
    guard kernel.count == kernelWidth * kernelHeight else {
      throw NumericsError(
        operation: operation, reason: "kernel has \(kernel.count) values, expected \(kernelWidth * kernelHeight)")
    }
    let fullWidth = width + kernelWidth - 1
    let fullHeight = height + kernelHeight - 1
    let paddedWidth = fastSize(atLeast: fullWidth)
    let paddedHeight = fastSize(atLeast: fullHeight)

    var packed = ComplexImage(width: paddedWidth, height: paddedHeight)
    for y in 0..<height {
      for x in 0..<width { packed.interleaved[2 * (y * paddedWidth + x)] = image[y * width + x] }
    }
    for y in 0..<kernelHeight {
      for x in 0..<kernelWidth {
        packed.interleaved[2 * (y * paddedWidth + x) + 1] = kernel[y * kernelWidth + x]
      }
    }
    let plan = try Plan(width: paddedWidth, height: paddedHeight)
    try plan.transform(&packed, .forward)

    var product = ComplexImage(width: paddedWidth, height: paddedHeight)
    packed.interleaved.withUnsafeBufferPointer { z in
      product.interleaved.withUnsafeMutableBufferPointer { p in
        for v in 0..<paddedHeight {
          let mirrorV = v == 0 ? 0 : paddedHeight - v
          for u in 0..<paddedWidth {
            let mirrorU = u == 0 ? 0 : paddedWidth - u
            let k = 2 * (v * paddedWidth + u)
            let m = 2 * (mirrorV * paddedWidth + mirrorU)
            let (zr, zi) = (z[k], z[k + 1])
            let (cr, ci) = (z[m], -z[m + 1])  // conj(Z[−k])
            // X = Z² − conj(Z[−k])²; product = X / (4i) = (Im X, −Re X) / 4.
            let xr = (zr * zr - zi * zi) - (cr * cr - ci * ci)
            let xi = 2 * zr * zi - 2 * cr * ci
            p[k] = xi / 4
            p[k + 1] = -xr / 4
          }
        }
      }
    }
    try plan.transform(&product, .inverse)

    let (outWidth, outHeight, offsetX, offsetY) =
      mode == .full
      ? (fullWidth, fullHeight, 0, 0)
      : (width, height, (kernelWidth - 1) / 2, (kernelHeight - 1) / 2)
    var result = [Double](repeating: 0, count: outWidth * outHeight)
    for y in 0..<outHeight {
      for x in 0..<outWidth {
        result[y * outWidth + x] = product.interleaved[2 * ((y + offsetY) * paddedWidth + x + offsetX)]
      }
    }
    return result
  }
}
