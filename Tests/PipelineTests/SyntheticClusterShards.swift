import Datasets
import Foundation
import Numerics

/// Small synthetic "cluster" shards for training and checking tests: a round Gaussian blob on
/// 3 bands of 16×16 pixels plus unit Gaussian noise, whose labels are visible in the image —
/// total flux ∝ 10^log_mass, width ∝ r_h_pc, and colour (light shifted from the first band to
/// the last) growing with log_age. A network that learns them can then catch shards whose
/// bands are swapped, whose images are scaled, or whose labels are shuffled.
enum SyntheticClusterShards {
  static let bands = ["F275W", "F475W", "F814W"]
  static let size = 16
  static let pixelScale = 0.05

  enum Damage {
    case none
    case bandsSwapped
    case imagesScaled(Float)
    case labelsShuffled
  }

  static func observation(sampleIndex: Int, seed: UInt64) -> Observation {
    let generator = RandomGenerator(seed: seed, stream: UInt64(sampleIndex))
    let logAge = generator.uniform(7, 9)
    let logMass = generator.uniform(3, 4)
    let radius = pow(10, generator.uniform(0, log10(4)))
    let sigma = 0.6 * radius
    let flux = 400 * pow(10, logMass - 3)
    let red = 0.15 + 0.7 * (logAge - 7) / 2
    let fractions = [0.85 - red, 0.5, 0.15 + red]
    let centre = 7.5 + generator.uniform(-0.5, 0.5)
    var pixels: [Float] = []
    for fraction in fractions {
      for y in 0..<size {
        for x in 0..<size {
          let r2 = pow(Double(x) - centre, 2) + pow(Double(y) - centre, 2)
          let value = fraction * flux / (2 * Double.pi * sigma * sigma) * exp(-r2 / (2 * sigma * sigma))
          pixels.append(Float(value + generator.gaussian(sigma: 1)))
        }
      }
    }
    return Observation(
      pixels: pixels, labels: ["log_age": logAge, "log_mass": logMass, "r_h_pc": radius],
      truthReals: ["metallicity": 0], truthIntegers: ["grid_node": Int64(sampleIndex % 4 == 0 ? sampleIndex % 3 : -1)])
  }

  static func metadata(
    first: Int, count: Int, bands: [String] = bands, size: Int = size, pixelScale: Double = pixelScale
  ) -> ShardMetadata {
    ShardMetadata(
      bands: bands, pixelScaleArcsec: pixelScale, imageHeightPixels: size, imageWidthPixels: size,
      zeroPointsVega: [22, 23, 24], exposureSeconds: [1000, 1000, 1000], units: "e-/s", recipeName: "synthetic",
      recipeText: "synthetic test shards", recipeSHA256: String(repeating: "0", count: 64), seed: 77,
      firstSample: first, sampleCount: count, datasetSamples: 100_000, shardIndex: first / 1000, shardCount: 100,
      starmillVersion: "test")
  }

  /// Writes samples `range` to `path`, damaged as asked.
  static func write(_ path: String, range: Range<Int>, damage: Damage = .none, seed: UInt64 = 77) throws {
    var observations = range.map { observation(sampleIndex: $0, seed: seed) }
    let plane = size * size
    switch damage {
    case .none:
      break
    case .bandsSwapped:
      for k in observations.indices {
        let first = Array(observations[k].pixels[0..<plane])
        observations[k].pixels.replaceSubrange(0..<plane, with: observations[k].pixels[(2 * plane)..<(3 * plane)])
        observations[k].pixels.replaceSubrange((2 * plane)..<(3 * plane), with: first)
      }
    case .imagesScaled(let factor):
      for k in observations.indices { observations[k].pixels = observations[k].pixels.map { $0 * factor } }
    case .labelsShuffled:
      let generator = RandomGenerator(seed: 5, stream: 5)
      var order = Array(observations.indices)
      for index in stride(from: order.count - 1, to: 0, by: -1) {
        order.swapAt(index, generator.uniformInteger(below: index + 1))
      }
      let labels = order.map { observations[$0].labels }
      for k in observations.indices { observations[k].labels = labels[k] }
    }
    try ShardWriter.write(observations, metadata: metadata(first: range.lowerBound, count: range.count), to: path)
  }
}
