import Foundation
import Photometry
import Testing

/// The cool-star anchoring rule: offsets carried to a band by linear interpolation in log pivot
/// wavelength, constant beyond the anchors, with a temperature ramp (`ReferencePhotometryAnchor`).
@Suite struct ReferencePhotometryAnchorTests {
  static func anchor() throws -> ReferencePhotometryAnchor {
    // Deliberately unsorted: the anchor sorts by wavelength.
    try ReferencePhotometryAnchor(
      anchors: [
        (name: "V", pivotWavelengthAngstrom: 5500), (name: "B", pivotWavelengthAngstrom: 4400),
        (name: "I", pivotWavelengthAngstrom: 8000),
      ],
      fullWeightTemperatureKelvin: 3500, zeroWeightTemperatureKelvin: 3750)
  }

  @Test func anchorsAreSortedByWavelength() throws {
    let anchor = try Self.anchor()
    #expect(anchor.anchorNames == ["B", "V", "I"])
    #expect(anchor.anchorLogWavelengths == [log10(4400), log10(5500), log10(8000)])
  }

  @Test func offsetIsExactAtAnchorsLinearInLogWavelengthBetweenAndConstantOutside() throws {
    let anchor = try Self.anchor()
    let offsets = [0.4, -0.2, 0.1]  // B, V, I
    #expect(anchor.offset(atPivotWavelengthAngstrom: 4400, anchorOffsets: offsets) == 0.4)
    #expect(abs(anchor.offset(atPivotWavelengthAngstrom: 5500, anchorOffsets: offsets) + 0.2) < 1e-15)
    #expect(anchor.offset(atPivotWavelengthAngstrom: 8000, anchorOffsets: offsets) == 0.1)
    // Geometric mean of V and I: halfway in log λ.
    let middle = (5500.0 * 8000).squareRoot()
    #expect(abs(anchor.offset(atPivotWavelengthAngstrom: middle, anchorOffsets: offsets) - (-0.05)) < 1e-12)
    // Beyond the ends: the end anchor's offset.
    #expect(anchor.offset(atPivotWavelengthAngstrom: 2700, anchorOffsets: offsets) == 0.4)
    #expect(anchor.offset(atPivotWavelengthAngstrom: 16000, anchorOffsets: offsets) == 0.1)
  }

  @Test func nonFiniteOffsetsLeaveTheirAnchorOut() throws {
    let anchor = try Self.anchor()
    // V missing: B–I interpolation at V's wavelength.
    let t = (log10(5500.0) - log10(4400.0)) / (log10(8000.0) - log10(4400.0))
    let expected = (1 - t) * 0.4 + t * 0.1
    #expect(abs(anchor.offset(atPivotWavelengthAngstrom: 5500, anchorOffsets: [0.4, .nan, 0.1]) - expected) < 1e-12)
    #expect(anchor.offset(atPivotWavelengthAngstrom: 5500, anchorOffsets: [.nan, .nan, .nan]) == 0)
  }

  @Test func weightRampsLinearlyFromTheGridEdgeAndAlwaysAppliesToTPAGB() throws {
    let anchor = try Self.anchor()
    #expect(anchor.weight(temperatureKelvin: 3000, isThermallyPulsingAGB: false) == 1)
    #expect(anchor.weight(temperatureKelvin: 3500, isThermallyPulsingAGB: false) == 1)
    #expect(anchor.weight(temperatureKelvin: 3625, isThermallyPulsingAGB: false) == 0.5)
    #expect(anchor.weight(temperatureKelvin: 3750, isThermallyPulsingAGB: false) == 0)
    #expect(anchor.weight(temperatureKelvin: 6000, isThermallyPulsingAGB: false) == 0)
    #expect(anchor.weight(temperatureKelvin: 6000, isThermallyPulsingAGB: true) == 1)
  }

  @Test func badAnchorsAreRefusedWithTheRule() {
    #expect(throws: PhotometryError.self) {
      try ReferencePhotometryAnchor(anchors: [], fullWeightTemperatureKelvin: 3500, zeroWeightTemperatureKelvin: 3750)
    }
    do {
      _ = try ReferencePhotometryAnchor(
        anchors: [(name: "B", pivotWavelengthAngstrom: 4400), (name: "B2", pivotWavelengthAngstrom: 4400)],
        fullWeightTemperatureKelvin: 3500, zeroWeightTemperatureKelvin: 3750)
      Issue.record("duplicate wavelengths accepted")
    } catch {
      #expect(error == .invalidParameter(name: "anchor B2 pivot wavelength", value: 4400, rule: "must differ from B's"))
    }
    #expect(throws: PhotometryError.self) {
      try ReferencePhotometryAnchor(
        anchors: [(name: "B", pivotWavelengthAngstrom: -1)], fullWeightTemperatureKelvin: 3500,
        zeroWeightTemperatureKelvin: 3750)
    }
    #expect(throws: PhotometryError.self) {
      try ReferencePhotometryAnchor(
        anchors: [(name: "B", pivotWavelengthAngstrom: 4400)], fullWeightTemperatureKelvin: 3500,
        zeroWeightTemperatureKelvin: 3500)
    }
  }
}
