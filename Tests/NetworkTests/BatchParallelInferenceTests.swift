import Network
import Testing

/// `BatchParallelInference`: a batch split over threads gives the folded network's outputs, in
/// order, for uneven splits and for fewer images than threads.
@Suite struct BatchParallelInferenceTests {
  @Test(arguments: [(7, 3), (2, 4), (5, 1)])
  func splitBatchMatchesOneForwardPass(batch: Int, threads: Int) throws {
    let model = try ModelFileTests.sampleModel(loss: .gaussianNegativeLogLikelihood)
    let folded = try model.network.foldedForInference()
    let parallel = try BatchParallelInference(network: model.network, threads: threads)
    #expect(parallel.threadCount == threads)
    let input = TestTensors.gaussian([batch, 3, 16, 16], seed: 21)
    let reference = folded.forward(input, mode: .inference)
    let split = parallel.forward(input)
    #expect(split.shape == reference.shape)
    // Images are independent; only the GEMM column blocking changes, so outputs agree to
    // Float32 rounding of the sums (|output| ~ 1).
    var largest: Float = 0
    for (a, b) in zip(split.data, reference.data) { largest = max(largest, abs(a - b)) }
    #expect(largest <= 1e-4, "largest difference \(largest)")
    // And the order is right: a different image's output would differ by O(1).
    #expect(reference.data.count == batch * 6)
  }
}
