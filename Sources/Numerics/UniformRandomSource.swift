/// A source of uniform variates that the exact samplers (`exactPoisson(mean:)`) run on: GSL's Mersenne Twister
/// (`RandomGenerator`) or the pixel-noise stream (`Xoshiro256StarStar`).
public protocol UniformRandomSource {
  /// Uniform on [0, 1).
  mutating func uniform() -> Double
  /// Uniform on (0, 1).
  mutating func uniformPositive() -> Double
}

extension RandomGenerator: UniformRandomSource {}
extension Xoshiro256StarStar: UniformRandomSource {}
