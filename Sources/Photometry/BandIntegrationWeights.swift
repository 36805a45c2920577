/// Precomputed quadrature weights w_i for one band on one wavelength grid, such that
/// ∫ F(λ) S(λ) λ dλ = Σ_i w_i F_i exactly when F is the piecewise-linear interpolant of the
/// samples F_i and S is the band's piecewise-linear photon weight (``FilterThroughput/photonWeight``).
///
/// The integral is the photon-counting signal of Bessell & Murphy (2012, eq. A11) up to 1/(hc).
/// Construction: the breakpoints of both curves are merged; on each merged segment F, S and λ
/// are all linear, so their product is a cubic and Simpson's rule integrates it exactly. The
/// weights are then linear in the F_i. Computing a band flux for a spectrum on this grid is a
/// dot product over the few hundred grid points inside the band — this is what makes a BC
/// table over thousands of model atmospheres cheap.
public struct BandIntegrationWeights: Sendable, Hashable {
  /// Index into the wavelength grid of the first weight.
  public let firstIndex: Int
  /// Weights for grid points `firstIndex ..< firstIndex + weights.count`.
  public let weights: [Double]
  /// Number of points of the grid these weights were built for (checked when integrating).
  public let gridCount: Int

  /// Builds the weights of `filter` on `wavelengthsAngstrom` (strictly increasing).
  ///
  /// - Throws: ``PhotometryError/noOverlap(band:spectrum:detail:)`` when the grid does not cover
  ///   the band's non-zero support, so that a band is never silently truncated.
  public init(filter: FilterThroughput, wavelengthsAngstrom grid: [Double], gridName: String) throws {
    let support = filter.supportAngstrom
    guard let gridFirst = grid.first, let gridLast = grid.last, gridFirst <= support.lowerBound,
      gridLast >= support.upperBound
    else {
      throw PhotometryError.noOverlap(
        band: filter.name, spectrum: gridName,
        detail: "band support \(support.lowerBound)–\(support.upperBound) Å is not covered by the grid "
          + "\(grid.first ?? .nan)–\(grid.last ?? .nan) Å")
    }
    let filterWavelengths = filter.wavelengthsAngstrom
    let photonWeight = filter.photonWeight
    // Merged breakpoints inside the support.
    var breakpoints: [Double] = []
    breakpoints.reserveCapacity(filterWavelengths.count + grid.count)
    for wavelength in filterWavelengths where support.contains(wavelength) { breakpoints.append(wavelength) }
    for wavelength in grid where wavelength > support.lowerBound && wavelength < support.upperBound {
      breakpoints.append(wavelength)
    }
    breakpoints.sort()
    var merged: [Double] = []
    merged.reserveCapacity(breakpoints.count)
    for wavelength in breakpoints where merged.last.map({ wavelength > $0 }) ?? true { merged.append(wavelength) }

    // Index of the grid interval [grid[k], grid[k+1]] that holds the support's lower end.
    var gridIndex = Self.intervalIndex(of: merged[0], in: grid)
    var filterIndex = Self.intervalIndex(of: merged[0], in: filterWavelengths)
    let first = gridIndex
    var accumulated = [Double](repeating: 0, count: grid.count - first)

    func filterValue(_ wavelength: Double, _ index: Int) -> Double {
      let a = filterWavelengths[index]
      let b = filterWavelengths[index + 1]
      let t = (wavelength - a) / (b - a)
      return photonWeight[index] * (1 - t) + photonWeight[index + 1] * t
    }

    for segment in 0..<(merged.count - 1) {
      let a = merged[segment]
      let b = merged[segment + 1]
      let middle = 0.5 * (a + b)
      while gridIndex + 2 < grid.count, grid[gridIndex + 1] <= a { gridIndex += 1 }
      while filterIndex + 2 < filterWavelengths.count, filterWavelengths[filterIndex + 1] <= a { filterIndex += 1 }
      let left = grid[gridIndex]
      let width = grid[gridIndex + 1] - left
      // Weight of the left grid node in F at a, middle, b (the right node gets 1 − that).
      let leftAtA = 1 - (a - left) / width
      let leftAtMiddle = 1 - (middle - left) / width
      let leftAtB = 1 - (b - left) / width
      let sa = filterValue(a, filterIndex) * a
      let sm = filterValue(middle, filterIndex) * middle
      let sb = filterValue(b, filterIndex) * b
      let h = (b - a) / 6
      let leftWeight = h * (leftAtA * sa + 4 * leftAtMiddle * sm + leftAtB * sb)
      let rightWeight = h * ((1 - leftAtA) * sa + 4 * (1 - leftAtMiddle) * sm + (1 - leftAtB) * sb)
      accumulated[gridIndex - first] += leftWeight
      accumulated[gridIndex + 1 - first] += rightWeight
    }
    let last = accumulated.lastIndex(where: { $0 != 0 }) ?? 0
    firstIndex = first
    weights = Array(accumulated[0...last])
    gridCount = grid.count
  }

  /// Σ w_i F_i: the photon-weighted band integral ∫ F S λ dλ of samples on the weights' grid.
  public func integrate(_ samples: UnsafeBufferPointer<Float>) -> Double {
    precondition(samples.count == gridCount, "samples (\(samples.count)) are not on this grid (\(gridCount))")
    return weights.withUnsafeBufferPointer { weights in
      var sum = 0.0
      var offset = 0
      while offset < weights.count {
        sum += weights[offset] * Double(samples[firstIndex + offset])
        offset += 1
      }
      return sum
    }
  }

  /// Σ w_i F_i for Double samples on the weights' grid.
  public func integrate(_ samples: [Double]) -> Double {
    precondition(samples.count == gridCount, "samples (\(samples.count)) are not on this grid (\(gridCount))")
    return samples.withUnsafeBufferPointer { samples in
      weights.withUnsafeBufferPointer { weights in
        var sum = 0.0
        var offset = 0
        while offset < weights.count {
          sum += weights[offset] * samples[firstIndex + offset]
          offset += 1
        }
        return sum
      }
    }
  }

  /// The index k with grid[k] ≤ x < grid[k+1], clamped to the valid interval range.
  static func intervalIndex(of x: Double, in grid: [Double]) -> Int {
    var low = 0
    var high = grid.count - 1
    while high - low > 1 {
      let middle = (low + high) / 2
      if grid[middle] <= x { low = middle } else { high = middle }
    }
    return min(low, grid.count - 2)
  }
}

extension FilterThroughput {
  /// The photon-weighted band integral ∫ F_λ S λ dλ of `spectrum` (exact for linear interpolants).
  public func photonIntegral(of spectrum: Spectrum) throws -> Double {
    try BandIntegrationWeights(filter: self, wavelengthsAngstrom: spectrum.wavelengthsAngstrom, gridName: spectrum.name)
      .integrate(spectrum.fluxDensity)
  }
}
