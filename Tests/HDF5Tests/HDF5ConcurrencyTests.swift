import HDF5
import StarmillTestSupport
import Testing

/// HDF5 keeps one error stack per thread: errors raised on worker threads must still carry
/// HDF5's message, and files used by concurrent tasks must not interfere.
@Suite("HDF5 from concurrent tasks")
struct HDF5ConcurrencyTests {
  @Test("Eight tasks write, read and fail independently")
  func concurrentFiles() async throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let messages = try await withThrowingTaskGroup(of: String.self) { group in
      for task in 0..<8 {
        group.addTask {
          let path = directory.path("task-\(task).h5")
          let values = (0..<500).map { Float(task * 1000 + $0) }
          do {
            let file = try HDF5File(creatingAtPath: path)
            let dataset = try file.root.createDataset(
              "values", of: Float.self, shape: [0, 5], unlimitedFirstAxis: true,
              layout: .chunked([10, 5], shuffle: true, deflateLevel: 1))
            for batch in stride(from: 0, to: 500, by: 50) { try dataset.append(Array(values[batch..<(batch + 50)])) }
            try file.root.setAttribute("task", .int64(Int64(task)))
          }
          let file = try HDF5File(openingAtPath: path)
          guard try file.root.openDataset("values").read(as: Float.self) == values,
            try file.root.intAttribute("task") == task
          else { return "task \(task): values differ" }
          do {
            _ = try file.root.openDataset("missing-\(task)")
            return "task \(task): no error"
          } catch let error as HDF5Error {
            return error.kind == .missingObject && error.message.contains("doesn't exist")
              ? "ok" : "task \(task): \(error)"
          }
        }
      }
      return try await group.reduce(into: [String]()) { $0.append($1) }
    }
    #expect(messages == Array(repeating: "ok", count: 8))
  }
}
