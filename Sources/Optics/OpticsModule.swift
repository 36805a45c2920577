// The Optics module. (Being built.)
enum OpticsModule {}
