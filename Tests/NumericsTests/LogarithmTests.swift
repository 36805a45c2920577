import Foundation
import Testing

@testable import Numerics

@Suite struct LogarithmTests {
  /// Inputs over the whole positive range, densely near 1 (where ln x → 0 and only the reduction
  /// keeps relative accuracy), over the IMF's power-law bases, at the reduction's seam √2·2ᵏ and at
  /// powers of two, and subnormals.
  private static func inputs(seed: UInt64) -> [Double] {
    let generator = RandomGenerator(seed: seed)
    var inputs = (0..<20_000).map { _ in exp(generator.uniform(-744, 709)) }
    inputs += (0..<10_000).map { _ in 1 + generator.uniform(-0.3, 0.42) }
    inputs += (0..<5_000).map { _ in 1 + generator.uniform(-1e-6, 1e-6) }
    inputs += (0..<10_000).map { _ in generator.uniform(1e-3, 3) }
    for k in stride(from: -1074, through: 1023, by: 3) {
      let power = Double(sign: .plus, exponent: k, significand: 1)
      let seam = power * 2.0.squareRoot()
      inputs += [power, power.nextUp, seam, seam.nextDown, seam.nextUp]
    }
    inputs += [1.nextUp, 1.nextDown, .leastNormalMagnitude, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
    return inputs.filter { $0 > 0 && $0.isFinite }
  }

  /// The head + tail pair errs by at most 2⁻⁵⁷ |ln x| + 10⁻¹⁹ (the precision `power` is built on;
  /// 2⁻⁵⁷·⁸ measured, near |s| = 0.17), against 80-bit `log` (error below 2⁻⁶³ relative).
  @Test func pairIsAccurateToTwoToTheMinusFiftySeven() {
    #if arch(x86_64)
      var worst = 0.0
      for x in Self.inputs(seed: 41) {
        let (head, tail) = logarithmPair(x)
        let exact = Foundation.log(Float80(x))
        let error = abs(Float80(head) + Float80(tail) - exact)
        let allowed = abs(exact) * 0x1p-57 + 1e-19
        worst = max(worst, Double(error / (abs(exact) + 1e-300)))
        #expect(error <= allowed, "x = \(x): error \(error)")
        #expect(abs(tail) <= head.ulp / 2, "x = \(x): tail \(tail) not below half an ulp of \(head)")
      }
      print("LogarithmTests: largest relative error of the pair 2^\(log2(worst))")
      #expect(worst < 0x1p-57, "largest relative error \(worst)")
    #endif
  }

  /// The rounded array result is within 0.52 ulp of the exact ln x (nearly correctly rounded;
  /// 0.513 measured).
  @Test func arrayWithinAboutHalfAnUlp() {
    #if arch(x86_64)
      let inputs = Self.inputs(seed: 42)
      var values = inputs
      values.withUnsafeMutableBufferPointer { logarithm($0) }
      var worst = 0.0
      for (x, y) in zip(inputs, values) {
        let exact = Foundation.log(Float80(x))
        guard exact != 0 else { continue }
        let ulp = Float80(Double(exact).ulp)
        worst = max(worst, Double(abs(Float80(y) - exact) / ulp))
        #expect(abs(Float80(y) - exact) <= 0.52 * ulp, "x = \(x): \(y) against \(exact)")
      }
      print("LogarithmTests: largest error of the rounded result \(worst) ulp")
    #endif
  }

  /// ln 1 = +0 exactly, powers of two give k ln 2 rounded, and the specials of the contract.
  @Test func edgeCases() {
    var values: [Double] = [1, 2, 0.5, 0, -0.0, -1, .infinity, -.infinity, .nan, .leastNonzeroMagnitude]
    values.withUnsafeMutableBufferPointer { logarithm($0) }
    #expect(values[0] == 0 && values[0].sign == .plus)
    #expect(values[1] == M_LN2 && values[2] == -M_LN2)
    #expect(values[3] == -.infinity && values[4] == -.infinity)
    #expect(values[5].isNaN && values[6] == .infinity && values[7].isNaN && values[8].isNaN)
    #expect(values[9] == -1074 * M_LN2 || abs(values[9] - Foundation.log(Double.leastNonzeroMagnitude)) <= 1e-13)
    var empty: [Double] = []
    empty.withUnsafeMutableBufferPointer { logarithm($0) }
    #expect(empty.isEmpty)
  }
}
