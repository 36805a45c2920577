/// Whether a GEMM operand is used as stored or transposed.
public enum Transpose: Sendable, Hashable, CaseIterable {
  /// op(X) = X.
  case none
  /// op(X) = Xᵀ.
  case transposed
}
