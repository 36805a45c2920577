// The FITS module: cfitsio behind a typed Swift API. (Being built: issue 2.)
enum FITSModule {}
