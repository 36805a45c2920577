import FITS
import Foundation
import StarmillTestSupport
import Testing

/// Real headers (the PSFSTD libraries among them) carry bytes that are not ASCII or keyword
/// names in lower case; reading them must not fail.
@Suite("FITS headers with non-ASCII bytes")
struct FITSHeaderBytesTests {
  @Test("Latin-1 bytes in a string value and a comment card are read leniently")
  func latin1Bytes() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.path("latin1.fits")
    let writer = try FITSFile(creatingAtPath: path)
    try writer.appendImage(try FITSImage(shape: [2], pixels: [Float(1), 2]))
    try writer.setKeyword("DETECTOR", .string("xQQz"), comment: "plain")
    try writer.addComment("pixel scale in QQm")
    try writer.close()

    // Replace each "QQ" by the Latin-1 bytes 0xB5 0xE9 (µ, é): not valid UTF-8, not ASCII.
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    var replaced = 0
    for index in 0..<(bytes.count - 1) where bytes[index] == 0x51 && bytes[index + 1] == 0x51 {
      bytes[index] = 0xB5
      bytes[index + 1] = 0xE9
      replaced += 1
    }
    #expect(replaced == 2)
    try Data(bytes).write(to: URL(fileURLWithPath: path))

    let reader = try FITSFile(openingAtPath: path)
    let cards = try reader.keywords()
    #expect(cards.contains { $0.name == "COMMENT" && $0.comment.hasPrefix("pixel scale in \u{FFFD}") })
    let detector = try reader.string(forKey: "DETECTOR")
    #expect(detector?.hasPrefix("x\u{FFFD}") == true)
    #expect(detector?.hasSuffix("z") == true)
    #expect(try reader.readImage(as: Float.self).pixels == [1, 2])
  }
}
