extension FITSFile {
  /// Opens `path` read-only, reads the image of the selected HDU and closes the file.
  public static func readImage<Element: FITSNumeric>(
    atPath path: String, hdu: FITSHDUSelector = .primary, as type: Element.Type = Float.self
  ) throws -> FITSImage<Element> {
    let file = try FITSFile(openingAtPath: path)
    try file.move(to: hdu)
    let image = try file.readImage(as: type)
    try file.close()
    return image
  }

  /// Opens `path` read-only, reads the named numeric columns of the selected table HDU as Doubles
  /// (flattened row-major for vector columns) and closes the file.
  public static func readColumns(atPath path: String, hdu: FITSHDUSelector = .index(1), names: [String]) throws
    -> [String: [Double]]
  {
    let file = try FITSFile(openingAtPath: path)
    try file.move(to: hdu)
    var columns: [String: [Double]] = [:]
    for name in names { columns[name] = try file.readColumn(named: name) }
    try file.close()
    return columns
  }
}
