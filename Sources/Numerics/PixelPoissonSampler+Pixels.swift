import Foundation

extension PixelPoissonSampler {
  /// Noisy pixels for a whole image band in one call: each pixel value p (a noiseless source
  /// level) becomes
  ///
  ///     Float((Poisson(B + s) + σ Z − offset) · outputScale),   s = p · sourceScale,
  ///
  /// with Poisson(B + s) as `draw(sourceMean:using:)` (s ≤ 0 and NaN count as 0) and Z a standard
  /// normal by the ziggurat (`Xoshiro256StarStar.standardNormal`), drawn only when σ > 0.
  ///
  /// Words: pixel by pixel in index order, the Poisson words listed on the type, then (σ > 0) the
  /// normal's — exactly the stream of calling `draw` and `standardNormal` per pixel, so the
  /// result is a pure function of the generator's state, the same on every machine and thread.
  public func drawPixels(
    _ pixels: UnsafeMutableBufferPointer<Float>, sourceScale: Double, readNoiseSigma sigma: Double, offset: Double,
    outputScale: Double, using generator: inout Xoshiro256StarStar
  ) {
    let kernel = self.kernel
    for index in pixels.indices {
      var electrons = kernel.draw(sourceMean: Double(pixels[index]) * sourceScale, using: &generator)
      if sigma > 0 { electrons += sigma * generator.standardNormal() }
      pixels[index] = Float((electrons - offset) * outputScale)
    }
  }
}
