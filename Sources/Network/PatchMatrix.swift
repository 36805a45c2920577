/// The im2col rearrangement that turns a convolution into one matrix product (Chellapilla,
/// Puri & Simard 2006, "High performance convolutional neural networks for document processing").
///
/// Row `r = (c·k + ky)·k + kx` of the patch matrix holds, for every output position of an image,
/// the input value that kernel tap (c, ky, kx) sees there, or 0 in the zero padding. Columns of
/// several images sit side by side: image `i`'s output positions fill columns
/// `[columnOffset, columnOffset + outputHeight·outputWidth)` of rows of length `rowStride`.
struct PatchGeometry: Sendable, Equatable {
  var channels: Int
  var height: Int
  var width: Int
  var kernel: Int
  var stride: Int
  var padding: Int

  var outputHeight: Int { (height + 2 * padding - kernel) / stride + 1 }
  var outputWidth: Int { (width + 2 * padding - kernel) / stride + 1 }
  var rowCount: Int { channels * kernel * kernel }
  var positionCount: Int { outputHeight * outputWidth }

  /// The output columns `lower..<upper` whose input column `ox·stride − padding + kx` lies inside the image.
  @inline(__always)
  func validRange(offset: Int, extent: Int, outputs: Int) -> (lower: Int, upper: Int) {
    // input = o·stride + offset must satisfy 0 ≤ input < extent.
    var lower = 0
    if offset < 0 { lower = (-offset + stride - 1) / stride }
    var upper = outputs
    let last = extent - 1 - offset
    if last < 0 {
      upper = 0
    } else {
      upper = min(outputs, last / stride + 1)
    }
    return (lower, max(lower, upper))
  }

  /// Writes one image's patch columns.
  func gather(
    image: UnsafePointer<Float>, into columns: UnsafeMutablePointer<Float>, rowStride: Int, columnOffset: Int
  ) {
    let outH = outputHeight
    let outW = outputWidth
    for c in 0..<channels {
      let plane = image + c * height * width
      for ky in 0..<kernel {
        let yOffset = ky - padding
        let (yLower, yUpper) = validRange(offset: yOffset, extent: height, outputs: outH)
        for kx in 0..<kernel {
          let xOffset = kx - padding
          let (xLower, xUpper) = validRange(offset: xOffset, extent: width, outputs: outW)
          let row = (c * kernel + ky) * kernel + kx
          let target = columns + row * rowStride + columnOffset
          for oy in 0..<outH {
            let line = target + oy * outW
            guard oy >= yLower && oy < yUpper else {
              line.update(repeating: 0, count: outW)
              continue
            }
            let source = plane + (oy * stride + yOffset) * width + xOffset
            if xLower > 0 { line.update(repeating: 0, count: xLower) }
            if stride == 1 {
              (line + xLower).update(from: source + xLower, count: xUpper - xLower)
            } else {
              for ox in xLower..<xUpper { line[ox] = source[ox * stride] }
            }
            if xUpper < outW { (line + xUpper).update(repeating: 0, count: outW - xUpper) }
          }
        }
      }
    }
  }

  /// Adds one image's patch-column gradients back onto the image gradient (col2im, the adjoint of `gather`).
  func scatterAdd(
    columns: UnsafePointer<Float>, rowStride: Int, columnOffset: Int, into image: UnsafeMutablePointer<Float>
  ) {
    let outH = outputHeight
    let outW = outputWidth
    for c in 0..<channels {
      let plane = image + c * height * width
      for ky in 0..<kernel {
        let yOffset = ky - padding
        let (yLower, yUpper) = validRange(offset: yOffset, extent: height, outputs: outH)
        for kx in 0..<kernel {
          let xOffset = kx - padding
          let (xLower, xUpper) = validRange(offset: xOffset, extent: width, outputs: outW)
          let row = (c * kernel + ky) * kernel + kx
          let source = columns + row * rowStride + columnOffset
          for oy in yLower..<yUpper {
            let line = source + oy * outW
            let target = plane + (oy * stride + yOffset) * width + xOffset
            if stride == 1 {
              for ox in xLower..<xUpper { target[ox] += line[ox] }
            } else {
              for ox in xLower..<xUpper { target[ox * stride] += line[ox] }
            }
          }
        }
      }
    }
  }
}
