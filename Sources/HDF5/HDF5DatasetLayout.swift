/// How a new dataset is stored: contiguous, or in chunks with optional filters.
///
/// Chunks are the unit of I/O and compression: a chunk of a few images (e.g. `[16, 3, 64, 64]`
/// for `[N, bands, y, x]`) lets a reader fetch one image cheaply and a writer append in batches.
/// Shuffle before deflate groups the bytes of each float by significance, which roughly doubles
/// how well noise-free images compress (interop guide §5). Noisy float32 barely compresses.
public struct HDF5DatasetLayout: Sendable, Equatable {
  /// Chunk extent per axis, or nil to store contiguously (or to pick a chunk automatically when
  /// chunking is required: an unlimited axis or a filter).
  public var chunkShape: [Int]?
  /// Apply the byte-shuffle filter before compression.
  public var shuffle: Bool
  /// zlib level 1…9, or nil for no compression.
  public var deflateLevel: Int?

  public init(chunkShape: [Int]? = nil, shuffle: Bool = false, deflateLevel: Int? = nil) {
    self.chunkShape = chunkShape
    self.shuffle = shuffle
    self.deflateLevel = deflateLevel
  }

  /// One block of bytes, no filters (fixed-size datasets only).
  public static let contiguous = HDF5DatasetLayout()

  /// Chunks of `chunkShape`, optionally shuffled and deflated.
  public static func chunked(_ chunkShape: [Int], shuffle: Bool = false, deflateLevel: Int? = nil)
    -> HDF5DatasetLayout
  {
    HDF5DatasetLayout(chunkShape: chunkShape, shuffle: shuffle, deflateLevel: deflateLevel)
  }

  /// Whether the dataset must be chunked.
  func requiresChunks(unlimitedFirstAxis: Bool) -> Bool {
    chunkShape != nil || shuffle || deflateLevel != nil || unlimitedFirstAxis
  }

  /// The chunk to use for `shape`: the requested one with fixed axes clipped to the dataset, or
  /// whole items along the first axis adding up to about 1 MiB.
  func resolvedChunkShape(for shape: [Int], elementBytes: Int, unlimitedFirstAxis: Bool) -> [Int] {
    if let chunkShape {
      return chunkShape.enumerated().map { axis, extent in
        let fixed = !(axis == 0 && unlimitedFirstAxis)
        return fixed && shape[axis] > 0 ? min(extent, shape[axis]) : extent
      }
    }
    let item = shape.dropFirst().map { max($0, 1) }
    let itemBytes = item.reduce(elementBytes, *)
    var first = max(1, (1 << 20) / max(itemBytes, 1))
    if !unlimitedFirstAxis, let length = shape.first, length > 0 { first = min(first, length) }
    return [first] + item
  }
}
