/// A PARSEC isochrone table exactly as the CMD 3.x web form writes it
/// (http://stev.oapd.inaf.it/cmd; Bressan et al. 2012, Marigo et al. 2017), parsed into numbers.
///
/// The file is a preamble of `#` comment lines, then blocks: each block starts with a column-name
/// line (`# Zini MH logAge Mini int_IMF Mass logL logTe logg label … Umag Bmag …`; the very first
/// one may lack the `#`) followed by rows for one or more (log age, [M/H]) pairs. Rows are grouped
/// into one `Block` per (log age, [M/H]) in file order. Other `#` lines (such as
/// `#isochrone terminated`) are comments. Magnitude columns are named `<band>mag`.
public struct ParsecTable: Sendable {
  /// Columns every table must have (CMD 3.x names).
  public static let requiredColumns = ["MH", "logAge", "Mini", "Mass", "logL", "logTe", "logg", "label"]

  /// One isochrone: all rows of one (log age, [M/H]).
  public struct Block: Sendable {
    /// log10(age / yr) exactly as printed.
    public let logAgeYears: Double
    /// [M/H] exactly as printed.
    public let metallicity: Double
    /// 1-based line of the block's first row.
    public let firstLine: Int
    /// Column-major values: `values[columnIndex][row]`.
    public let values: [[Double]]

    public var rowCount: Int { values.first?.count ?? 0 }
  }

  /// The source name given to the parser (for error messages and provenance).
  public let source: String
  /// Column names in file order.
  public let columnNames: [String]
  /// The `#` comment lines before the first column-name line, without the `#` (provenance).
  public let preamble: [String]
  /// The isochrones in file order.
  public let blocks: [Block]

  /// The index of a column, or nil.
  public func columnIndex(_ name: String) -> Int? { columnNames.firstIndex(of: name) }

  /// Band names of the magnitude columns (`Umag` → `U`), in file order; `mbolmag` is excluded.
  public var bandNames: [String] {
    columnNames.filter { $0.hasSuffix("mag") && $0 != "mbolmag" && $0.count > 3 }.map { String($0.dropLast(3)) }
  }

  /// The values of column `name` in `block`.
  public func column(_ name: String, in block: Block) -> [Double]? {
    columnIndex(name).map { block.values[$0] }
  }
}
