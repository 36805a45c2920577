import HDF5
import StarmillTestSupport
import Testing

/// Files written here are read by h5py and the reverse (`Tests/Interop/check_hdf5.py`).
@Suite("HDF5 interoperability with h5py")
struct HDF5InteropTests {
  static let available = PythonInterop.canImport(["numpy", "h5py"])

  @Test(
    "h5py reads a chunked, compressed shard-like file written here",
    .enabled(if: available, "needs \(PythonInterop.interpreter) with numpy and h5py (set STARMILL_PYTHON)"))
  func h5pyReadsSwift() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.path("interop.h5")
    do {
      let file = try HDF5File(creatingAtPath: path)
      let images = try file.root.createDataset(
        "images", of: Float.self, shape: [0, 3, 8, 8], unlimitedFirstAxis: true,
        layout: .chunked([4, 3, 8, 8], shuffle: true, deflateLevel: 1))
      try images.append((0..<6).flatMap(HDF5RoundTripTests.image))
      try images.append((6..<11).flatMap(HDF5RoundTripTests.image))
      try images.setAttribute("units", .string("e-/s"))
      try file.root.createDataset("labels/log_age", values: (0..<11).map { 6.6 + 0.05 * Double($0) })
      try file.root.createDataset("truth/seed", values: (0..<11).map { Int64($0) * 7 })
      try file.root.createStringDataset("truth/background", values: ["synthetic-0", "M31 Ω field"])
      try file.root.setAttribute("format", .string("starmill-shard"))
      try file.root.setAttribute("version", .int64(2))
      try file.root.setAttribute("pixel_scale_arcsec", .double(0.05))
      try file.root.setAttribute("zero_points", .floats([26.19, 25.52]))
      try file.root.setAttribute("bands", .strings(["F475W", "F814W"]))
      try images.close()
      try file.close()
    }
    let result = try PythonInterop.run([PythonInterop.script("check_hdf5.py"), "read", path])
    #expect(result.status == 0, "h5py check failed:\n\(result.output)")
  }

  @Test(
    "A file written by h5py reads here: gzip chunks, vlen and fixed strings, other integer widths",
    .enabled(if: available, "needs \(PythonInterop.interpreter) with numpy and h5py (set STARMILL_PYTHON)"))
  func swiftReadsH5py() throws {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.path("h5py.h5")
    let result = try PythonInterop.run([PythonInterop.script("check_hdf5.py"), "write", path])
    try #require(result.status == 0, "h5py could not write:\n\(result.output)")

    let file = try HDF5File(openingAtPath: path)
    let images = try file.root.openDataset("images")
    #expect(try images.shape == [5, 3, 8, 8])
    #expect(try images.maxShape == [nil, 3, 8, 8])
    #expect(try images.chunkShape == [2, 3, 8, 8])
    #expect(try images.read(as: Float.self) == (0..<5).flatMap(HDF5RoundTripTests.image))
    #expect(try images.readItem(4, as: Float.self) == HDF5RoundTripTests.image(4))
    #expect(try images.stringAttribute("units") == "e-/s")
    #expect(try file.root.openDataset("labels/mass").read(as: Double.self) == [1e3, 2e4, 3e5])
    let ids = try file.root.openDataset("ids")
    #expect(try ids.elementType == .int32)  // uint16 maps to the nearest type that holds it
    #expect(try ids.read(as: Int64.self) == [0, 1, 2, 3])
    #expect(try file.root.stringAttribute("title") == "written by h5py")
    #expect(try file.root.stringAttribute("fixed") == "fixed-length")
    #expect(try file.root.attribute("exposure") == .float(1310))
    #expect(try file.root.attribute("counts") == .int32s([1, 2, 3]))
    #expect(try file.root.stringsAttribute("names") == ["a", "bc"])
  }
}
