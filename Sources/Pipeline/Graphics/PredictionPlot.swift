import Foundation
import PNG

/// Predicted-versus-true panels, one per parameter, side by side, as a PNG: points as a
/// density (darker where more samples fall), the 1:1 line in red, the axis range and the
/// panel's title and bias/scatter in pixel text.
public enum PredictionPlot {
  public struct Panel: Sendable {
    public var title: String
    public var predicted: [Double]
    public var truth: [Double]
    public var caption: String

    public init(title: String, predicted: [Double], truth: [Double], caption: String) {
      self.title = title
      self.predicted = predicted
      self.truth = truth
      self.caption = caption
    }
  }

  static let panelSize = 320
  static let margin = 40
  static let scale = 2

  public static func png(_ panels: [Panel]) throws -> Data {
    let width = panels.count * (panelSize + margin) + margin
    let height = panelSize + 2 * margin + 20
    var canvas = Canvas(width: width, height: height)
    for (index, panel) in panels.enumerated() {
      draw(panel, on: &canvas, left: margin + index * (panelSize + margin), top: margin)
    }
    return Data(try PNGEncoder.encode(width: width, height: height, color: .rgb, pixels: canvas.pixels))
  }

  static func draw(_ panel: Panel, on canvas: inout Canvas, left: Int, top: Int) {
    let values = (panel.truth + panel.predicted).filter(\.isFinite)
    var low = values.min() ?? 0
    var high = values.max() ?? 1
    if high - low < 1e-9 {
      low -= 0.5
      high += 0.5
    }
    let pad = 0.05 * (high - low)
    low -= pad
    high += pad
    let size = panelSize
    func pixel(_ value: Double) -> Int { Int(((value - low) / (high - low) * Double(size - 1)).rounded()) }
    // Frame and 1:1 line.
    for t in 0..<size {
      canvas.set(left + t, top, gray: 0)
      canvas.set(left + t, top + size - 1, gray: 0)
      canvas.set(left, top + t, gray: 0)
      canvas.set(left + size - 1, top + t, gray: 0)
      canvas.set(left + t, top + size - 1 - t, rgb: (220, 40, 40))
    }
    // Density of points: each sample darkens a 3×3 patch.
    var counts = [Int](repeating: 0, count: size * size)
    for (p, t) in zip(panel.predicted, panel.truth) where p.isFinite && t.isFinite {
      let x = pixel(t)
      let y = size - 1 - pixel(p)
      for dy in -1...1 {
        for dx in -1...1 where (0..<size).contains(x + dx) && (0..<size).contains(y + dy) {
          counts[(y + dy) * size + x + dx] += 1
        }
      }
    }
    let peak = Double(max(1, counts.max() ?? 1))
    for y in 0..<size {
      for x in 0..<size where counts[y * size + x] > 0 {
        let shade = 1 - 0.25 - 0.75 * log(1 + Double(counts[y * size + x])) / log(1 + peak)
        canvas.set(left + x, top + y, rgb: (UInt8(40 * shade), UInt8(90 * shade + 40), UInt8(200 * shade + 55)))
      }
    }
    canvas.text(panel.title, x: left, y: top - 14, scale: scale)
    canvas.text(String(format: "%.2f", low), x: left, y: top + size + 6, scale: scale)
    let highText = String(format: "%.2f", high)
    canvas.text(highText, x: left + size - highText.count * BitmapFont.advance, y: top + size + 6, scale: scale)
    canvas.text("true", x: left + size / 2 - 8 * scale, y: top + size + 6, scale: scale)
    canvas.text(panel.caption, x: left, y: top + size + 22, scale: scale)
    canvas.text("pred", x: left - 36, y: top + 4, scale: scale)
  }

  struct Canvas {
    var width: Int
    var height: Int
    var pixels: [UInt8]

    init(width: Int, height: Int) {
      self.width = width
      self.height = height
      pixels = [UInt8](repeating: 255, count: width * height * 3)
    }

    mutating func set(_ x: Int, _ y: Int, rgb: (UInt8, UInt8, UInt8)) {
      guard (0..<width).contains(x) && (0..<height).contains(y) else { return }
      let index = (y * width + x) * 3
      pixels[index] = rgb.0
      pixels[index + 1] = rgb.1
      pixels[index + 2] = rgb.2
    }

    mutating func set(_ x: Int, _ y: Int, gray: UInt8) { set(x, y, rgb: (gray, gray, gray)) }

    mutating func text(_ text: String, x: Int, y: Int, scale: Int) {
      BitmapFont.draw(text, x: x, y: y, scale: 1, color: (0, 0, 0), into: &pixels, width: width, height: height)
    }
  }
}
