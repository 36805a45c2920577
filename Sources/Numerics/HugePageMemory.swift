import Foundation

/// Memory for large tables that are read at random addresses (the renderer's stamp tables),
/// backed by transparent huge pages where the kernel offers them.
///
/// Why: the stamp tables of three PHAT bands span ≈ 30 MB and a star's stamp is read at a random
/// sub-pixel phase, so with 4 KiB pages nearly every stamp read needs a TLB entry of its own,
/// and on a virtual machine each TLB miss is a two-dimensional page walk (guest and host page
/// tables). One 2 MiB page covers 512 of those entries. `madvise(MADV_HUGEPAGE)` asks Linux for
/// huge pages when `/sys/kernel/mm/transparent_hugepage/enabled` is `madvise` (the common
/// default) or `always`, and is a harmless hint otherwise (Linux
/// `Documentation/admin-guide/mm/transhuge.rst`). Measured on the session-10 VM: 0–4 % of a
/// bench.yaml sample's time (docs/scaling.md, "Session 10: huge pages for the stamp tables").
///
/// Contract: `allocate(byteCount:)` returns memory aligned to `pageBytes` whose first
/// `byteCount` bytes are zero, with its size rounded up to a whole number of `pageBytes` (so the
/// region shares no huge page with other data); release it with `deallocate(_:)`. What is stored
/// and computed never depends on whether the kernel granted huge pages: only the speed does.
public enum HugePageMemory {
  /// The huge page size aligned to: 2 MiB, the x86-64 (and 4 KiB-granule AArch64) PMD page.
  public static let pageBytes = 2 << 20

  /// The bytes `allocate(byteCount:)` reserves for `byteCount`: whole huge pages, at least one.
  public static func reservedBytes(forByteCount byteCount: Int) -> Int {
    max(1, (byteCount + pageBytes - 1) / pageBytes) * pageBytes
  }

  /// Memory of `reservedBytes(forByteCount:)` bytes, `pageBytes`-aligned, advised for huge pages,
  /// its first `byteCount` bytes zero. Stops the process when memory is exhausted, as Swift's own
  /// allocation does.
  public static func allocate(byteCount: Int) -> UnsafeMutableRawPointer {
    precondition(byteCount >= 0, "HugePageMemory.allocate(byteCount: \(byteCount))")
    let size = reservedBytes(forByteCount: byteCount)
    var pointer: UnsafeMutableRawPointer?
    guard posix_memalign(&pointer, pageBytes, size) == 0, let pointer else {
      fatalError("HugePageMemory: cannot allocate \(size) bytes")
    }
    #if os(Linux)
      // A hint: failure (no THP in this kernel) leaves ordinary pages, with the same contents.
      _ = madvise(pointer, size, MADV_HUGEPAGE)
    #endif
    memset(pointer, 0, byteCount)
    return pointer
  }

  /// Releases memory from `allocate(byteCount:)`.
  public static func deallocate(_ pointer: UnsafeMutableRawPointer) { free(pointer) }
}
