import Rendering
import Testing

@Suite struct RenderStarListTests {
  /// The error names the first offending star: positions star by star (x before y), then the
  /// fluxes band by band; valid lists (including zero flux and stars far off the image) pass.
  @Test func firstInvalidStarIsNamed() throws {
    let x = (0..<50).map { Double($0) - 10 }
    let y = (0..<50).map { 1e6 - Double($0) }
    var flux = [(0..<50).map { Double($0) }, (0..<50).map { 0.5 * Double($0) }]
    flux[1][7] = -0.0
    flux[0][8] = .greatestFiniteMagnitude
    flux[0][9] = .leastNonzeroMagnitude
    #expect(try RenderStarList(x: x, y: y, flux: flux).count == 50)

    func error(_ x: [Double], _ y: [Double], _ flux: [[Double]]) -> RenderError? {
      do {
        _ = try RenderStarList(x: x, y: y, flux: flux)
        return nil
      } catch { return error }
    }
    var badX = x
    badX[17] = .nan
    var badY = y
    badY[9] = -.infinity
    badY[30] = .nan
    #expect(error(badX, badY, flux) == .invalidStar(index: 9, field: "y", value: -.infinity, rule: "must be finite"))
    if case .invalidStar(let index, let field, _, _) = error(badX, y, flux) {
      #expect(index == 17 && field == "x")
    } else {
      Issue.record("NaN x not rejected")
    }
    var badFlux = flux
    badFlux[1][40] = -1e-300
    badFlux[1][45] = .infinity
    #expect(
      error(x, y, badFlux)
        == .invalidStar(index: 40, field: "flux[1]", value: -1e-300, rule: "must be finite and ≥ 0"))
    badFlux[0][49] = .nan
    if case .invalidStar(let index, let field, _, _) = error(x, y, badFlux) {
      #expect(index == 49 && field == "flux[0]")
    } else {
      Issue.record("NaN flux not rejected")
    }
    for bad in [-Double.infinity, -.nan, -.leastNonzeroMagnitude, -.greatestFiniteMagnitude] {
      badFlux = flux
      badFlux[1][20] = bad
      if case .invalidStar(let index, let field, _, _) = error(x, y, badFlux) {
        #expect(index == 20 && field == "flux[1]", "\(bad)")
      } else {
        Issue.record("flux \(bad) not rejected")
      }
    }
    badFlux = flux
    badFlux[0][3] = .infinity
    #expect(
      error(x, y, badFlux) == .invalidStar(index: 3, field: "flux[0]", value: .infinity, rule: "must be finite and ≥ 0")
    )
  }
}
