// The Photometry module. (Being built.)
enum PhotometryModule {}
