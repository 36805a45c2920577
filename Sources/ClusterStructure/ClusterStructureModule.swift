// The ClusterStructure module. (Being built.)
enum ClusterStructureModule {}
