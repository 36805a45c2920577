import Datasets
import Foundation
import StarmillTestSupport
import Testing

/// The PyTorch loader printed in docs/shards.md runs as written against a real shard. Where
/// torch is not installed, a minimal stand-in (`torch.from_numpy`, `torch.tensor`,
/// `torch.utils.data.Dataset`) is put on the path so that the h5py part, which is what the
/// snippet is about, is still exercised.
@Suite struct ShardLoaderDocumentationTests {
  static let torchStandIn = """
    import numpy as np
    class _Dataset: pass
    class _Data: Dataset = _Dataset
    class utils: data = _Data
    def from_numpy(array): return np.asarray(array)
    def tensor(values): return np.asarray(values)
    """

  @Test(.enabled(if: PythonInterop.canImport(["h5py", "numpy"]), "needs h5py and numpy"))
  func documentedLoaderReadsAShard() throws {
    let doc = try String(
      contentsOf: SharedData.repositoryRoot.appendingPathComponent("docs/shards.md"), encoding: .utf8)
    let start = try #require(doc.range(of: "```python\n"))
    let end = try #require(doc.range(of: "```", range: start.upperBound..<doc.endIndex))
    let snippet = String(doc[start.upperBound..<end.lowerBound])

    let directory = try TemporaryDirectory("loader")
    defer { directory.remove() }
    let shard = directory.path("unit-00000.h5")
    let metadata = ShardMetadata(
      bands: ["F475W", "F814W"], pixelScaleArcsec: 0.05, imageHeightPixels: 3, imageWidthPixels: 4,
      zeroPointsVega: [26.188, 25.524], exposureSeconds: [1310, 950], units: "e-/s", recipeName: "unit",
      recipeText: "", recipeSHA256: "", seed: 1, firstSample: 0, sampleCount: 2, datasetSamples: 2, shardIndex: 0,
      shardCount: 1, starmillVersion: "test")
    let observations = (0..<2).map { k in
      Observation(
        pixels: (0..<24).map { Float($0 + 100 * k) },
        labels: ["log_age": 7.5 + Double(k), "log_mass": 3.0, "r_h_pc": 1.5])
    }
    try ShardWriter.write(observations, metadata: metadata, to: shard)

    if !PythonInterop.canImport(["torch"]) {
      try FileManager.default.createDirectory(atPath: directory.path("stub"), withIntermediateDirectories: true)
      try Self.torchStandIn.write(toFile: directory.path("stub/torch.py"), atomically: true, encoding: .utf8)
    }
    let script = """
      import sys
      sys.path.insert(0, \(String(reflecting: directory.path("stub"))))
      \(snippet)
      data = StarmillShards([\(String(reflecting: shard))])
      assert len(data) == 2, len(data)
      image, target = data[1]
      assert tuple(image.shape) == (2, 3, 4), image.shape
      assert float(image[0, 0, 0]) == 100.0 and float(image[1, 2, 3]) == 123.0
      assert [round(float(v), 6) for v in target] == [8.5, 3.0, 1.5], target
      print("ok")
      """
    try script.write(toFile: directory.path("load.py"), atomically: true, encoding: .utf8)
    let result = try PythonInterop.run([directory.path("load.py")])
    #expect(result.status == 0, "\(result.output)")
    #expect(result.output.contains("ok"))
  }
}
