/// Eight floats loaded from or stored to any address (no alignment needed): one ymm register on
/// the haswell build, two xmm on the portable one. Shared by the real-field FFT plan's passes and
/// the renderer's stamp, deposit and spectral-product loops (`package`, `@inlinable`: inlined into
/// the callers of other modules as into this one's).
@inlinable @inline(__always) package func load8(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
  UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
}

@inlinable @inline(__always) package func load8(_ pointer: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
  UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
}

@inlinable @inline(__always) package func store8(_ value: SIMD8<Float>, _ pointer: UnsafeMutablePointer<Float>) {
  UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD8<Float>.self)
}
