extension RandomGenerator {
  /// An exact Poisson variate with mean `mean` (≥ 0), several times faster than `poisson(mean:)`
  /// (GSL `gsl_ran_poisson`) for the large means of sky-dominated pixels: `exactPoisson(mean:)`
  /// on this generator's uniforms.
  @inline(__always) public func fastPoisson(mean: Double) -> Double {
    var source = self
    return source.exactPoisson(mean: mean)
  }
}
