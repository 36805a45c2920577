/// A square, regularly sampled image of a point source's light, centred on the source.
///
/// `values` are `[y][x]` row-major; sample (i, j) lies at offset
/// `((i − c) · spacingArcsec, (j − c) · spacingArcsec)` from the source, c = (size − 1)/2.
/// What a value means is stated by whoever makes the image: for a diffraction PSF it is the
/// fraction of the source's energy per sample area (so the image sums to the energy inside it);
/// for an effective PSF it is the fraction of the energy a detector or image pixel centred there
/// would collect.
public struct DiffractionImage: Sendable, Equatable {
  public let size: Int
  public let spacingArcsec: Double
  public var values: [Double]

  public init(size: Int, spacingArcsec: Double, values: [Double]) {
    precondition(size > 0 && values.count == size * size, "values must hold size² samples")
    precondition(spacingArcsec > 0)
    self.size = size
    self.spacingArcsec = spacingArcsec
    self.values = values
  }

  /// Index of the centre sample along either axis (half-integer when `size` is even).
  public var centreIndex: Double { Double(size - 1) / 2 }

  public subscript(x: Int, y: Int) -> Double {
    get { values[y * size + x] }
    set { values[y * size + x] = newValue }
  }

  /// Sum of all samples.
  public var total: Double { values.reduce(0, +) }

  /// This image with every value multiplied by `factor`.
  public func scaled(by factor: Double) -> DiffractionImage {
    DiffractionImage(size: size, spacingArcsec: spacingArcsec, values: values.map { $0 * factor })
  }

  /// Every `step`-th sample counted out from the centre, keeping `halfWidthSamples` on each side:
  /// an image of `2·halfWidthSamples + 1` samples with `step ·` the spacing. `size` must be odd.
  public func decimated(step: Int, halfWidthSamples: Int) -> DiffractionImage {
    precondition(size % 2 == 1, "decimation needs an odd-sized image")
    let c = (size - 1) / 2
    precondition(halfWidthSamples * step <= c, "the decimated image does not fit in the source")
    let outSize = 2 * halfWidthSamples + 1
    var out = [Double](repeating: 0, count: outSize * outSize)
    for j in 0..<outSize {
      let sourceRow = (c + (j - halfWidthSamples) * step) * size
      for i in 0..<outSize {
        out[j * outSize + i] = values[sourceRow + c + (i - halfWidthSamples) * step]
      }
    }
    return DiffractionImage(size: outSize, spacingArcsec: spacingArcsec * Double(step), values: out)
  }
}
