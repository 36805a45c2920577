import Foundation
import Pipeline
import StarmillTestSupport
import StellarPopulations

/// The 35 MB PARSEC reference table, parsed once per test process (Swift `static let` is lazy and
/// thread-safe) and shared by every test that needs it.
enum ParsecFixture {
  static let path = "parsec/parsec_v1.2S_cmd3.7_ubvrijhk.dat"

  static let table: ParsecTable = {
    try! ParsecIsochroneFile.readTable(path: SharedData.data(path).path)
  }()

  /// All eight UBVRIJHK bands.
  static let set: IsochroneSet = { try! IsochroneSet(parsecTable: table) }()
}
