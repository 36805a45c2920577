import Foundation
import Network
import Testing

/// Forward passes against the independent numpy reference written by
/// `Reference/make_reference.py` (direct convolution sums in float64; see the script).
@Suite struct ReferenceForwardTests {
  struct Reference: Decodable {
    struct Weight: Decodable {
      var shape: [Int]
      var values: [Double]
    }
    var batch: Int
    var input: [Double]
    var weights: [String: Weight]
    var inference_output: [Double]
    var training_output: [Double]
    var running_statistics_after_training: [String: [Double]]
  }

  static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference")

  func load() throws -> (Reference, Sequential, Tensor) {
    let data = try Data(contentsOf: Self.directory.appendingPathComponent("reference.json"))
    let reference = try JSONDecoder().decode(Reference.self, from: data)
    // The architecture is decoded from the script's JSON: this also checks the description format.
    let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
    let architectureData = try JSONSerialization.data(withJSONObject: object["architecture"]!)
    let architecture = try NetworkArchitecture(json: String(decoding: architectureData, as: UTF8.self))
    let network = try Sequential(architecture: architecture)
    #expect(Set(network.parameters.map(\.name)) == Set(reference.weights.keys))
    for parameter in network.parameters {
      let weight = try #require(reference.weights[parameter.name])
      #expect(weight.shape == parameter.shape, "\(parameter.name)")
      parameter.value = weight.values.map { Float($0) }
    }
    let input = Tensor(shape: [reference.batch] + architecture.inputShape, data: reference.input.map { Float($0) })
    return (reference, network, input)
  }

  /// Float32 against float64 through ~10 layers: agreement to 1e-4 relative (plus 1e-5 absolute)
  /// is ~100× the accumulated rounding and far below any formula error.
  func expectClose(_ actual: [Float], _ expected: [Double], _ what: String) {
    #expect(actual.count == expected.count)
    for (a, e) in zip(actual, expected) {
      #expect(abs(Double(a) - e) <= 1e-4 * abs(e) + 1e-5, "\(what): \(a) vs \(e)")
    }
  }

  @Test func inferenceMatchesNumpy() throws {
    let (reference, network, input) = try load()
    expectClose(network.forward(input, mode: .inference).data, reference.inference_output, "inference")
  }

  @Test func trainingModeMatchesNumpy() throws {
    let (reference, network, input) = try load()
    expectClose(network.forward(input, mode: .training).data, reference.training_output, "training")
    for (name, values) in reference.running_statistics_after_training {
      let parameter = try #require(network.parameter(named: name))
      expectClose(parameter.value, values, name)
    }
  }

  @Test func foldedNetworkMatchesNumpy() throws {
    let (reference, network, input) = try load()
    let folded = try network.foldedForInference()
    #expect(!folded.layers.contains { $0 is BatchNormalization2D })
    expectClose(folded.forward(input, mode: .inference).data, reference.inference_output, "folded")
  }
}
