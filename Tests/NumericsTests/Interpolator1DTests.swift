import Foundation
import Numerics
import Testing

@Suite struct Interpolator1DTests {
  /// Nodes used against SciPy 1.17.1 (`CubicSpline(bc_type="natural")`, `Akima1DInterpolator`),
  /// computed by hand once; SciPy is an independent implementation.
  let x: [Double] = [0, 1, 2, 3, 4, 5, 6]
  let y: [Double] = [0, 1, 0, 2, 1, 3, 2]

  @Test(arguments: InterpolationMethod.allCases)
  func everyMethodIsExactForLinearFunctions(method: InterpolationMethod) throws {
    // All four schemes reproduce straight lines exactly (their slopes equal the chord slopes),
    // so value, derivative and integral must agree to rounding (1e-12).
    let nodes: [Double] = [-2, -1.5, 0, 0.25, 1, 3, 7]
    let f = { (t: Double) in 3.5 * t - 1.25 }
    let interpolator = try Interpolator1D(x: nodes, y: nodes.map(f), method: method)
    for t in stride(from: -2.0, through: 7.0, by: 0.37) {
      #expect(abs(interpolator(t) - f(t)) < 1e-12)
      #expect(abs(interpolator.derivative(at: t) - 3.5) < 1e-11)
    }
    // ∫_{-1.7}^{5.2} (3.5t − 1.25) dt = 1.75 (5.2² − 1.7²) − 1.25 · 6.9
    #expect(abs(interpolator.integral(from: -1.7, to: 5.2) - (1.75 * (5.2 * 5.2 - 1.7 * 1.7) - 1.25 * 6.9)) < 1e-11)
  }

  @Test func naturalCubicSplineMatchesSciPy() throws {
    let spline = try Interpolator1D(x: x, y: y, method: .cubicSpline)
    let expected: [(Double, Double, Double)] = [
      (0.5, 0.8105769230769231, 1.2070512820512822),
      (2.5, 1.041346153846154, 2.6839743589743588),
      (5.5, 2.910576923076923, -1.2737179487179486),
    ]
    for (t, value, slope) in expected {
      #expect(abs(spline(t) - value) < 1e-13)
      #expect(abs(spline.derivative(at: t) - slope) < 1e-12)
    }
    #expect(abs(spline.integral(from: 0, to: 6) - 8.326923076923077) < 1e-12)
    #expect(abs(spline.integral(from: 0.3, to: 4.7) - 4.650702435897436) < 1e-12)
    for (node, value) in zip(x, y) { #expect(abs(spline(node) - value) < 1e-14) }
  }

  @Test func naturalCubicSplineConvergesAtFourthOrder() throws {
    // sin has zero second derivative at 0 and π, so the natural spline's end condition is exact
    // and the classical bound |f − s| ≤ (5/384) h⁴ max|f⁗| holds (de Boor, A Practical Guide to
    // Splines, ch. IV).
    let count = 31
    let h = Double.pi / Double(count - 1)
    let nodes = (0..<count).map { Double($0) * h }
    let spline = try Interpolator1D(x: nodes, y: nodes.map(sin), method: .cubicSpline)
    var worst = 0.0
    for t in stride(from: 0.0, through: .pi, by: 0.001) { worst = max(worst, abs(spline(t) - sin(t))) }
    #expect(worst <= 5.0 / 384.0 * pow(h, 4))
    #expect(worst > 0)  // it is an approximation, not a lookup of sin
    #expect(abs(spline.integral(from: 0, to: .pi) - 2) < 1e-5)
  }

  @Test func akimaMatchesSciPyAwayFromTheEnds() throws {
    // Interior intervals use only genuine chord slopes, where GSL and SciPy are the same
    // algorithm (Akima 1970); they differ only in the end conditions.
    let akima = try Interpolator1D(x: x, y: y, method: .akima)
    for (t, value, slope) in [(2.5, 0.9625, 2.825), (3.25, 1.890625, -1.1875), (3.5, 1.5, -1.75)] {
      #expect(abs(akima(t) - value) < 1e-13)
      #expect(abs(akima.derivative(at: t) - slope) < 1e-12)
    }
  }

  @Test func steffenIsMonotoneWhereTheDataAre() throws {
    // A step: a cubic spline overshoots, Steffen's method must not (Steffen 1990, A&A 239, 443).
    let nodes: [Double] = [0, 1, 2, 3, 4, 5]
    let values: [Double] = [0, 0, 0, 1, 1, 1]
    let steffen = try Interpolator1D(x: nodes, y: values, method: .steffen)
    let spline = try Interpolator1D(x: nodes, y: values, method: .cubicSpline)
    var previous = -Double.infinity
    var splineOvershoots = false
    for t in stride(from: 0.0, through: 5.0, by: 0.01) {
      let value = steffen(t)
      #expect(value >= previous - 1e-15 && value >= 0 && value <= 1)
      previous = value
      splineOvershoots = splineOvershoots || spline(t) > 1 + 1e-6 || spline(t) < -1e-6
    }
    #expect(splineOvershoots)  // the comparison is meaningful
  }

  @Test func outsideTheTableTheInterpolantIsClamped() throws {
    let spline = try Interpolator1D(x: x, y: y, method: .cubicSpline)
    #expect(spline(-3) == 0)
    #expect(spline(100) == 2)
    #expect(spline.derivative(at: -0.5) == 0)
    #expect(spline.derivative(at: 6.5) == 0)
    #expect(spline(.nan).isNaN)
    // ∫_{-2}^{8} = 2 · y₀ + ∫₀⁶ + 2 · yₙ and reversing the limits flips the sign.
    let inside = spline.integral(from: 0, to: 6)
    #expect(abs(spline.integral(from: -2, to: 8) - (inside + 2 * 2)) < 1e-12)
    #expect(abs(spline.integral(from: 8, to: -2) + (inside + 2 * 2)) < 1e-12)
    #expect(abs(spline.integral(from: 7, to: 9) - 4) < 1e-15)
    #expect(spline.domain == 0...6)
    #expect(spline([-1, 0.5, 2.5, 7]) == [0, spline(0.5), spline(2.5), 2])
  }

  @Test func badNodesAreRejectedWithTheIndex() throws {
    #expect {
      _ = try Interpolator1D(x: [0, 1, 1, 2], y: [0, 1, 2, 3])
    } throws: { error in
      (error as? NumericsError)?.reason.contains("x[2] = 1.0") == true
    }
    #expect {
      _ = try Interpolator1D(x: [0, 2, 1], y: [0, 1, 2])
    } throws: { error in
      (error as? NumericsError)?.reason.contains("x[2]") == true
    }
    #expect(throws: NumericsError.self) { _ = try Interpolator1D(x: [0, 1, 2, 3], y: [0, 1, 2], method: .linear) }
    #expect(throws: NumericsError.self) { _ = try Interpolator1D(x: [0, 1, 2, 3], y: [0, 1, 2, 3], method: .akima) }
    #expect(throws: NumericsError.self) { _ = try Interpolator1D(x: [0, 1], y: [0, .nan]) }
  }

  @Test func sharedAcrossTasksGivesTheSameValues() async throws {
    let spline = try Interpolator1D(x: x, y: y, method: .cubicSpline)
    let serial = (0..<600).map { spline(Double($0) / 100) }
    let parallel = await withTaskGroup(of: (Int, Double).self) { group in
      for index in 0..<600 { group.addTask { (index, spline(Double(index) / 100)) } }
      var values = [Double](repeating: .nan, count: 600)
      for await (index, value) in group { values[index] = value }
      return values
    }
    #expect(parallel == serial)
  }
}
