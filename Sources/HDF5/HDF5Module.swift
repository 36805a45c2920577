// The HDF5 module: HDF5 behind a typed Swift API. (Being built: issue 2.)
enum HDF5Module {}
