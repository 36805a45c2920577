import Foundation
import Numerics
import Rendering
import Testing

@Suite struct InstrumentBandTests {
  static func band(
    exposure: Double = 1000, background: InstrumentBand.Background = .effectivePerStar(electronsPerSecond: 2),
    readNoise: Double = 0
  ) throws(InstrumentError) -> InstrumentBand {
    try InstrumentBand(
      name: "F475W", camera: "ACS/WFC", nativePixelScaleArcsec: 0.05, vegaZeroPoint: 26.188,
      exposureTimeSeconds: exposure, background: background, readNoiseElectrons: readNoise,
      gainElectronsPerDataNumber: 2, psfFWHMArcsec: 0.086)
  }

  /// Counts = 10^(−0.4 (m − ZP)) × t: m = ZP gives 1 e⁻/s by definition of the zero point, five
  /// magnitudes fainter 100× less (Pogson), and the inverse round-trips to 1e-12.
  @Test func countRatesFollowTheZeroPoint() throws {
    let band = try Self.band()
    #expect(abs(band.countRateElectronsPerSecond(vegaMagnitude: 26.188) - 1) < 1e-14)
    #expect(abs(band.countRateElectronsPerSecond(vegaMagnitude: 31.188) - 0.01) < 1e-16)
    #expect(abs(band.expectedElectrons(vegaMagnitude: 23.688) - 10_000) < 1e-9)
    for m in [18.0, 24.5, 29.9] {
      #expect(
        abs(band.vegaMagnitude(countRateElectronsPerSecond: band.countRateElectronsPerSecond(vegaMagnitude: m)) - m)
          < 1e-12)
    }
    #expect(band.pixelScaleArcsec == 0.05)
    #expect(abs(band.psfFWHMPixels - 1.72) < 1e-12)
    #expect(band.dataNumbersPerSecond(electronsPerSecond: 3) == 1.5)
  }

  /// The indexed form (exponents written, then `exponentiate`) gives the array form's rates (one
  /// pass, the scene's) of the picked magnitudes bit for bit, +∞ gives 0, and both agree with the
  /// scalar 10^(−0.4 (m − ZP)) to 2 ulp (the array exponential's 1.5 ulp plus libm's 0.5).
  @Test func countRatesOfPickedStarsEqualTheArrayForm() throws {
    let band = try Self.band()
    let generator = RandomGenerator(seed: 5)
    var magnitudes = (0..<203).map { _ in Float(14 + 20 * generator.uniform()) }
    magnitudes[7] = .infinity
    magnitudes[100] = 26.188
    let stars: [Int32] = [0, 7, 3, 100, 202, 3, 150] + (10..<120).map { Int32($0) }
    var picked = [Double](repeating: .nan, count: stars.count)
    var reference = [Double](repeating: .nan, count: stars.count)
    let gathered = stars.map { magnitudes[Int($0)] }
    magnitudes.withUnsafeBufferPointer { magnitudes in
      stars.withUnsafeBufferPointer { stars in
        picked.withUnsafeMutableBufferPointer {
          band.countRatesElectronsPerSecond(vegaMagnitudes: magnitudes, ofStars: stars, into: $0)
        }
      }
    }
    gathered.withUnsafeBufferPointer { gathered in
      reference.withUnsafeMutableBufferPointer { band.countRatesElectronsPerSecond(vegaMagnitudes: gathered, into: $0) }
    }
    for (index, star) in stars.enumerated() {
      #expect(picked[index].bitPattern == reference[index].bitPattern, "star \(star)")
      let scalar = band.countRateElectronsPerSecond(vegaMagnitude: Double(magnitudes[Int(star)]))
      #expect(abs(picked[index] - scalar) <= 2 * scalar.ulp, "star \(star): \(picked[index]) vs \(scalar)")
    }
    #expect(picked[1] == 0)
  }

  @Test func invalidBandsNameTheFieldAndRule() throws {
    do {
      _ = try Self.band(exposure: -5)
      Issue.record("negative exposure accepted")
    } catch {
      #expect(error.band == "F475W")
      #expect(error.field == "exposureTimeSeconds")
      #expect(error.value == "-5.0")
      #expect(error.rule == "must be a finite number > 0")
      // Printed in the shared located-field shape, the band as the root of the field path.
      #expect(
        error.fieldError == FieldError(field: "bands[F475W].exposureTimeSeconds", value: "-5.0", rule: error.rule))
      #expect(error.description == "bands[F475W].exposureTimeSeconds = -5.0: must be a finite number > 0")
    }
    #expect(
      throws: InstrumentError(
        band: "F475W", field: "readNoiseElectrons", value: "-1.0", rule: "must be a finite number ≥ 0")
    ) { try Self.band(readNoise: -1) }
    #expect(
      throws: InstrumentError(
        band: "F475W", field: "background.perPixel", value: "nan",
        rule: "must be a finite count rate ≥ 0 e⁻/s per pixel")
    ) { try Self.band(background: .perPixel(electronsPerSecond: .nan)) }
    #expect(
      throws: InstrumentError(
        band: "F475W", field: "background.effectivePerStar", value: "-1.0",
        rule: "must be a finite count rate ≥ 0 e⁻/s")
    ) { try Self.band(background: .effectivePerStar(electronsPerSecond: -1)) }
  }

  @Test func instrumentsKeepOneGridAndUniqueNames() throws {
    let a = try Self.band()
    let other = try InstrumentBand(
      name: "F814W", camera: "ACS/WFC", nativePixelScaleArcsec: 0.05, pixelScaleArcsec: 0.04, vegaZeroPoint: 25.5,
      exposureTimeSeconds: 900, background: .perPixel(electronsPerSecond: 0.1), readNoiseElectrons: 0,
      gainElectronsPerDataNumber: 2, psfFWHMArcsec: 0.086)
    #expect(
      throws: InstrumentError(
        band: "F814W", field: "pixelScaleArcsec", value: "0.04",
        rule: "every band must use the image grid of band F475W (0.05″)")
    ) { try Instrument(name: "X", bands: [a, other]) }
    #expect(
      throws: InstrumentError(band: "F475W", field: "name", value: "F475W", rule: "band names must be unique")
    ) { try Instrument(name: "X", bands: [a, a]) }
    do {
      _ = try Instrument(name: "X", bands: [])
      Issue.record("an instrument without bands was accepted")
    } catch {
      #expect(
        error == InstrumentError(band: "", field: "bands", value: "[]", rule: "an instrument needs at least one band"))
      #expect(error.description == "bands = []: an instrument needs at least one band", "instrument-wide: no band root")
    }
    let instrument = try Instrument(name: "X", bands: [a])
    #expect(instrument.band(named: "F475W") == a)
    #expect(instrument.pixelScaleArcsec == 0.05)
  }
}
