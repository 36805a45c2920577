import FITS
import StarmillTestSupport
import Testing

/// cfitsio is reentrant for distinct handles: one `FITSFile` per task.
@Suite("FITS from concurrent tasks")
struct FITSConcurrencyTests {
  @Test("Eight tasks write and read their own files")
  func concurrentFiles() async throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let results = try await withThrowingTaskGroup(of: Bool.self) { group in
      for task in 0..<8 {
        group.addTask {
          let path = directory.path("task-\(task).fits")
          let image = try FITSImage(shape: [4, 16, 16], pixels: (0..<1024).map { Float(task * 10_000 + $0) })
          let writer = try FITSFile(creatingAtPath: path)
          try writer.appendImage(image, extensionName: "SCI")
          try writer.setKeyword("TASK", .int(task))
          try writer.close()
          let reader = try FITSFile(openingAtPath: path)
          try reader.move(to: .name("SCI"))
          return try reader.readImage(as: Float.self) == image && reader.int(forKey: "TASK") == task
        }
      }
      return try await group.reduce(into: [Bool]()) { $0.append($1) }
    }
    #expect(results == Array(repeating: true, count: 8))
  }
}
