extension Array {
  /// Makes the array hold exactly `count` elements, keeping its storage: elements below both
  /// counts stay as they are, new ones are `filler`, surplus ones are dropped (capacity kept).
  ///
  /// For reusable scratch arrays that are then overwritten in full (per-thread workspaces): a
  /// uniquely referenced array whose capacity already suffices is neither reallocated nor
  /// cleared, so reusing it costs no heap traffic and no pass over the old values. Growth is
  /// geometric (`append(contentsOf:)`), so sizes that creep upwards reallocate rarely.
  /// Inlinable, so that it is specialised for the element type where it is used (generic, each
  /// element of the fill would go through a witness call).
  @inlinable public mutating func resize(to count: Int, filling filler: Element) {
    precondition(count >= 0, "resize to a negative count \(count)")
    if self.count > count {
      removeLast(self.count - count)
    } else if self.count < count {
      append(contentsOf: repeatElement(filler, count: count - self.count))
    }
  }
}
