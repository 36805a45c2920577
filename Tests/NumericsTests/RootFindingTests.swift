import Foundation
import Numerics
import Testing

@Suite struct RootFindingTests {
  @Test func rootsOfKnownFunctions() throws {
    #expect(abs(try RootFinding.brent(in: 0, 2) { cos($0) } - Double.pi / 2) < 1e-12)
    #expect(abs(try RootFinding.brent(in: 0, 2) { $0 * $0 * $0 - 2 } - cbrt(2)) < 1e-12)
    // The omega constant, W(1): x eˣ = 1 (OEIS A030178).
    #expect(abs(try RootFinding.brent(in: 0, 1) { $0 * exp($0) - 1 } - 0.567_143_290_409_783_872_9) < 1e-12)
    // Kepler's equation E − e sin E = M at e = 0.5: the root must satisfy it to the tolerance.
    let e = 0.5
    let meanAnomaly = 1.2
    let eccentricAnomaly = try RootFinding.brent(in: 0, .pi) { $0 - e * sin($0) - meanAnomaly }
    #expect(abs(eccentricAnomaly - e * sin(eccentricAnomaly) - meanAnomaly) < 1e-12)
    #expect(try RootFinding.brent(in: 0, 1) { $0 } == 0)  // a root on the bracket's end
  }

  @Test func toleranceControlsTheAccuracy() throws {
    let loose = try RootFinding.brent(in: 1, 2, absoluteTolerance: 1e-3, relativeTolerance: 0) { $0 * $0 - 2 }
    #expect(abs(loose - 2.0.squareRoot()) < 1e-3)
  }

  @Test func failuresAreExplained() throws {
    #expect {
      _ = try RootFinding.brent(in: 0, 1) { $0 * $0 + 1 }
    } throws: { error in
      guard let error = error as? NumericsError else { return false }
      // GSL_EINVAL with GSL's "endpoints do not straddle y=0" and both function values.
      return error.gslStatus == 4 && error.reason.contains("straddle") && error.reason.contains("f(1.0) = 2.0")
    }
    #expect {
      _ = try RootFinding.brent(in: 0, 3, maxIterations: 2) { $0 * $0 * $0 - 2 }
    } throws: { error in
      (error as? NumericsError)?.gslStatus == 11  // GSL_EMAXITER
    }
    #expect(throws: NumericsError.self) { _ = try RootFinding.brent(in: 1, 0) { $0 } }
  }
}
