import Foundation
import PNG

/// A PNG contact sheet of samples: each an asinh-stretched colour composite (Lupton et al.
/// 2004, PASP 116, 133) of its first three bands (reddest → red, bluest → blue; a single band is
/// grey, two bands give red/blue with their mean as green), labelled with its parameters.
public enum ContactSheet {
  public struct Tile: Sendable {
    /// `[band][y][x]` in the shard's units.
    public var pixels: [Float]
    public var bandCount: Int
    public var width: Int
    public var height: Int
    /// Lines printed under the image (upper-case letters, digits and . - = : / #).
    public var caption: [String]
    public init(pixels: [Float], bandCount: Int, width: Int, height: Int, caption: [String]) {
      self.pixels = pixels
      self.bandCount = bandCount
      self.width = width
      self.height = height
      self.caption = caption
    }
  }

  /// Renders `tiles` in a grid of `columns`, each image magnified `zoom`×, and returns PNG bytes.
  ///
  /// Stretch: every band is scaled by its own sky noise (the 1.4826·MAD of all tiles' pixels of
  /// that band, so bands of different depth look alike), then I = asinh(x / softening) / asinh(max / softening)
  /// with the softening at 3σ and the maximum at the 99.8th percentile of all tiles.
  public static func render(tiles: [Tile], columns: Int = 8, zoom: Int = 3) throws -> [UInt8] {
    guard let first = tiles.first else { throw PNGEncoder.EncodingError(description: "no samples to draw") }
    let bandCount = first.bandCount
    let captionLines = tiles.map(\.caption.count).max() ?? 0
    let textScale = 1
    let cellWidth = first.width * zoom + 8
    let cellHeight = first.height * zoom + 8 + captionLines * (BitmapFont.glyphHeight + 2) * textScale
    let columnCount = min(columns, tiles.count)
    let rowCount = (tiles.count + columnCount - 1) / columnCount
    let width = columnCount * cellWidth
    let height = rowCount * cellHeight
    var canvas = [UInt8](repeating: 16, count: width * height * 3)

    // Per-band noise scale and a common white point.
    var sigma = [Double](repeating: 1, count: bandCount)
    var scaled: [[Float]] = []
    for band in 0..<bandCount {
      var values: [Float] = []
      for tile in tiles {
        let size = tile.width * tile.height
        values += tile.pixels[(band * size)..<((band + 1) * size)]
      }
      values.sort()
      let median = values[values.count / 2]
      var deviations = values.map { abs($0 - median) }
      deviations.sort()
      sigma[band] = max(Double(deviations[deviations.count / 2]) * 1.4826, 1e-12)
      scaled.append(values.map { Float(Double($0) / sigma[band]) })
    }
    let all = scaled.flatMap { $0 }.sorted()
    let whitePoint = max(Double(all[min(all.count - 1, Int(Double(all.count) * 0.998))]), 10)
    let softening = 3.0
    let normaliser = asinh(whitePoint / softening)
    func stretch(_ value: Double) -> UInt8 {
      let v = asinh(max(value, 0) / softening) / normaliser
      return UInt8(max(0, min(255, (v * 255).rounded())))
    }
    // Band → channel weights (r, g, b); bands are assumed ordered blue to red as in recipes.
    func weights(_ band: Int) -> (Double, Double, Double) {
      switch bandCount {
      case 1: return (1, 1, 1)
      case 2: return band == 0 ? (0, 0.5, 1) : (1, 0.5, 0)
      default:
        if band == bandCount - 1 { return (1, 0, 0) }
        if band == 0 { return (0, 0, 1) }
        return band == bandCount / 2 ? (0, 1, 0) : (0, 0, 0)
      }
    }

    for (index, tile) in tiles.enumerated() {
      let originX = (index % columnCount) * cellWidth + 4
      let originY = (index / columnCount) * cellHeight + 4
      let size = tile.width * tile.height
      for y in 0..<tile.height {
        for x in 0..<tile.width {
          var rgb = (0.0, 0.0, 0.0)
          for band in 0..<tile.bandCount {
            let value = Double(tile.pixels[band * size + y * tile.width + x]) / sigma[band]
            let w = weights(band)
            rgb.0 += w.0 * value
            rgb.1 += w.1 * value
            rgb.2 += w.2 * value
          }
          let color = (stretch(rgb.0), stretch(rgb.1), stretch(rgb.2))
          // Images are drawn with y up (row 0 at the bottom), as DS9 shows FITS images.
          let rowOnCanvas = tile.height - 1 - y
          for dy in 0..<zoom {
            for dx in 0..<zoom {
              let offset = ((originY + rowOnCanvas * zoom + dy) * width + originX + x * zoom + dx) * 3
              canvas[offset] = color.0
              canvas[offset + 1] = color.1
              canvas[offset + 2] = color.2
            }
          }
        }
      }
      for (line, text) in tile.caption.enumerated() {
        BitmapFont.draw(
          text, x: originX, y: originY + tile.height * zoom + 3 + line * (BitmapFont.glyphHeight + 2) * textScale,
          scale: textScale, color: (230, 230, 230), into: &canvas, width: width, height: height)
      }
    }
    return try PNGEncoder.encode(width: width, height: height, color: .rgb, pixels: canvas)
  }
}
