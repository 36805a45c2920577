import Datasets
import Foundation
import StarmillTestSupport
import Testing

/// `ShardStreamWriter` writes a shard sample by sample: the same file as writing all at once, and
/// nothing left behind when a stream is refused, abandoned or dropped unfinished.
@Suite struct ShardStreamWriterTests {
  typealias Fixture = ShardRoundTripTests

  /// Batches of one image, of two (the last one short) and of the whole shard.
  @Test(arguments: [160, 320, 1 << 20]) func streamedShardIsByteIdenticalToOneWrite(batchBytes: Int) throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let observations = (0..<3).map(Fixture.observation)
    try ShardWriter.write(observations, metadata: Fixture.metadata(), to: directory.path("whole.h5"))
    let writer = try ShardStreamWriter(
      metadata: Fixture.metadata(), path: directory.path("streamed.h5"), imageBatchBytes: batchBytes)
    for observation in observations {
      // The temporary file exists while the shard grows; the final name does not.
      try writer.append(observation)
      #expect(!FileManager.default.fileExists(atPath: directory.path("streamed.h5")))
    }
    #expect(writer.appendedCount == 3)
    try writer.finish().publish()
    let whole = FileManager.default.contents(atPath: directory.path("whole.h5"))
    #expect(whole != nil && whole == FileManager.default.contents(atPath: directory.path("streamed.h5")))
    #expect(try ShardReader(path: directory.path("streamed.h5")).images() == observations.flatMap(\.pixels))
  }

  @Test func refusedStreamsLeaveNothing() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    // One observation too many (its predecessors already written: batches of one image).
    let tooMany = try ShardStreamWriter(
      metadata: Fixture.metadata(count: 2), path: directory.path("a.h5"), imageBatchBytes: 1)
    try tooMany.append(Fixture.observation(0))
    try tooMany.append(Fixture.observation(1))
    #expect(throws: ShardError.self) { try tooMany.append(Fixture.observation(2)) }
    // Finished one sample short.
    let tooFew = try ShardStreamWriter(metadata: Fixture.metadata(count: 3), path: directory.path("b.h5"))
    try tooFew.append(Fixture.observation(0))
    #expect(throws: ShardError.self) { _ = try tooFew.finish() }
    // A wrong image size.
    let wrongSize = try ShardStreamWriter(metadata: Fixture.metadata(), path: directory.path("c.h5"))
    var short = Fixture.observation(0)
    short.pixels.removeLast()
    #expect(throws: ShardError.self) { try wrongSize.append(short) }
    #expect(throws: ShardError.self) { try wrongSize.append(Fixture.observation(0)) }
    // Abandoned, and dropped unfinished.
    let abandoned = try ShardStreamWriter(metadata: Fixture.metadata(), path: directory.path("d.h5"))
    try abandoned.append(Fixture.observation(0))
    abandoned.abandon()
    abandoned.abandon()
    do {
      let dropped = try ShardStreamWriter(metadata: Fixture.metadata(), path: directory.path("e.h5"))
      try dropped.append(Fixture.observation(0))
    }
    #expect(try FileManager.default.contentsOfDirectory(atPath: directory.url.path).isEmpty)
  }
}
