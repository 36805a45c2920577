import Numerics
import Testing

@Suite struct DiscreteDistributionTests {
  @Test func sampleFrequenciesFollowTheWeights() throws {
    let weights: [Double] = [1, 2, 3, 4, 0, 10, 0.5]
    let distribution = try DiscreteDistribution(weights: weights)
    let total = weights.reduce(0, +)
    #expect(distribution.probabilities.map { $0 * total } == weights)
    let generator = RandomGenerator(seed: 11, stream: 3)
    let draws = 100_000
    var counts = [Double](repeating: 0, count: weights.count)
    for _ in 0..<draws { counts[distribution.sample(generator)] += 1 }
    #expect(counts[4] == 0)  // zero weight is never drawn
    // χ² over the six non-empty bins (5 degrees of freedom). At a fixed seed this is pinned,
    // and p > 0.001 says the frequencies are consistent with the weights.
    let expected = weights.map { $0 / total * Double(draws) }
    let test = GoodnessOfFit.chiSquare(observed: counts, expected: expected)
    #expect(test.degreesOfFreedom == 5)
    #expect(test.pValue > 0.001)
    // A wrong hypothesis (uniform) must be rejected by the same test.
    let uniform = weights.map { $0 > 0 ? Double(draws) / 6 : 0 }
    #expect(GoodnessOfFit.chiSquare(observed: counts, expected: uniform).pValue < 1e-10)
  }

  @Test func oneTableServesManyTasks() async throws {
    // The alias table is read-only after init: tasks sharing it, each with its own generator,
    // draw exactly what they would draw alone.
    let distribution = try DiscreteDistribution(weights: [0.2, 0.3, 0.5])
    let alone = (0..<4).map { task in
      let generator = RandomGenerator(seed: 99, stream: UInt64(task))
      return (0..<1000).map { _ in distribution.sample(generator) }
    }
    let together = await withTaskGroup(of: (Int, [Int]).self) { group in
      for task in 0..<4 {
        group.addTask {
          let generator = RandomGenerator(seed: 99, stream: UInt64(task))
          return (task, (0..<1000).map { _ in distribution.sample(generator) })
        }
      }
      var draws = [[Int]](repeating: [], count: 4)
      for await (task, values) in group { draws[task] = values }
      return draws
    }
    #expect(together == alone)
  }

  @Test func invalidWeightsAreRejected() {
    #expect {
      _ = try DiscreteDistribution(weights: [1, -2, 3])
    } throws: { error in
      (error as? NumericsError)?.reason.contains("weights[1] = -2.0") == true
    }
    #expect(throws: NumericsError.self) { _ = try DiscreteDistribution(weights: []) }
    #expect(throws: NumericsError.self) { _ = try DiscreteDistribution(weights: [0, 0]) }
    #expect(throws: NumericsError.self) { _ = try DiscreteDistribution(weights: [1, .infinity]) }
  }
}
