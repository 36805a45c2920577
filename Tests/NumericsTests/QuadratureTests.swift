import Foundation
import Numerics
import Testing

@Suite struct QuadratureTests {
  @Test func closedFormIntegrals() throws {
    // Each has an exact value; the tolerance is the requested 1e-10 relative plus rounding.
    #expect(abs(try Quadrature.integrate(from: 0, to: .pi) { sin($0) } - 2) < 2e-10)
    #expect(abs(try Quadrature.integrate(from: 0, to: 1) { 1 / $0.squareRoot() } - 2) < 2e-10)  // endpoint singularity
    #expect(abs(try Quadrature.integrate(from: 0, to: 1) { log($0) } + 1) < 1e-10)
    #expect(abs(try Quadrature.integrate(from: 1, to: 0) { $0 * $0 } + 1.0 / 3.0) < 1e-12)
    // Salpeter mass integral ∫_{0.1}^{100} m^{-1.35} dm = (0.1^{-0.35} − 100^{-0.35}) / 0.35
    let expected = (pow(0.1, -0.35) - pow(100, -0.35)) / 0.35
    #expect(abs(try Quadrature.integrate(from: 0.1, to: 100) { pow($0, -1.35) } / expected - 1) < 1e-10)
  }

  @Test func infiniteRanges() throws {
    #expect(abs(try Quadrature.integrateToInfinity(from: 0) { exp(-$0) } - 1) < 1e-10)
    #expect(abs(try Quadrature.integrateToInfinity(from: 1) { 1 / ($0 * $0) } - 1) < 1e-10)
    // ∫₀^∞ x² e^{−x²/2} dx = √(π/2)
    #expect(
      abs(try Quadrature.integrateToInfinity(from: 0) { $0 * $0 * exp(-$0 * $0 / 2) } - (Double.pi / 2).squareRoot())
        < 1e-9)
    #expect(abs(try Quadrature.integrateOverRealLine { exp(-$0 * $0) } - Double.pi.squareRoot()) < 1e-9)
    let estimate = try Quadrature.estimateToInfinity(from: 2) { exp(-$0) }
    #expect(abs(estimate.value - exp(-2)) <= max(estimate.absoluteError, 1e-15) * 10)
  }

  @Test func failuresCarryGSLsMessage() throws {
    // ∫₀¹ dx/x diverges: QAGS must not return a number.
    #expect {
      _ = try Quadrature.integrate(from: 0, to: 1) { 1 / $0 }
    } throws: { error in
      guard let error = error as? NumericsError else { return false }
      return error.gslStatus != nil && error.operation.contains("[0.0, 1.0]") && !error.reason.isEmpty
    }
    #expect(throws: NumericsError.self) {
      _ = try Quadrature.integrate(from: 0, to: 1, relativeTolerance: 0) { $0 }
    }
  }

  @Test func closuresCaptureStateAndRunConcurrently() async throws {
    var calls = 0
    _ = try Quadrature.integrate(from: 0, to: 1) { t in
      calls += 1
      return t
    }
    #expect(calls >= 21)  // at least one 21-point Gauss–Kronrod rule
    // ∫₀¹ xᵏ dx = 1/(k+1) in 8 concurrent tasks: no shared state between calls.
    let results = try await withThrowingTaskGroup(of: (Int, Double).self) { group in
      for k in 0..<8 {
        group.addTask { (k, try Quadrature.integrate(from: 0, to: 1) { pow($0, Double(k)) }) }
      }
      var values: [Int: Double] = [:]
      for try await (k, value) in group { values[k] = value }
      return values
    }
    for k in 0..<8 { #expect(abs(results[k]! - 1 / Double(k + 1)) < 1e-12) }
  }
}
