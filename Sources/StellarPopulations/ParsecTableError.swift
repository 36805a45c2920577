/// Why a PARSEC CMD table could not be read: the file, the 1-based line, the column (when one is
/// involved) and the rule the input broke.
public struct ParsecTableError: Error, Equatable, Sendable, CustomStringConvertible {
  public enum Kind: Equatable, Sendable {
    /// A data row came before any column-name line (`# Zini MH logAge …`).
    case missingColumnHeader
    /// The column-name line lacks a column Starmill needs.
    case missingColumn(String)
    /// A later column-name line differs from the first one.
    case inconsistentColumns
    /// A value is not a number.
    case nonNumericValue(column: String, text: String)
    /// A row has fewer values than there are columns.
    case truncatedRow(expected: Int, found: Int)
    /// A row has more values than there are columns.
    case extraValues(expected: Int, found: Int)
    /// The evolutionary phase `label` is not an integer.
    case nonIntegerLabel(text: String)
    /// A column-name line is followed by no data row (another header or the end of the file).
    case emptyAgeBlock
    /// Two separate blocks hold the same (log age, [M/H]).
    case duplicateIsochrone(logAge: Double, metallicity: Double, firstLine: Int)
    /// The text holds no data rows at all.
    case noRows
  }

  public let kind: Kind
  /// The source name given to the parser (a path or a label).
  public let file: String
  /// 1-based line number.
  public let line: Int

  public init(_ kind: Kind, file: String, line: Int) {
    self.kind = kind
    self.file = file
    self.line = line
  }

  public var description: String {
    let place = "\(file):\(line)"
    switch kind {
    case .missingColumnHeader:
      return "\(place): data row before any column-name line ('# Zini MH logAge Mini …')"
    case .missingColumn(let name):
      return "\(place): required column '\(name)' is missing from the column-name line"
    case .inconsistentColumns:
      return "\(place): column-name line differs from the file's first one"
    case .nonNumericValue(let column, let text):
      return "\(place): column '\(column)': '\(text)' is not a number"
    case .truncatedRow(let expected, let found):
      return "\(place): truncated row: \(found) values, the header names \(expected) columns"
    case .extraValues(let expected, let found):
      return "\(place): row has \(found) values, the header names only \(expected) columns"
    case .nonIntegerLabel(let text):
      return "\(place): column 'label': '\(text)' is not an integer phase label"
    case .emptyAgeBlock:
      return "\(place): column-name line starts an isochrone block that has no rows"
    case .duplicateIsochrone(let logAge, let metallicity, let firstLine):
      return
        "\(place): isochrone logAge=\(logAge) [M/H]=\(metallicity) appears again (first block at line \(firstLine))"
    case .noRows:
      return "\(place): no data rows"
    }
  }
}
