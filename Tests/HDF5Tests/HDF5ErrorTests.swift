import Foundation
import HDF5
import StarmillTestSupport
import Testing

/// Every failure is a typed `HDF5Error` naming the file and object and carrying HDF5's own
/// error-stack text where the library detected it.
@Suite("HDF5 error paths")
struct HDF5ErrorTests {
  static func sample(_ directory: TemporaryDirectory) throws -> String {
    let path = directory.path("sample.h5")
    let file = try HDF5File(creatingAtPath: path)
    try file.root.createDataset("data/values", values: [1.0, 2.0, 3.0])
    try file.root.createDataset("data/fixed", values: [Float](repeating: 0, count: 6), shape: [2, 3])
    try file.root.createStringDataset("names", values: ["a", "b"])
    try file.root.setAttribute("title", .string("sample"))
    try file.close()
    return path
  }

  @Test("A missing file reports HDF5's message and the path")
  func missingFile() {
    let path = "/nonexistent/starmill/nothing.h5"
    let error = #expect(throws: HDF5Error.self) { try HDF5File(openingAtPath: path) }
    #expect(error?.kind == .openFailed)
    #expect(error?.filePath == path)
    #expect(error?.message.contains("unable to open file") == true)
    #expect(error?.description.contains(path) == true)
  }

  @Test("A file that is not HDF5, and refusing to overwrite")
  func notHDF5AndExclusive() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = try Self.sample(directory)
    let exclusive = #expect(throws: HDF5Error.self) { try HDF5File(creatingAtPath: path, overwrite: false) }
    #expect(exclusive?.kind == .openFailed)
    #expect(exclusive?.message.isEmpty == false)
    let text = directory.path("text.h5")
    try "plain text, not HDF5".write(toFile: text, atomically: true, encoding: .utf8)
    let notHDF5 = #expect(throws: HDF5Error.self) { try HDF5File(openingAtPath: text) }
    #expect(notHDF5?.kind == .openFailed)
    #expect(notHDF5?.message.contains("signature") == true)
  }

  @Test("Missing dataset, group and attribute; objects of the wrong kind")
  func missingObjects() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let file = try HDF5File(openingAtPath: try Self.sample(directory))
    let dataset = #expect(throws: HDF5Error.self) { try file.root.openDataset("data/nothing") }
    #expect(dataset?.kind == .missingObject)
    #expect(dataset?.objectPath == "/data/nothing")
    #expect(dataset?.message.contains("doesn't exist") == true)  // HDF5's own words
    let group = #expect(throws: HDF5Error.self) { try file.root.openGroup("nothing/here") }
    #expect(group?.kind == .missingObject)
    let groupAsDataset = #expect(throws: HDF5Error.self) { try file.root.openDataset("data") }
    #expect(groupAsDataset?.kind == .typeMismatch)
    let attribute = #expect(throws: HDF5Error.self) { try file.root.doubleAttribute("absent") }
    #expect(attribute?.kind == .missingObject)
    #expect(attribute?.message.contains("title") == true)  // lists what exists
    let attributeType = #expect(throws: HDF5Error.self) { try file.root.doubleAttribute("title") }
    #expect(attributeType?.kind == .typeMismatch)
  }

  @Test("Wrong element types are refused")
  func wrongTypes() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let file = try HDF5File(openingAtPath: try Self.sample(directory), mode: .readWrite)
    let values = try file.root.openDataset("data/values")
    let write = #expect(throws: HDF5Error.self) { try values.write([Float(1), 2, 3]) }
    #expect(write?.kind == .typeMismatch)
    #expect(write?.message.contains("float64") == true)
    let strings = #expect(throws: HDF5Error.self) { try values.readStrings() }
    #expect(strings?.kind == .typeMismatch)
    let names = try file.root.openDataset("names")
    let numbers = #expect(throws: HDF5Error.self) { try names.read(as: Double.self) }
    #expect(numbers?.kind == .typeMismatch)
  }

  @Test("Bad shapes and selections are refused; growing a fixed dataset fails in HDF5")
  func badShapes() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let file = try HDF5File(openingAtPath: try Self.sample(directory), mode: .readWrite)
    let fixed = try file.root.openDataset("data/fixed")
    let count = #expect(throws: HDF5Error.self) { try fixed.write([Float](repeating: 1, count: 5)) }
    #expect(count?.kind == .shapeMismatch)
    let outside = #expect(throws: HDF5Error.self) {
      try fixed.read(as: Float.self, start: [1, 2], count: [1, 2])
    }
    #expect(outside?.kind == .shapeMismatch)
    let partial = #expect(throws: HDF5Error.self) { try fixed.append([Float(1), 2]) }
    #expect(partial?.kind == .shapeMismatch)
    let grow = #expect(throws: HDF5Error.self) { try fixed.append([Float(1), 2, 3]) }
    #expect(grow?.kind == .library)
    #expect(grow?.message.isEmpty == false)
    let badChunk = #expect(throws: HDF5Error.self) {
      try file.root.createDataset("bad", of: Float.self, shape: [4, 4], layout: .chunked([2]))
    }
    #expect(badChunk?.kind == .shapeMismatch)
    let duplicate = #expect(throws: HDF5Error.self) {
      try file.root.createDataset("data/values", values: [1.0])
    }
    #expect(duplicate?.kind == .library)
    #expect(duplicate?.message.contains("already exists") == true)
  }

  @Test("Calls after close throw .closed")
  func afterClose() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let file = try HDF5File(openingAtPath: try Self.sample(directory))
    let values = try file.root.openDataset("data/values")
    try values.close()
    try values.close()
    let error = #expect(throws: HDF5Error.self) { try values.shape }
    #expect(error?.kind == .closed)
    try file.close()
    #expect(file.isClosed)
    #expect(throws: HDF5Error.self) { try file.flush() }
    #expect(throws: HDF5Error.self) { try file.root.memberNames() }
  }
}
