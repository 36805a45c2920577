extension IsochroneSet {
  /// Requests within this distance (dex) of a grid node in log age or [M/H] return that node's
  /// isochrone. CMD prints some ages as 8.10001 for 8.1: without the snap a request for 8.1 would
  /// be a 2·10⁻⁴ interpolation instead of the grid isochrone.
  public static let nodeTolerance = 1e-4

  /// The isochrone at (`logAgeYears`, `metallicity`): bilinear along EEPs
  /// (`Isochrone.interpolate`), first in log age at the two bracketing grid metallicities, then
  /// in [M/H]. A grid node is returned exactly (its own arrays, with its own labels).
  ///
  /// - Throws: `IsochroneSetError.metallicityOutOfRange` / `.ageOutOfRange` outside the grid
  ///   (never extrapolates).
  public func isochrone(logAgeYears: Double, metallicity: Double) throws -> Isochrone {
    let grid = metallicities
    let (lowerZ, upperZ, weightZ) = try Self.bracket(metallicity, in: grid) {
      IsochroneSetError.metallicityOutOfRange(requested: metallicity, lower: grid.first!, upper: grid.last!)
    }
    let atLower = try isochroneInAge(logAgeYears, metallicity: grid[lowerZ])
    if weightZ == 0 { return atLower }
    let atUpper = try isochroneInAge(logAgeYears, metallicity: grid[upperZ])
    return Isochrone.interpolate(
      atLower, atUpper, weight: weightZ, logAgeYears: atLower.logAgeYears, metallicity: metallicity)
  }

  private func isochroneInAge(_ logAge: Double, metallicity: Double) throws -> Isochrone {
    // The slice, not a copy: copying the column's isochrones would retain every array of each.
    let column = isochrones(atMetallicity: metallicity)
    let ages = column.map(\.logAgeYears)
    let (lower, upper, weight) = try Self.bracket(logAge, in: ages) {
      IsochroneSetError.ageOutOfRange(
        requested: logAge, metallicity: metallicity, lower: ages.first!, upper: ages.last!)
    }
    let first = column.startIndex
    if weight == 0 { return column[first + lower] }
    return Isochrone.interpolate(
      column[first + lower], column[first + upper], weight: weight, logAgeYears: logAge, metallicity: metallicity)
  }

  /// Indices of the grid values bracketing `value` and the weight of the upper one; weight 0 at
  /// (or within `nodeTolerance` of) a node, whose index is then `lower`.
  static func bracket(
    _ value: Double, in grid: [Double], outOfRange: () -> IsochroneSetError
  ) throws -> (Int, Int, Double) {
    if let node = grid.firstIndex(where: { abs($0 - value) <= nodeTolerance }) { return (node, node, 0) }
    guard let first = grid.first, let last = grid.last, value > first, value < last else { throw outOfRange() }
    let upper = grid.firstIndex(where: { $0 > value })!
    let lower = upper - 1
    return (lower, upper, (value - grid[lower]) / (grid[upper] - grid[lower]))
  }
}
