// The StellarPopulations module. (Being built.)
enum StellarPopulationsModule {}
