// The Rendering module. (Being built.)
enum RenderingModule {}
