import Network
import Numerics

/// Central finite differences against a layer's analytic gradients.
///
/// The scalar checked is L = Σᵢ wᵢ·yᵢ with fixed random weights wᵢ (summed in Double), whose
/// ∂L/∂y = w is fed to `backward`. Sampled coordinates of the input and of every trainable
/// parameter are moved by ±h and L is recomputed with a training forward pass. The layers run in
/// Float32, so a finite difference carries rounding noise of about 10⁻⁷·Σ|wᵢyᵢ|/h; the
/// comparison is therefore the relative error of the whole sampled gradient vector,
/// ‖g_fd − g‖ / ‖g‖, which must stay below `tolerance` (1 % by default; a wrong formula gives O(1)).
struct GradientCheck {
  var step: Float = 1e-2
  var tolerance: Double = 1e-2
  var samplesPerTensor = 24
  var seed: UInt64 = 7

  struct Report: CustomStringConvertible {
    var relativeErrors: [String: Double]
    var worst: Double { relativeErrors.values.max() ?? 0 }
    var description: String {
      relativeErrors.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
    }
  }

  func run(_ layer: any Layer, input: Tensor) -> Report {
    let generator = RandomGenerator(seed: seed, stream: 1)
    let output = layer.forward(input, mode: .training)
    let weights = (0..<output.count).map { _ in generator.gaussian() }
    func objective(_ x: Tensor) -> Double {
      let y = layer.forward(x, mode: .training)
      var total: Double = 0
      for index in 0..<y.count { total += weights[index] * Double(y.data[index]) }
      return total
    }
    for parameter in layer.parameters { parameter.zeroGradient() }
    _ = layer.forward(input, mode: .training)
    let inputGradient = layer.backward(Tensor(shape: output.shape, data: weights.map { Float($0) }))

    func sampled(_ count: Int) -> [Int] {
      count <= samplesPerTensor
        ? Array(0..<count) : (0..<samplesPerTensor).map { _ in generator.uniformInteger(below: count) }
    }
    func relativeError(_ pairs: [(numeric: Double, exact: Double)]) -> Double {
      let difference = pairs.reduce(0) { $0 + ($1.numeric - $1.exact) * ($1.numeric - $1.exact) }
      let norm = pairs.reduce(0) { $0 + $1.exact * $1.exact }
      return (difference / max(norm, 1e-20)).squareRoot()
    }

    var errors: [String: Double] = [:]
    var perturbed = input
    var pairs: [(numeric: Double, exact: Double)] = []
    for index in sampled(input.count) {
      let original = perturbed.data[index]
      perturbed.data[index] = original + step
      let plus = objective(perturbed)
      perturbed.data[index] = original - step
      let minus = objective(perturbed)
      perturbed.data[index] = original
      pairs.append(((plus - minus) / (2 * Double(step)), Double(inputGradient.data[index])))
    }
    errors["input"] = relativeError(pairs)
    for parameter in layer.parameters where parameter.isTrainable {
      let analytic = parameter.gradient
      pairs = []
      for index in sampled(parameter.count) {
        let original = parameter.value[index]
        parameter.value[index] = original + step
        let plus = objective(input)
        parameter.value[index] = original - step
        let minus = objective(input)
        parameter.value[index] = original
        pairs.append(((plus - minus) / (2 * Double(step)), Double(analytic[index])))
      }
      errors[parameter.name] = relativeError(pairs)
    }
    return Report(relativeErrors: errors)
  }
}

/// Test inputs from a seeded generator.
enum TestTensors {
  static func gaussian(_ shape: [Int], seed: UInt64, stream: UInt64 = 0, sigma: Double = 1) -> Tensor {
    let generator = RandomGenerator(seed: seed, stream: stream)
    return Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { _ in Float(generator.gaussian(sigma: sigma)) })
  }

  /// Values that are all at least `gap` apart and from zero (no ReLU kink or max-pool tie
  /// within a finite-difference step): a shuffled ladder ±(gap, 2·gap, …).
  static func separated(_ shape: [Int], seed: UInt64, gap: Float = 0.05) -> Tensor {
    let count = shape.reduce(1, *)
    let generator = RandomGenerator(seed: seed, stream: 9)
    var values: [Float] = []
    for index in 0..<count {
      let magnitude = Float(index / 2 + 1) * gap
      values.append(index % 2 == 0 ? magnitude : -magnitude)
    }
    for index in stride(from: count - 1, to: 0, by: -1) {
      values.swapAt(index, generator.uniformInteger(below: index + 1))
    }
    return Tensor(shape: shape, data: values)
  }

  static func randomize(_ parameters: [Parameter], seed: UInt64) {
    for (k, parameter) in parameters.enumerated() {
      let generator = RandomGenerator(seed: seed, stream: UInt64(100 + k))
      for index in 0..<parameter.count {
        switch parameter.role {
        case .statistic:
          parameter.value[index] =
            parameter.name.hasSuffix("variance")
            ? Float(generator.uniform(0.5, 2)) : Float(generator.gaussian(sigma: 0.3))
        case .undecayed where parameter.name.hasSuffix(".scale"):
          parameter.value[index] = Float(generator.uniform(0.5, 1.5))
        default:
          parameter.value[index] = Float(generator.gaussian(sigma: 0.5))
        }
      }
    }
  }
}
