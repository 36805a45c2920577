import Foundation

/// A minimal PNG writer (W3C PNG specification, 2nd ed.): 8-bit RGB, no interlace, filter 0 on
/// every row, and a zlib stream (RFC 1950) of *stored* deflate blocks (RFC 1951 §3.2.4) — no
/// compression, so no zlib dependency. Plots are small (a few hundred kB), which makes that the
/// simplest correct path.
public enum PNGEncoder {
  /// Encodes `width × height` pixels, `rgb` holding 3 bytes per pixel, rows top to bottom.
  public static func encode(width: Int, height: Int, rgb: [UInt8]) -> Data {
    precondition(width > 0 && height > 0 && rgb.count == width * height * 3, "PNGEncoder: pixel count mismatch")
    var raw: [UInt8] = []
    raw.reserveCapacity(height * (1 + 3 * width))
    for row in 0..<height {
      raw.append(0)  // filter type None
      raw += rgb[(row * width * 3)..<((row + 1) * width * 3)]
    }
    var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
    var header: [UInt8] = []
    header += bigEndian(UInt32(width))
    header += bigEndian(UInt32(height))
    header += [8, 2, 0, 0, 0]  // bit depth 8, colour type RGB, deflate, filter 0, no interlace
    png += chunk("IHDR", header)
    png += chunk("IDAT", zlibStored(raw))
    png += chunk("IEND", [])
    return png
  }

  static func zlibStored(_ data: [UInt8]) -> [UInt8] {
    var out: [UInt8] = [0x78, 0x01]  // deflate, 32 K window, no dictionary; (0x78·256 + 0x01) % 31 == 0
    var offset = 0
    repeat {
      let length = min(65_535, data.count - offset)
      let final: UInt8 = offset + length == data.count ? 1 : 0
      out.append(final)  // BFINAL, BTYPE = 00 (stored), rest of the byte padding
      out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
      out += data[offset..<(offset + length)]
      offset += length
    } while offset < data.count
    out += bigEndian(adler32(data))
    return out
  }

  static func chunk(_ type: String, _ body: [UInt8]) -> Data {
    let typeBytes = Array(type.utf8)
    var data = Data(bigEndian(UInt32(body.count)))
    data += typeBytes
    data += body
    data += bigEndian(crc32(typeBytes + body))
    return data
  }

  static func bigEndian(_ value: UInt32) -> [UInt8] {
    [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
  }

  static let crcTable: [UInt32] = (0..<256).map { n in
    var c = UInt32(n)
    for _ in 0..<8 { c = c & 1 == 1 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
    return c
  }

  /// CRC-32 (ISO 3309, as PNG uses it).
  static func crc32(_ bytes: [UInt8]) -> UInt32 {
    var c: UInt32 = 0xFFFF_FFFF
    for byte in bytes { c = crcTable[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
    return c ^ 0xFFFF_FFFF
  }

  /// Adler-32 (RFC 1950 §8).
  static func adler32(_ bytes: [UInt8]) -> UInt32 {
    var a: UInt32 = 1
    var b: UInt32 = 0
    for byte in bytes {
      a = (a + UInt32(byte)) % 65_521
      b = (b + a) % 65_521
    }
    return (b << 16) | a
  }
}
