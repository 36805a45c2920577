// The LinearAlgebra module: OpenBLAS behind a typed Swift API. (Being built: issue 2.)
enum LinearAlgebraModule {}
