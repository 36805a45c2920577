extension ImageCube {
  /// Runs `body` on band `band`'s pixels.
  mutating func withBand(_ band: Int, _ body: (UnsafeMutableBufferPointer<Float>) -> Void) {
    precondition(band >= 0 && band < bandCount, "band \(band) outside 0..<\(bandCount)")
    let start = index(band: band, x: 0, y: 0)
    let count = width * height
    pixels.withUnsafeMutableBufferPointer { all in
      body(UnsafeMutableBufferPointer(rebasing: all[start..<(start + count)]))
    }
  }
}
