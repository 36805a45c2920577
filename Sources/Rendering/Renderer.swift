/// Renders star lists into multi-band images through each band's PSF, exactly and fast.
///
/// Each star is placed at its exact sub-pixel position: its stamp is the bilinear blend of the
/// four precomputed phase stamps around its phase (`RenderPSFTable`), scaled by its flux in each
/// band. Light falling outside the image is lost, never wrapped. All bands are rendered in one
/// pass over the star list, and bands that share one `RenderPSFTable` instance share the blended
/// stamp (one blend, one multiply-add per band and pixel).
///
/// Wing-cut rule (`wingThresholdCounts` = τ, in the image's units per pixel; 0, the default,
/// renders every star with its full stamp and is exact): a star whose largest band flux is `F` is
/// drawn with the smallest stamp half-width `r` whose outside pixels all satisfy
/// `F · maxOutside(r) ≤ τ`, i.e. every pixel value the cut drops is at most τ. The dropped light
/// is folded back into the kept stamp (each cut stamp is scaled to the full stamp's light), so
/// flux is conserved to Float32 rounding. The price is a core that is brighter by the cut
/// fraction; in a crowded cluster these biases add coherently: `starmill bench render` measures
/// Σ|ΔI|/ΣI ≈ 1·10⁻² at τ = 0.02σ_sky for the standard 5,000-star cluster, so the cut is an
/// explicit opt-in for speed, not an exact mode.
public struct Renderer: Sendable {
  public let width: Int
  public let height: Int
  public let tables: [RenderPSFTable]
  public let wingThresholdCounts: Double

  /// Bands grouped by shared table: (table, bands).
  let groups: [(table: RenderPSFTable, bands: [Int])]
  /// Margin (floats) left of the image in the padded rows, and the padded row length.
  let margin: Int
  let paddedWidth: Int

  /// - Parameters:
  ///   - tables: one table per band (pass the same instance for bands that share a PSF).
  ///   - wingThresholdCounts: τ of the wing-cut rule above (≥ 0; 0 = always the full stamp).
  public init(width: Int, height: Int, tables: [RenderPSFTable], wingThresholdCounts: Double = 0) throws(RenderError) {
    guard width >= 1, height >= 1 else { throw .invalidImageSize(width: width, height: height) }
    guard wingThresholdCounts.isFinite, wingThresholdCounts >= 0 else {
      throw .invalidParameter(name: "wingThresholdCounts", value: wingThresholdCounts, rule: "must be finite and ≥ 0")
    }
    self.width = width
    self.height = height
    self.tables = tables
    self.wingThresholdCounts = wingThresholdCounts
    var groups: [(table: RenderPSFTable, bands: [Int])] = []
    for (band, table) in tables.enumerated() {
      if let index = groups.firstIndex(where: { $0.table === table }) {
        groups[index].bands.append(band)
      } else {
        groups.append((table, [band]))
      }
    }
    self.groups = groups
    let largest = tables.map(\.fullRadius).max() ?? 0
    // A drawn stamp starts at ≥ −2r and a padded row may overrun its end by 7 floats.
    margin = 2 * largest
    paddedWidth = width + 4 * largest + 8
  }

  public var bandCount: Int { tables.count }

  /// Renders `stars` into a fresh image.
  public func render(_ stars: RenderStarList) throws(RenderError) -> ImageCube {
    var image = ImageCube(bandCount: bandCount, width: width, height: height)
    try render(stars, into: &image, workspace: RenderWorkspace())
    return image
  }

  /// Renders `stars` into `image` (overwritten), using `workspace` for scratch memory.
  public func render(_ stars: RenderStarList, into image: inout ImageCube, workspace: RenderWorkspace)
    throws(RenderError)
  {
    guard stars.bandCount == bandCount else {
      throw .bandCountMismatch(field: "star fluxes", expected: bandCount, found: stars.bandCount)
    }
    guard image.bandCount == bandCount, image.width == width, image.height == height else {
      throw .bandCountMismatch(field: "output image", expected: bandCount, found: image.bandCount)
    }
    let bandStride = height * paddedWidth
    workspace.zeroed(count: bandCount * bandStride)
    workspace.buffer.withUnsafeMutableBufferPointer { buffer in
      let origin = buffer.baseAddress!
      for group in groups {
        drawGroup(group.table, bands: group.bands, stars: stars, origin: origin, bandStride: bandStride)
      }
      image.pixels.withUnsafeMutableBufferPointer { output in
        for band in 0..<bandCount {
          for row in 0..<height {
            let source = origin + band * bandStride + row * paddedWidth + margin
            (output.baseAddress! + (band * height + row) * width).update(from: source, count: width)
          }
        }
      }
    }
  }

  /// Draws every star of one PSF group into the padded band buffers.
  private func drawGroup(
    _ table: RenderPSFTable, bands: [Int], stars: RenderStarList, origin: UnsafeMutablePointer<Float>,
    bandStride: Int
  ) {
    let phases = table.phasesPerPixel
    let phaseCount = phases + 1
    let phaseScale = Double(phases)
    let classCount = table.classRadii.count
    let tau = wingThresholdCounts
    // Flux limit per class: the largest flux whose dropped pixels stay ≤ τ.
    let fluxLimits: [Double] = (0..<classCount).map { c in
      if c == classCount - 1 { return .infinity }
      let outside = table.maximumOutsideFraction[c]
      return outside > 0 ? tau / outside : .infinity
    }
    let bandCount = bands.count
    let bandOrigins = bands.map { origin + $0 * bandStride }
    // Fluxes interleaved per star (flux[star · bands + k]) for one cache line per star.
    var fluxes = [Float](repeating: 0, count: stars.count * bandCount)
    var peaks = [Double](repeating: 0, count: stars.count)
    for (k, band) in bands.enumerated() {
      for (star, value) in stars.flux[band].enumerated() {
        fluxes[star * bandCount + k] = Float(value)
        peaks[star] = max(peaks[star], value)
      }
    }
    let stamps = table.stamps
    fluxes.withUnsafeBufferPointer { flux in
      stars.x.withUnsafeBufferPointer { xs in
        stars.y.withUnsafeBufferPointer { ys in
          for star in 0..<peaks.count {
            let peakFlux = peaks[star]
            if peakFlux <= 0 { continue }
            var cls = 0
            while peakFlux > fluxLimits[cls] { cls += 1 }
            let r = table.classRadii[cls]

            let x = xs[star]
            let y = ys[star]
            let nx = (x + 0.5).rounded(.down)
            let ny = (y + 0.5).rounded(.down)
            let left = Int(nx) - r
            let top = Int(ny) - r
            if left > width - 1 || left + 2 * r < 0 || top > height - 1 || top + 2 * r < 0 { continue }

            let tx = (x - nx + 0.5) * phaseScale
            let ty = (y - ny + 0.5) * phaseScale
            let p = min(Int(tx), phases - 1)
            let q = min(Int(ty), phases - 1)
            let fx = Float(tx - Double(p))
            let fy = Float(ty - Double(q))
            let w00 = (1 - fx) * (1 - fy)
            let w10 = fx * (1 - fy)
            let w01 = (1 - fx) * fy
            let w11 = fx * fy

            let size = table.stampSizes[cls]
            let rowStride = table.rowStrides[cls]
            let s00 = stamps[cls] + (q * phaseCount + p) * size
            let s10 = s00 + size
            let s01 = s00 + phaseCount * size
            let s11 = s01 + size
            let firstRow = max(0, -top)
            let lastRow = min(2 * r, height - 1 - top)
            let chunks = rowStride / 8
            let columnOffset = margin + left
            let starFlux = flux.baseAddress! + star * bandCount
            for row in firstRow...lastRow {
              let stampOffset = row * rowStride
              let imageOffset = (top + row) * paddedWidth + columnOffset
              for chunk in 0..<chunks {
                let o = stampOffset + chunk * 8
                let blended =
                  w00 * load8(s00 + o) + w10 * load8(s10 + o) + w01 * load8(s01 + o) + w11 * load8(s11 + o)
                for k in 0..<bandCount {
                  let destination = bandOrigins[k] + imageOffset + chunk * 8
                  store8(load8(destination) + starFlux[k] * blended, destination)
                }
              }
            }
          }
        }
      }
    }
  }
}

@inline(__always) private func load8(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
  UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always) private func load8(_ pointer: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
  UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always) private func store8(_ value: SIMD8<Float>, _ pointer: UnsafeMutablePointer<Float>) {
  UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD8<Float>.self)
}
