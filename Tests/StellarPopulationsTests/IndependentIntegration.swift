import Foundation
import StellarPopulations

/// An integration of the IMF-weighted isochrone written in the tests from the PARSEC table's own
/// rows, sharing no code with `StellarPopulations` beyond the parsed numbers.
enum IndependentIntegration {
  /// Kroupa (2001) ξ(m) on [0.08, 150], unnormalised: m^-1.3 below 0.5, 0.5 m^-2.3 above.
  static func kroupa(_ m: Double) -> Double { m < 0.5 ? pow(m, -1.3) : 0.5 * pow(m, -2.3) }

  /// ∫ξ and ∫mξ over [0.08, 150] in closed form.
  static let kroupaNumber = (pow(0.5, -0.3) - pow(0.08, -0.3)) / -0.3 + 0.5 * (pow(150, -1.3) - pow(0.5, -1.3)) / -1.3
  static let kroupaMass = (pow(0.5, 0.7) - pow(0.08, 0.7)) / 0.7 + 0.5 * (pow(150, -0.3) - pow(0.5, -0.3)) / -0.3
  static var kroupaMeanMass: Double { kroupaMass / kroupaNumber }

  /// Mean flux per star (0-mag units) of every magnitude column in `columns` for one block:
  /// magnitudes linear in initial mass between consecutive rows (sentinel rows logL = −9.999
  /// dropped), rows whose mass does not exceed the largest before them carry no stars, Simpson
  /// with 16 intervals per row pair. `moment` 2 gives the mean squared flux per star instead
  /// (the Poisson variance of a population's flux is N · ⟨f²⟩).
  static func fluxPerStar(table: ParsecTable, block: ParsecTable.Block, columns: [String], moment: Double = 1)
    -> [Double]
  {
    let logL = table.column("logL", in: block)!
    let keep = logL.indices.filter { logL[$0] > -9.9 }
    let mini = keep.map { table.column("Mini", in: block)![$0] }
    return columns.map { name in
      let mags = keep.map { table.column(name, in: block)![$0] }
      var total = 0.0
      var largest = mini[0]
      for i in 0..<(mini.count - 1) {
        let lower = max(largest, 0.08)
        let upper = min(mini[i + 1], 150)
        largest = max(largest, mini[i + 1])
        guard upper > lower else { continue }
        let steps = 16
        let h = (upper - lower) / Double(steps)
        var sum = 0.0
        for k in 0...steps {
          let m = lower + Double(k) * h
          let magnitude = mags[i] + (m - mini[i]) / (mini[i + 1] - mini[i]) * (mags[i + 1] - mags[i])
          let weight = k == 0 || k == steps ? 1.0 : (k % 2 == 1 ? 4.0 : 2.0)
          sum += weight * kroupa(m) * pow(10, -0.4 * moment * magnitude)
        }
        total += sum * h / 3
      }
      return total / kroupaNumber
    }
  }
}
