import Network
import Testing

@Suite struct DihedralTransformTests {
  /// The eight transforms form the dihedral group of the square: all distinct on an asymmetric
  /// image, four quarter turns give the identity, a flip is its own inverse, and the corners
  /// move as a 90° turn should.
  @Test func formTheSymmetryGroupOfTheSquare() {
    let size = 4
    let image = (0..<(2 * size * size)).map { Float($0) }
    let results = DihedralTransform.allCases.map { transform -> [Float] in
      var copy = image
      transform.apply(to: &copy, planes: 2, size: size)
      return copy
    }
    #expect(Set(results.map { $0.map { Int($0) } }).count == 8)
    var turned = image
    for _ in 0..<4 { DihedralTransform(quarterTurns: 1, flipsX: false).apply(to: &turned, planes: 2, size: size) }
    #expect(turned == image)
    var flipped = image
    for _ in 0..<2 { DihedralTransform(quarterTurns: 0, flipsX: true).apply(to: &flipped, planes: 2, size: size) }
    #expect(flipped == image)
    var quarter = image
    DihedralTransform(quarterTurns: 1, flipsX: false).apply(to: &quarter, planes: 2, size: size)
    // A quarter turn is a permutation moving every corner to another corner.
    let corners: Set<Float> = [0, 3, 12, 15]
    #expect(Set([quarter[0], quarter[3], quarter[12], quarter[15]]) == corners)
    #expect(quarter[0] != image[0])
    #expect(Set(quarter) == Set(image))
  }
}
