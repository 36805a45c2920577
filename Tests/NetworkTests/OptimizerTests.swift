import Foundation
import Network
import Testing

@Suite struct OptimizerTests {
  /// Two AdamW steps on one weight and one bias against the update rule written out in Double.
  @Test func adamWFollowsItsDefinition() {
    let weight = Parameter(name: "w", shape: [2], role: .weight, value: [0.5, -1.0])
    let bias = Parameter(name: "b", shape: [1], role: .undecayed, value: [0.25])
    let optimizer = AdamW(weightDecay: 0.1)
    let gradients: [[Float]] = [[0.2, -0.4, 1.0], [-0.1, 0.3, 0.5]]
    var expected: [Double] = [0.5, -1.0, 0.25]
    var m = [Double](repeating: 0, count: 3)
    var v = [Double](repeating: 0, count: 3)
    let rates = [1e-2, 5e-3]
    for (step, g) in gradients.enumerated() {
      weight.gradient = Array(g[0..<2])
      bias.gradient = [g[2]]
      optimizer.update([weight, bias], learningRate: rates[step])
      let t = Double(step + 1)
      for k in 0..<3 {
        let gk = Double(g[k])
        if k < 2 { expected[k] *= 1 - rates[step] * 0.1 }
        m[k] = 0.9 * m[k] + 0.1 * gk
        v[k] = 0.999 * v[k] + 0.001 * gk * gk
        expected[k] -= rates[step] * (m[k] / (1 - pow(0.9, t))) / ((v[k] / (1 - pow(0.999, t))).squareRoot() + 1e-8)
      }
    }
    let actual = weight.value + bias.value
    for k in 0..<3 { #expect(abs(Double(actual[k]) - expected[k]) < 1e-6, "component \(k)") }
    #expect(optimizer.step == 2)
  }

  /// Decoupled decay: with zero gradient a weight shrinks by exactly (1 − lr·λ); a bias does not move.
  @Test func weightDecayIsDecoupled() {
    let weight = Parameter(name: "w", shape: [1], role: .weight, value: [2])
    let bias = Parameter(name: "b", shape: [1], role: .undecayed, value: [2])
    AdamW(weightDecay: 0.5).update([weight, bias], learningRate: 0.1)
    #expect(weight.value == [2 * (1 - 0.05)])
    #expect(bias.value == [2])
  }

  @Test func scheduleWarmsUpThenDecaysToItsFloor() {
    let schedule = LearningRateSchedule(peak: 1e-3, final: 1e-5, warmupSteps: 10, totalSteps: 110)
    #expect(abs(schedule.learningRate(atStep: 0) - 1e-4) < 1e-15)
    #expect(abs(schedule.learningRate(atStep: 9) - 1e-3) < 1e-15)
    #expect(abs(schedule.learningRate(atStep: 10) - 1e-3) < 1e-15)
    #expect(abs(schedule.learningRate(atStep: 60) - (1e-5 + 0.5 * (1e-3 - 1e-5))) < 1e-12)
    #expect(abs(schedule.learningRate(atStep: 110) - 1e-5) < 1e-15)
    let rates = (10...110).map { schedule.learningRate(atStep: $0) }
    #expect(zip(rates, rates.dropFirst()).allSatisfy { $0 >= $1 })
  }
}
