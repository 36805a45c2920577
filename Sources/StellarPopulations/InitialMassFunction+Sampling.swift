import Numerics

/// How sampling to a target total mass decides the last star (Haas & Anders 2010, A&A 512, A79,
/// compare these rules and their effect on the high-mass end).
public enum MassSamplingRule: String, Sendable, CaseIterable {
  /// Draw until the total reaches the target; keep the last star only if that leaves the total
  /// closer to the target than dropping it ("stop-nearest"; ties keep the star). Starmill's default.
  case stopNearest = "stop-nearest"
  /// Draw until the total reaches the target and keep the last star ("stop-after").
  case stopAfter = "stop-after"
  /// Draw until the total reaches the target and drop the last star ("stop-before").
  case stopBefore = "stop-before"
}

/// Initial masses drawn from an IMF, with the exact total (the truth a cluster is labelled with).
public struct SampledMasses: Sendable, Equatable {
  /// Initial masses (M☉) in drawing order.
  public var masses: [Double]
  /// Σ masses, accumulated in Double in drawing order.
  public var totalMass: Double
}

/// Stars per block of uniforms in `sampleMasses(totalMass:…)`.
let massSamplingBlockCapacity = 256

extension InitialMassFunction {
  /// Draws stars until their total initial mass reaches `targetMass` (M☉), deciding the last
  /// star by `rule`. One uniform deviate per star, inverse CDF, in order. The array is
  /// allocated once for the expected count (target / ⟨m⟩ plus 5σ).
  ///
  /// Stream consumption is exactly one uniform per star drawn (including a dropped last star),
  /// as with one `uniform()` per star: the uniforms come in blocks (`drawUniforms(into:)`, sized
  /// to the stars still expected, at most 256), their masses are computed together
  /// (`quantiles(of:into:)`), and the uniforms of the block left unused once the total reaches the
  /// target are given back (`returnUniforms(_:)`, an exact rewind), so later draws (extinction,
  /// positions, noise) see the stream exactly where the last star's uniform ended.
  public func sampleMasses(
    totalMass targetMass: Double, rule: MassSamplingRule = .stopNearest, using generator: RandomGenerator
  ) -> SampledMasses {
    var masses: [Double] = []
    let blocks = UnsafeMutableBufferPointer<Double>.allocate(capacity: 2 * massSamplingBlockCapacity)
    defer { blocks.deallocate() }
    let total = sampleMasses(totalMass: targetMass, rule: rule, using: generator, into: &masses, blocks: blocks)
    return SampledMasses(masses: masses, totalMass: total)
  }

  /// `sampleMasses(totalMass:rule:using:)` into `masses` (overwritten; its storage reused when
  /// large enough), with `blocks` (at least 2 · `massSamplingBlockCapacity` doubles) as scratch for the
  /// uniforms and their quantiles. Returns the total mass. The same draws and the same masses,
  /// bit for bit, as the value-returning form.
  func sampleMasses(
    totalMass targetMass: Double, rule: MassSamplingRule, using generator: RandomGenerator,
    into masses: inout [Double], blocks: UnsafeMutableBufferPointer<Double>
  ) -> Double {
    masses.removeAll(keepingCapacity: true)
    guard targetMass > 0 else { return 0 }
    let mean = meanMass
    let expected = targetMass / mean
    masses.reserveCapacity(Int(expected + 5 * expected.squareRoot() + 16))
    var total = 0.0
    let blockCapacity = massSamplingBlockCapacity
    precondition(blocks.count >= 2 * blockCapacity, "mass blocks need \(2 * blockCapacity) doubles")
    let uniforms = UnsafeMutableBufferPointer(rebasing: blocks[0..<blockCapacity])
    let block = blocks.baseAddress! + blockCapacity
    while total < targetMass {
      // Enough for the stars still expected plus a margin, so little is computed in vain.
      let wanted = min(blockCapacity, Int(((targetMass - total) / mean).rounded(.up)) + 8)
      let count = generator.drawUniforms(into: UnsafeMutableBufferPointer(rebasing: uniforms[0..<wanted]))
      quantiles(of: UnsafeBufferPointer(rebasing: uniforms[0..<count]), into: block)
      // The running total decides how many of the block are kept (the same sums in the same
      // order); they are then appended in one copy.
      var used = 0
      while used < count && total < targetMass {
        total += block[used]
        used += 1
      }
      masses.append(contentsOf: UnsafeBufferPointer(start: block, count: used))
      generator.returnUniforms(count - used)
    }
    let last = masses[masses.count - 1]
    let dropLast: Bool
    switch rule {
    case .stopAfter: dropLast = false
    case .stopBefore: dropLast = true
    case .stopNearest: dropLast = (targetMass - (total - last)) < (total - targetMass)
    }
    if dropLast {
      masses.removeLast()
      total = 0
      for mass in masses { total += mass }
    }
    return total
  }

  /// Draws exactly `count` stars.
  public func sampleMasses(count: Int, using generator: RandomGenerator) -> SampledMasses {
    var masses = [Double](repeating: 0, count: max(0, count))
    masses.withUnsafeMutableBufferPointer { masses in
      generator.fillUniforms(masses)
      if let base = masses.baseAddress { quantiles(of: UnsafeBufferPointer(masses), into: base) }
    }
    var total = 0.0
    for mass in masses { total += mass }
    return SampledMasses(masses: masses, totalMass: total)
  }
}
