import Numerics

/// Forward model of detection from artificial-star tests, the standard way of comparing a model
/// population with a catalogue of *detected* stars (MATCH, Dolphin 2002, MNRAS 332, 91, §2.3;
/// the BEAST, Gordon et al. 2016, ApJ 826, 104, §4.3): a model star of input magnitudes m is
/// paired with one of the `neighbours` artificial stars nearest to it, chosen uniformly. If that
/// artificial star was lost, the model star is not detected; otherwise it is observed at
/// m + (output − input) of that artificial star, band by band (the bands' errors keep their
/// correlation, as a blend brightens all bands at once). The detection probability is thus the
/// detected fraction of the k nearest tests, c(m), and the error distribution that of the
/// detected ones among them.
///
/// Nearness: a catalogue that needs a star in every band loses it in whichever band is closest to
/// its limit, so the tests are ordered by their *depth* `d = max_band(m_band − L_band)`, L the
/// band's reference (S/N = 5) magnitude, and the k nearest in d are used. With a few hundred
/// tests (PHAT's per-field files) this one-dimensional neighbourhood is dense (0.1 mag near the
/// limit), where a k-nearest search in the full magnitude space would mix colours: a faint blue
/// star (limited by F814W) would borrow the recoveries of red stars of the same F475W.
///
/// Outside the tests' coverage: a model star deeper than the deepest test is not detected
/// (c = 0): its nearest tests would be the deepest ones, whose rare recoveries (noise peaks,
/// blends) would otherwise be applied to the very many faint dwarfs of a model population.
///
/// Draws: one `uniformInteger(below: k)` per call to `observe`, whatever the outcome.
public struct DetectionModel: Sendable {
  public let tests: ArtificialStarTests
  public let referenceMagnitudes: [Double]
  public let neighbours: Int
  /// Test indices sorted by depth, and their depths.
  let order: [Int]
  let depths: [Double]

  public init(tests: ArtificialStarTests, referenceMagnitudes: [Double], neighbours: Int = 10)
    throws(FieldError)
  {
    guard neighbours >= 1, neighbours <= tests.count else {
      throw FieldError(
        field: "detectionModel.neighbours", value: "\(neighbours)",
        rule: "needs 1 … \(tests.count) (the number of artificial stars)")
    }
    guard referenceMagnitudes.count == tests.bands.count, referenceMagnitudes.allSatisfy(\.isFinite) else {
      throw FieldError(
        field: "detectionModel.referenceMagnitudes", value: "\(referenceMagnitudes)",
        rule: "needs one finite magnitude per band \(tests.bands)")
    }
    self.tests = tests
    self.referenceMagnitudes = referenceMagnitudes
    self.neighbours = neighbours
    let depth = (0..<tests.count).map { star in
      tests.bands.indices.map { tests.input[$0][star] - referenceMagnitudes[$0] }.max()!
    }
    self.order = depth.indices.sorted { (depth[$0], $0) < (depth[$1], $1) }
    self.depths = order.map { depth[$0] }
  }

  /// d = max over bands of (m − L); +∞ if any magnitude is not finite.
  public func depth(_ magnitudes: [Double]) -> Double {
    guard magnitudes.allSatisfy(\.isFinite) else { return .infinity }
    return magnitudes.indices.map { magnitudes[$0] - referenceMagnitudes[$0] }.max()!
  }

  /// Indices of the k tests nearest in depth to `magnitudes`, nearest first (ties: shallower).
  public func nearest(_ magnitudes: [Double]) -> [Int] {
    let d = depth(magnitudes)
    // First test at least as deep as d (binary search), then grow a window outwards.
    var low = 0
    var high = depths.count
    while low < high {
      let middle = (low + high) / 2
      if depths[middle] < d { low = middle + 1 } else { high = middle }
    }
    var left = low - 1
    var right = low
    var result: [Int] = []
    result.reserveCapacity(neighbours)
    while result.count < neighbours {
      let takeLeft: Bool
      if left < 0 {
        takeLeft = false
      } else if right >= depths.count {
        takeLeft = true
      } else {
        takeLeft = d - depths[left] <= depths[right] - d
      }
      if takeLeft {
        result.append(order[left])
        left -= 1
      } else {
        result.append(order[right])
        right += 1
      }
    }
    return result
  }

  /// Whether the star is no deeper than the deepest test.
  public func isCovered(_ magnitudes: [Double]) -> Bool { depth(magnitudes) <= depths[depths.count - 1] }

  /// c(m): the detected fraction of the k nearest tests (0 outside the tests' coverage).
  public func completeness(_ magnitudes: [Double]) -> Double {
    guard isCovered(magnitudes) else { return 0 }
    let near = nearest(magnitudes)
    return Double(near.filter { tests.detected[$0] }.count) / Double(near.count)
  }

  /// One draw of the observation of a star of input `magnitudes`: the measured magnitudes, or nil
  /// when it is not detected.
  public func observe(_ magnitudes: [Double], generator: RandomGenerator) -> [Double]? {
    let draw = generator.uniformInteger(below: neighbours)
    guard isCovered(magnitudes) else { return nil }
    let pick = nearest(magnitudes)[draw]
    guard tests.detected[pick] else { return nil }
    return magnitudes.indices.map { magnitudes[$0] + tests.output[$0][pick] - tests.input[$0][pick] }
  }
}
