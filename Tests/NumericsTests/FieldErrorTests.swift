import Numerics
import Testing

/// The shared located-field error prints one shape, `FILE: FIELD = VALUE: RULE`, and adapters
/// add the file and the enclosing field path without losing what the domain said.
@Suite struct FieldErrorTests {
  @Test func printsFileFieldValueRule() {
    let domain = FieldError(field: "exposureTimeSeconds", value: "-5.0", rule: "must be a finite number > 0")
    #expect(domain.file == nil)
    #expect(domain.description == "exposureTimeSeconds = -5.0: must be a finite number > 0")
    let located = domain.inFile("Instruments/phat.yaml")
    #expect(located.description == "Instruments/phat.yaml: exposureTimeSeconds = -5.0: must be a finite number > 0")
    #expect(located.field == domain.field && located.value == domain.value && located.rule == domain.rule)
    // No single offending value: the value is left out rather than printed empty.
    #expect(
      FieldError(file: "psf.fits", field: "samples", value: "", rule: "sum to 0").description
        == "psf.fits: samples: sum to 0")
  }

  @Test func nestsFieldPaths() {
    let error = FieldError(field: "formedMass", value: "-1.0", rule: "must be ≥ 0")
    #expect(error.within("bins[2]").field == "bins[2].formedMass")
    #expect(error.within("bins[2]").within("starFormationHistory").field == "starFormationHistory.bins[2].formedMass")
    #expect(FieldError(field: "[3]", value: "x", rule: "r").within("bands").field == "bands[3]")
    #expect(FieldError(field: "", value: "x", rule: "r").within("bands").field == "bands")
    #expect(error.within("").field == "formedMass")
    #expect(error.inFile("a").inFile("b").file == "b", "the adapter that read the file names it")
  }
}
