import Foundation
import PNG
import StarmillTestSupport
import Testing

@Suite struct PNGEncoderTests {
  static let pythonDecoder = """
    import sys, struct, zlib
    data = open(sys.argv[1], 'rb').read()
    assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n', 'signature'
    pos, idat, header = 8, b'', None
    while pos < len(data):
        (length,) = struct.unpack('>I', data[pos:pos+4]); kind = data[pos+4:pos+8]
        body = data[pos+8:pos+8+length]; (crc,) = struct.unpack('>I', data[pos+8+length:pos+12+length])
        assert zlib.crc32(kind + body) & 0xffffffff == crc, 'crc of ' + kind.decode()
        if kind == b'IHDR': header = struct.unpack('>IIBBBBB', body)
        if kind == b'IDAT': idat += body
        pos += 12 + length
    w, h, depth, color = header[:4]
    channels = 3 if color == 2 else 1
    raw = zlib.decompress(idat)
    rows = [raw[r*(w*channels+1)+1:(r+1)*(w*channels+1)] for r in range(h)]
    assert all(raw[r*(w*channels+1)] == 0 for r in range(h))
    sys.stdout.write(f"{w} {h} {depth} {color} " + bytes(b''.join(rows)).hex())
    """

  @Test(.enabled(if: PythonInterop.canImport(["zlib", "struct"]), "needs python3 to decode PNG independently"))
  func rgbImageDecodesIndependently() throws {
    let width = 7
    let height = 5
    let pixels = (0..<(width * height * 3)).map { UInt8(($0 * 37) % 256) }
    let bytes = try PNGEncoder.encode(width: width, height: height, color: .rgb, pixels: pixels)
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.path("test.png")
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let script = directory.path("decode.py")
    try Self.pythonDecoder.write(toFile: script, atomically: true, encoding: .utf8)
    let result = try PythonInterop.run([script, path])
    let expected = "7 5 8 2 " + pixels.map { String(format: "%02x", $0) }.joined()
    #expect(result.status == 0)
    #expect(result.output == expected)
  }

  @Test func rejectsWrongPixelCount() {
    #expect(throws: PNGEncoder.EncodingError.self) {
      _ = try PNGEncoder.encode(width: 4, height: 4, color: .rgb, pixels: [UInt8](repeating: 0, count: 47))
    }
  }
}
