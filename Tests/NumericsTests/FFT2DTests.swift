import Foundation
import Numerics
import Testing

@Suite struct FFT2DTests {
  /// The defining sum, O(N²): Z[v][u] = Σ z[y][x] exp(−2πi (ux/W + vy/H)).
  static func naiveDFT(_ image: ComplexImage) -> ComplexImage {
    var result = ComplexImage(width: image.width, height: image.height)
    for v in 0..<image.height {
      for u in 0..<image.width {
        var re = 0.0
        var im = 0.0
        for y in 0..<image.height {
          for x in 0..<image.width {
            let phase =
              -2 * Double.pi
              * (Double(u * x) / Double(image.width) + Double(v * y) / Double(image.height))
            let (zr, zi) = image[x, y]
            re += zr * cos(phase) - zi * sin(phase)
            im += zr * sin(phase) + zi * cos(phase)
          }
        }
        result[u, v] = (re, im)
      }
    }
    return result
  }

  static func randomImage(width: Int, height: Int, seed: UInt64) -> ComplexImage {
    let generator = RandomGenerator(seed: seed)
    let count = width * height
    return ComplexImage(
      width: width, height: height, real: (0..<count).map { _ in generator.gaussian() },
      imaginary: (0..<count).map { _ in generator.gaussian() })
  }

  static func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).map { abs($0 - $1) }.max() ?? 0
  }

  @Test(arguments: [(8, 8), (6, 10), (7, 13), (1, 5), (12, 1), (15, 14)])
  func matchesTheNaiveDFT(size: (Int, Int)) throws {
    let (width, height) = size
    let image = Self.randomImage(width: width, height: height, seed: UInt64(width * 100 + height))
    let fast = try FFT2D.forward(image)
    let naive = Self.naiveDFT(image)
    // Entries are sums of W·H unit Gaussians (|Z| ~ √(WH) ≲ 15); 1e-11 is ~1000 ulps of that.
    #expect(Self.maxDifference(fast.interleaved, naive.interleaved) < 1e-11)
    let back = try FFT2D.inverse(fast)
    #expect(Self.maxDifference(back.interleaved, image.interleaved) < 1e-13)
  }

  @Test func knownSignals() throws {
    // A delta at the origin transforms to all ones.
    var delta = ComplexImage(width: 6, height: 4)
    delta[0, 0] = (1, 0)
    let flat = try FFT2D.forward(delta)
    #expect(flat.real.allSatisfy { abs($0 - 1) < 1e-15 } && flat.imaginary.allSatisfy { abs($0) < 1e-15 })
    // cos(2π (2x/16 + 3y/12)) has two peaks of W·H/2 at (u, v) = (2, 3) and (14, 9).
    let width = 16
    let height = 12
    var wave = ComplexImage(width: width, height: height)
    for y in 0..<height {
      for x in 0..<width {
        wave[x, y] = (cos(2 * .pi * (2 * Double(x) / 16 + 3 * Double(y) / 12)), 0)
      }
    }
    let spectrum = try FFT2D.forward(wave)
    for v in 0..<height {
      for u in 0..<width {
        let expected = (u, v) == (2, 3) || (u, v) == (14, 9) ? Double(width * height) / 2 : 0
        #expect(abs(spectrum[u, v].real - expected) < 1e-12 && abs(spectrum[u, v].imaginary) < 1e-12)
      }
    }
  }

  @Test func aPlanIsReusableAndChecksSizes() throws {
    let plan = try FFT2D.Plan(width: 9, height: 5)
    for seed in 0..<3 {
      var image = Self.randomImage(width: 9, height: 5, seed: UInt64(seed))
      let original = image
      try plan.transform(&image, .forward)
      #expect(image == (try FFT2D.forward(original)))
      try plan.transform(&image, .inverse)
      #expect(Self.maxDifference(image.interleaved, original.interleaved) < 1e-14)
    }
    var wrong = ComplexImage(width: 5, height: 9)
    #expect(throws: NumericsError.self) { try plan.transform(&wrong, .forward) }
    #expect(
      FFT2D.fastSize(atLeast: 97) == 98 && FFT2D.fastSize(atLeast: 121) == 125 && FFT2D.fastSize(atLeast: 64) == 64)
  }

  static func directConvolution(
    _ image: [Double], _ width: Int, _ height: Int, _ kernel: [Double], _ kernelWidth: Int, _ kernelHeight: Int
  ) -> [Double] {
    let fullWidth = width + kernelWidth - 1
    var full = [Double](repeating: 0, count: fullWidth * (height + kernelHeight - 1))
    for y in 0..<height {
      for x in 0..<width {
        for j in 0..<kernelHeight {
          for i in 0..<kernelWidth {
            full[(y + j) * fullWidth + x + i] += image[y * width + x] * kernel[j * kernelWidth + i]
          }
        }
      }
    }
    return full
  }

  @Test(arguments: [(9, 7, 3, 5), (16, 16, 4, 4), (11, 13, 7, 1), (5, 5, 9, 9)])
  func convolutionMatchesTheDirectSum(sizes: (Int, Int, Int, Int)) throws {
    let (width, height, kernelWidth, kernelHeight) = sizes
    let generator = RandomGenerator(seed: 5, stream: UInt64(width))
    let image = (0..<(width * height)).map { _ in generator.uniform(0, 100) }
    let kernel = (0..<(kernelWidth * kernelHeight)).map { _ in generator.uniform() }
    let direct = Self.directConvolution(image, width, height, kernel, kernelWidth, kernelHeight)
    let full = try FFT2D.convolve(
      image, width: width, height: height, kernel: kernel, kernelWidth: kernelWidth, kernelHeight: kernelHeight,
      mode: .full)
    // Values are up to ~100·Σkernel ≲ 4000; 1e-9 absolute is ~1e-13 relative.
    #expect(full.count == direct.count)
    #expect(Self.maxDifference(full, direct) < 1e-9)
    // Flux: Σ(image ∗ kernel) = Σ image · Σ kernel.
    let fluxIn: Double = image.reduce(0, +) * kernel.reduce(0, +)
    let fluxOut: Double = full.reduce(0, +)
    #expect(abs(fluxOut / fluxIn - 1) < 1e-12)
    let same = try FFT2D.convolve(
      image, width: width, height: height, kernel: kernel, kernelWidth: kernelWidth, kernelHeight: kernelHeight)
    let fullWidth = width + kernelWidth - 1
    let (offsetX, offsetY) = ((kernelWidth - 1) / 2, (kernelHeight - 1) / 2)
    let cropped = (0..<height).flatMap { y in
      (0..<width).map { x in direct[(y + offsetY) * fullWidth + x + offsetX] }
    }
    #expect(Self.maxDifference(same, cropped) < 1e-9)
  }

  @Test func centredDeltaKernelIsTheIdentity() throws {
    let generator = RandomGenerator(seed: 8)
    let image = (0..<(10 * 6)).map { _ in generator.gaussian() }
    var kernel = [Double](repeating: 0, count: 15)
    kernel[1 * 5 + 2] = 1  // centre of a 5×3 kernel
    let same = try FFT2D.convolve(image, width: 10, height: 6, kernel: kernel, kernelWidth: 5, kernelHeight: 3)
    #expect(Self.maxDifference(same, image) < 1e-14)
    #expect(throws: NumericsError.self) {
      _ = try FFT2D.convolve(image, width: 9, height: 6, kernel: kernel, kernelWidth: 5, kernelHeight: 3)
    }
  }
}
