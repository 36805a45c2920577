extension EffectivePSF {
  /// Converts a plain PSF image into an effective PSF by integrating it over the detector pixel.
  ///
  /// Each image sample is treated as its light spread uniformly over its cell (the only
  /// assumption that neither invents nor loses light), so the ePSF at offset `d` is the exact
  /// overlap integral `Σ_cells value · overlap(cell, pixel at d) / cellArea`, separable in x and y.
  /// This works for any sample spacing, integer oversampling or not (TinyTim's 0.99).
  ///
  /// - Parameters:
  ///   - oversampling: samples per detector pixel of the resulting ePSF.
  ///   - halfWidthPixels: the ePSF grid covers offsets up to this many pixels (`nil`: the whole image).
  ///   - normalizedTotal: light the ePSF grid is scaled to hold (`nil`: keep the image's own light).
  public init(
    integrating image: PSFImage, oversampling: Int, halfWidthPixels: Double? = nil, normalizedTotal: Double? = 1
  ) throws(OpticsError) {
    guard oversampling >= 1 else {
      throw .invalidParameter(name: "oversampling", value: Double(oversampling), rule: "must be ≥ 1")
    }
    let spacing = image.sampleSpacingPixels
    let imageHalfWidth =
      max(
        image.centerX + 0.5, Double(image.width) - 0.5 - image.centerX,
        image.centerY + 0.5, Double(image.height) - 0.5 - image.centerY) * spacing
    let halfWidth = min(halfWidthPixels ?? imageHalfWidth, imageHalfWidth + 0.5)
    guard halfWidth >= 1 else {
      throw .invalidParameter(name: "halfWidthPixels", value: halfWidth, rule: "must be ≥ 1 pixel")
    }
    let halfSamples = Int((halfWidth * Double(oversampling)).rounded(.down))
    let side = 2 * halfSamples + 1
    let offsets = (0..<side).map { Double($0 - halfSamples) / Double(oversampling) }

    let weightsX = Self.overlapWeights(
      offsets: offsets, cellCount: image.width, center: image.centerX, spacing: spacing)
    let weightsY = Self.overlapWeights(
      offsets: offsets, cellCount: image.height, center: image.centerY, spacing: spacing)

    // Rows first: partial[cellRow][i] = Σ_cx image[cellRow][cx] · wx(i, cx).
    var partial = [Double](repeating: 0, count: image.height * side)
    for row in 0..<image.height {
      let base = row * image.width
      for (i, weights) in weightsX.enumerated() {
        var sum = 0.0
        for (cell, weight) in weights { sum += image.samples[base + cell] * weight }
        partial[row * side + i] = sum
      }
    }
    var values = [Double](repeating: 0, count: side * side)
    for (j, weights) in weightsY.enumerated() {
      for (cell, weight) in weights {
        let base = cell * side
        for i in 0..<side { values[j * side + i] += partial[base + i] * weight }
      }
    }
    try self.init(
      samples: values, width: side, height: side, oversampling: oversampling,
      centerX: Double(halfSamples), centerY: Double(halfSamples), normalizedTotal: normalizedTotal)
  }

  /// For each pixel offset `d`: the cells overlapping `[d − ½, d + ½]` and the overlapping
  /// fraction of each cell (`overlap length / spacing`).
  private static func overlapWeights(
    offsets: [Double], cellCount: Int, center: Double, spacing: Double
  ) -> [[(Int, Double)]] {
    offsets.map { d in
      let low = d - 0.5
      let high = d + 0.5
      // Cell k spans [(k − center − ½)·s, (k − center + ½)·s].
      let first = max(0, Int((low / spacing + center + 0.5).rounded(.down)))
      let last = min(cellCount - 1, Int((high / spacing + center - 0.5).rounded(.up)))
      guard first <= last else { return [] }
      var weights: [(Int, Double)] = []
      for k in first...last {
        let cellLow = (Double(k) - center - 0.5) * spacing
        let cellHigh = cellLow + spacing
        let overlap = min(high, cellHigh) - max(low, cellLow)
        if overlap > 0 { weights.append((k, overlap / spacing)) }
      }
      return weights
    }
  }
}
