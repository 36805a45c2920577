internal import CFITSIO

extension FITSFile {
  /// The current image HDU's axis lengths, slowest first (`[NAXISn, …, NAXIS1]`); empty for an
  /// HDU without data (NAXIS = 0). Throws `.wrongHDUType` on a table.
  public var imageShape: [Int] {
    get throws {
      try requireImageHDU("read image shape")
      let handle = try openHandle("read image shape")
      var status: Int32 = 0
      var rank: Int32 = 0
      ffgidm(handle, &rank, &status)
      try check(status, "read image shape")
      guard rank > 0 else { return [] }
      var axes = [Int64](repeating: 0, count: Int(rank))
      ffgiszll(handle, rank, &axes, &status)
      try check(status, "read image shape")
      return axes.reversed().map { Int($0) }
    }
  }

  /// Reads the whole image of the current HDU, converted to `Element`.
  ///
  /// cfitsio applies BSCALE/BZERO and converts from big-endian storage. Read as Float or Double,
  /// blank pixels (BLANK in integer images, NaN in real ones) are NaN; read as an integer type
  /// they keep their stored value.
  public func readImage<Element: FITSNumeric>(as type: Element.Type = Float.self) throws -> FITSImage<Element> {
    let operation = "read image"
    let shape = try imageShape
    guard !shape.isEmpty else {
      throw failure(
        .wrongHDUType, operation, "HDU \(try currentHDUIndex) has no image data (NAXIS = 0)")
    }
    let handle = try openHandle(operation)
    var pixels = [Element](repeating: Element.fitsZero, count: shape.reduce(1, *))
    var status: Int32 = 0
    var anyNull: Int32 = 0
    var null = [Element.fitsNull]
    let count = Int64(pixels.count)
    null.withUnsafeMutableBytes { nullBuffer in
      pixels.withUnsafeMutableBytes { buffer in
        _ = ffgpv(
          handle, Element.fitsDataType.cfitsioCode, 1, count, nullBuffer.baseAddress, buffer.baseAddress,
          &anyNull, &status)
      }
    }
    try check(status, operation)
    return try FITSImage(shape: shape, pixels: pixels)
  }

  /// Reads the box of the current image that starts at the 0-based `start` and has `shape`
  /// (both slowest axis first); for example `start: [k, 0, 0], shape: [1, ny, nx]` is plane `k`.
  public func readImageRegion<Element: FITSNumeric>(
    start: [Int], shape: [Int], as type: Element.Type = Float.self
  ) throws -> FITSImage<Element> {
    let operation = "read image region start \(start) shape \(shape)"
    let full = try imageShape
    guard start.count == full.count, shape.count == full.count,
      zip(zip(start, shape), full).allSatisfy({ $0.0 >= 0 && $0.1 > 0 && $0.0 + $0.1 <= $1 })
    else {
      throw failure(.shapeMismatch, operation, "the region does not fit inside the image of shape \(full)")
    }
    let handle = try openHandle(operation)
    // FITS order (fastest first) and 1-based inclusive corners.
    var lower = start.reversed().map { $0 + 1 }
    var upper = zip(start, shape).map { $0 + $1 }.reversed().map { $0 }
    var increment = [Int](repeating: 1, count: full.count)
    var pixels = [Element](repeating: Element.fitsZero, count: shape.reduce(1, *))
    var status: Int32 = 0
    var anyNull: Int32 = 0
    var null = [Element.fitsNull]
    null.withUnsafeMutableBytes { nullBuffer in
      pixels.withUnsafeMutableBytes { buffer in
        _ = ffgsv(
          handle, Element.fitsDataType.cfitsioCode, &lower, &upper, &increment, nullBuffer.baseAddress,
          buffer.baseAddress,
          &anyNull, &status)
      }
    }
    try check(status, operation)
    return try FITSImage(shape: shape, pixels: pixels)
  }

  /// Appends an image HDU holding `image`, stored with the BITPIX of `Element`, and makes it current.
  ///
  /// In an empty file the image becomes the primary HDU; otherwise it is an IMAGE extension.
  /// `extensionName` is written as EXTNAME when given.
  public func appendImage<Element: FITSNumeric>(_ image: FITSImage<Element>, extensionName: String? = nil)
    throws
  {
    let operation = "append image of shape \(image.shape)"
    let handle = try openHandle(operation)
    var axes = image.shape.reversed().map { Int64($0) }
    var status: Int32 = 0
    ffcrimll(handle, Element.fitsDataType.bitpix, Int32(axes.count), &axes, &status)
    try check(status, operation)
    if let extensionName { try setKeyword("EXTNAME", .string(extensionName), comment: "extension name") }
    var pixels = image.pixels
    pixels.withUnsafeMutableBytes { buffer in
      _ = ffppr(handle, Element.fitsDataType.cfitsioCode, 1, Int64(image.count), buffer.baseAddress, &status)
    }
    try check(status, operation)
  }

  /// Appends a primary HDU without data (NAXIS = 0); use it before `appendImage` when every image
  /// should be an extension. Throws if the file already has HDUs.
  public func appendEmptyPrimary() throws {
    let operation = "append empty primary HDU"
    guard try hduCount == 0 else {
      throw failure(.wrongHDUType, operation, "the file already has a primary HDU")
    }
    var status: Int32 = 0
    ffcrimll(try openHandle(operation), BYTE_IMG, 0, nil, &status)
    try check(status, operation)
  }

  func requireImageHDU(_ operation: String) throws {
    let type = try currentHDUType
    guard type == .image else {
      throw failure(.wrongHDUType, operation, "HDU \(try currentHDUIndex) is a \(type), not an image")
    }
  }
}
