import Numerics

/// Renders star lists into multi-band images through each band's PSF, exactly and fast.
///
/// Each star is placed at its exact sub-pixel position: its stamp is the bilinear blend of the
/// four precomputed phase stamps around its phase (`RenderPSFTable`), scaled by its flux in each
/// band. Light falling outside the image is lost, never wrapped. All bands are rendered in one
/// pass over the star list, and bands that share one `RenderPSFTable` instance share the blended
/// stamp (one blend, one multiply-add per band and pixel).
///
/// Core + wing split (`wingErrorLimitCounts` = ε, in the image's units per pixel; 0, the
/// default, draws every star with its full stamp): a star is drawn with the stamp of the smallest
/// radius class c of its table for which `F · maximumWingError[c] ≤ ε`, F its largest band flux,
/// and its flux is deposited into the smooth wing field, which is convolved once per band with the
/// wing kernel (`WingConvolution`). Inside the star's stamp the result is the exact pixel
/// fraction; outside, the wing light is the kernel interpolated from the deposit, off by at most ε
/// per pixel for that star. No light is moved between wing and core: every star keeps its exact
/// total light (up to the interpolation error, a misplacement of ≲ 10⁻³ of a faint star's light
/// over its far wing) wherever it sits, so crowded cores are not biased. Stars too bright for
/// every split class use the full stamp and are exact, as are stars just outside the image whose
/// deposit would fall beyond the wing field's guard band (`WingConvolution`).
public struct Renderer: Sendable {
  public let width: Int
  public let height: Int
  public let tables: [RenderPSFTable]
  public let wingErrorLimitCounts: Double

  /// Bands grouped by shared table: (table, bands).
  let groups: [(table: RenderPSFTable, bands: [Int])]
  /// Margin (floats) left of the image in the padded rows, and the padded row length.
  let margin: Int
  let paddedWidth: Int
  /// The wing field's FFT geometry and kernel spectra (nil when ε = 0: no star is split).
  let wing: WingConvolution?

  /// - Parameters:
  ///   - tables: one table per band (pass the same instance for bands that share a PSF).
  ///   - wingErrorLimitCounts: ε of the split rule above (≥ 0; 0 = always the full stamp).
  public init(width: Int, height: Int, tables: [RenderPSFTable], wingErrorLimitCounts: Double = 0)
    throws(RenderError)
  {
    guard width >= 1, height >= 1 else { throw .invalidImageSize(width: width, height: height) }
    guard wingErrorLimitCounts.isFinite, wingErrorLimitCounts >= 0 else {
      throw .invalidParameter(name: "wingErrorLimitCounts", value: wingErrorLimitCounts, rule: "must be finite and ≥ 0")
    }
    self.width = width
    self.height = height
    self.tables = tables
    self.wingErrorLimitCounts = wingErrorLimitCounts
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
    wing =
      wingErrorLimitCounts > 0 && !tables.isEmpty
      ? try WingConvolution(width: width, height: height, tables: tables) : nil
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
    var wingData: UnsafeMutablePointer<Double>?
    var wingScratch: UnsafeMutablePointer<Double>?
    var plan: FFT2D.Plan?
    if let wing {
      (wingData, wingScratch, plan) = workspace.wingBuffers(
        count: wing.pairCount * wing.pairFloats, scratchCount: wing.pairFloats, width: wing.fftWidth,
        height: wing.fftHeight)
    }
    var deposited = false
    workspace.buffer.withUnsafeMutableBufferPointer { buffer in
      let origin = buffer.baseAddress!
      for group in groups {
        deposited =
          drawGroup(
            group.table, bands: group.bands, stars: stars, origin: origin, bandStride: bandStride, wingData: wingData)
          || deposited
      }
      if deposited, let wing, let wingData {
        wing.convolve(wingData, scratch: wingScratch!, plan: plan!)
      }
      image.pixels.withUnsafeMutableBufferPointer { output in
        for band in 0..<bandCount {
          for row in 0..<height {
            let source = origin + band * bandStride + row * paddedWidth + margin
            let destination = output.baseAddress! + (band * height + row) * width
            if deposited, let wing, let wingData {
              let (pair, part) = wing.slot(band: band)
              let wingRow = wingData + pair * wing.pairFloats + 2 * (wing.offset(x: 0, y: row)) + part
              for x in 0..<width { destination[x] = Float(Double(source[x]) + wingRow[2 * x]) }
            } else {
              destination.update(from: source, count: width)
            }
          }
        }
      }
    }
  }

  /// Draws every star of one PSF group into the padded band buffers and deposits the wing flux
  /// of split stars; returns whether any star was deposited.
  private func drawGroup(
    _ table: RenderPSFTable, bands: [Int], stars: RenderStarList, origin: UnsafeMutablePointer<Float>,
    bandStride: Int, wingData: UnsafeMutablePointer<Double>?
  ) -> Bool {
    let phases = table.phasesPerPixel
    let phaseCount = phases + 1
    let phaseScale = Double(phases)
    let classCount = table.classRadii.count
    // Flux limit per class: the largest flux whose wing error stays ≤ ε (none without a wing).
    let fluxLimits: [Double] = (0..<classCount).map { c in
      if c == classCount - 1 { return .infinity }
      guard wingData != nil else { return 0 }
      let error = table.maximumWingError[c]
      return error > 0 ? wingErrorLimitCounts / error : .infinity
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
    // Wing deposit geometry (see `WingConvolution`).
    let reach = wing?.reach ?? 0
    let fftWidth = wing?.fftWidth ?? 1
    let guardX = wing?.guardX ?? 0
    let guardY = wing?.guardY ?? 0
    let lastClass = classCount - 1
    let wingOrigins: [UnsafeMutablePointer<Double>] =
      wingData.map { data in
        bands.map { band in
          let (pair, part) = wing!.slot(band: band)
          return data + pair * wing!.pairFloats + part
        }
      } ?? []
    var deposited = false
    let stamps = table.stamps
    let depositWeights = table.depositWeights
    let halfPhases = phases / 2
    fluxes.withUnsafeBufferPointer { flux in
      stars.x.withUnsafeBufferPointer { xs in
        stars.y.withUnsafeBufferPointer { ys in
          for star in 0..<peaks.count {
            let peakFlux = peaks[star]
            if peakFlux <= 0 { continue }
            var cls = 0
            while peakFlux > fluxLimits[cls] { cls += 1 }

            let x = xs[star]
            let y = ys[star]
            let starFlux = flux.baseAddress! + star * bandCount
            let nx = (x + 0.5).rounded(.down)
            let ny = (y + 0.5).rounded(.down)
            let tx = (x - nx + 0.5) * phaseScale
            let ty = (y - ny + 0.5) * phaseScale
            let p = min(Int(tx), phases - 1)
            let q = min(Int(ty), phases - 1)
            let fx = Float(tx - Double(p))
            let fy = Float(ty - Double(q))
            if cls < lastClass {
              // Cubic deposit, blended between the phase nodes exactly like the stamp.
              let cellX = Int(nx) + (p < halfPhases ? -2 : -1)
              let cellY = Int(ny) + (q < halfPhases ? -2 : -1)
              if cellX + 3 >= -reach && cellX <= width + reach - 1 && cellY + 3 >= -reach
                && cellY <= height + reach - 1
              {
                if cellX >= -guardX && cellX + 3 <= width + guardX - 1 && cellY >= -guardY
                  && cellY + 3 <= height + guardY - 1
                {
                  deposited = true
                  let (gx, gy) = (Double(fx), Double(fy))
                  let wx = (1 - gx) * depositWeights[2 * p] + gx * depositWeights[2 * p + 1]
                  let wy = (1 - gy) * depositWeights[2 * q] + gy * depositWeights[2 * q + 1]
                  for jj in 0..<4 {
                    let row = 2 * ((cellY + jj + guardY) * fftWidth + cellX + guardX)
                    for ii in 0..<4 {
                      let w = wy[jj] * wx[ii]
                      for k in 0..<bandCount { wingOrigins[k][row + 2 * ii] += Double(starFlux[k]) * w }
                    }
                  }
                } else {
                  // Outside the stored guard band but within the wing's reach: exact full stamp.
                  cls = lastClass
                }
              }
            }
            let r = table.classRadii[cls]

            let left = Int(nx) - r
            let top = Int(ny) - r
            if left > width - 1 || left + 2 * r < 0 || top > height - 1 || top + 2 * r < 0 { continue }
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
    return deposited
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
