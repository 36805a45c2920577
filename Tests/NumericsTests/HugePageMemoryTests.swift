import Foundation
import Testing

@testable import Numerics

@Suite("Huge-page memory")
struct HugePageMemoryTests {
  @Test("sizes round up to whole 2 MiB pages, at least one")
  func reservedSizes() {
    let page = HugePageMemory.pageBytes
    #expect(page == 2_097_152)
    #expect(HugePageMemory.reservedBytes(forByteCount: 0) == page)
    #expect(HugePageMemory.reservedBytes(forByteCount: 1) == page)
    #expect(HugePageMemory.reservedBytes(forByteCount: page) == page)
    #expect(HugePageMemory.reservedBytes(forByteCount: page + 1) == 2 * page)
    #expect(HugePageMemory.reservedBytes(forByteCount: 5 * page - 3) == 5 * page)
  }

  @Test("memory is 2 MiB aligned, zero over the requested bytes, writable over the whole reservation")
  func alignedZeroedWritable() {
    // Reused heap memory is not zero by itself: dirty a region of the same size first, free it,
    // then check that a new allocation is zeroed anyway.
    let byteCount = 3 * HugePageMemory.pageBytes + 12_345
    let dirty = HugePageMemory.allocate(byteCount: byteCount)
    memset(dirty, 0xA5, HugePageMemory.reservedBytes(forByteCount: byteCount))
    HugePageMemory.deallocate(dirty)

    let memory = HugePageMemory.allocate(byteCount: byteCount)
    defer { HugePageMemory.deallocate(memory) }
    #expect(Int(bitPattern: memory) % HugePageMemory.pageBytes == 0)
    let bytes = memory.bindMemory(to: UInt8.self, capacity: byteCount)
    var nonZero = 0
    for index in 0..<byteCount where bytes[index] != 0 { nonZero += 1 }
    #expect(nonZero == 0)
    let reserved = HugePageMemory.reservedBytes(forByteCount: byteCount)
    memset(memory, 0x5A, reserved)
    #expect(memory.load(fromByteOffset: reserved - 1, as: UInt8.self) == 0x5A)
  }
}
