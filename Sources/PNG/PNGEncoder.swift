internal import CZlib

/// Encodes 8-bit RGB or grey images as PNG (ISO/IEC 15948): the signature, IHDR, one
/// zlib-compressed IDAT (filter type 0 on every row) and IEND, each chunk with its CRC-32.
/// zlib does the compression and the checksums; this type only lays out the chunks.
public enum PNGEncoder {
  public enum ColorType: UInt8, Sendable {
    case grey = 0
    case rgb = 2
    var channels: Int { self == .grey ? 1 : 3 }
  }

  public struct EncodingError: Error, CustomStringConvertible {
    public var description: String
    public init(description: String) { self.description = description }
  }

  /// PNG bytes for `pixels` (row-major, top row first, `channels` bytes per pixel).
  public static func encode(width: Int, height: Int, color: ColorType, pixels: [UInt8]) throws -> [UInt8] {
    guard width > 0, height > 0, width <= 1 << 24, height <= 1 << 24,
      pixels.count == width * height * color.channels
    else {
      throw EncodingError(
        description: "PNG: \(pixels.count) bytes do not make a \(width)×\(height) image with \(color.channels) channels"
      )
    }
    let rowBytes = width * color.channels
    var raw = [UInt8]()
    raw.reserveCapacity(height * (rowBytes + 1))
    for row in 0..<height {
      raw.append(0)  // filter type None
      raw.append(contentsOf: pixels[(row * rowBytes)..<((row + 1) * rowBytes)])
    }
    var compressedLength = compressBound(uLong(raw.count))
    var compressed = [UInt8](repeating: 0, count: Int(compressedLength))
    let status = compress2(&compressed, &compressedLength, raw, uLong(raw.count), 6)
    guard status == Z_OK else { throw EncodingError(description: "PNG: zlib compress2 failed with status \(status)") }
    compressed.removeLast(compressed.count - Int(compressedLength))

    var out: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    var header: [UInt8] = []
    header += bigEndian(UInt32(width))
    header += bigEndian(UInt32(height))
    header += [8, color.rawValue, 0, 0, 0]  // bit depth 8, deflate, adaptive filtering, no interlace
    appendChunk("IHDR", header, to: &out)
    appendChunk("IDAT", compressed, to: &out)
    appendChunk("IEND", [], to: &out)
    return out
  }

  private static func appendChunk(_ type: String, _ data: [UInt8], to out: inout [UInt8]) {
    let typeBytes = Array(type.utf8)
    out += bigEndian(UInt32(data.count))
    let body = typeBytes + data
    out += body
    let crc = body.withUnsafeBufferPointer { crc32(0, $0.baseAddress, uInt($0.count)) }
    out += bigEndian(UInt32(crc))
  }

  private static func bigEndian(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
  }
}
