import Numerics

/// Artificial-star tests of a photometric catalogue: stars of known input magnitudes added to
/// the real images and measured by the same photometry (DOLPHOT for PHAT; Dalcanton et al. 2012,
/// ApJS 200, 18, §4; Williams et al. 2014, ApJS 215, 9). They give, as a function of input
/// magnitude, the probability that a star enters the catalogue and the error of its measured
/// magnitude, including crowding (blends push stars brighter).
///
/// `input[band][star]`, `output[band][star]` are Vega magnitudes; `detected[star]` says whether
/// the star would be in the catalogue: recovered in every band and passing `criteria` in each.
public struct ArtificialStarTests: Sendable, Equatable {
  /// Per-band "good star" rule. Defaults: the PHAT ACS/WFC GST cuts of Williams et al. (2014,
  /// §3.3.2): S/N ≥ 4, sharpness² ≤ 0.2, crowding ≤ 2.25 (every star of `b15_data_test.fits`
  /// passes exactly these: min S/N 4.1, |sharp| ≤ 0.446, crowd ≤ 2.22).
  public struct Criteria: Sendable, Equatable {
    public var minimumSignalToNoise: Double
    public var maximumSharpnessSquared: Double
    public var maximumCrowding: Double

    public init(minimumSignalToNoise: Double = 4, maximumSharpnessSquared: Double = 0.2, maximumCrowding: Double = 2.25)
    {
      self.minimumSignalToNoise = minimumSignalToNoise
      self.maximumSharpnessSquared = maximumSharpnessSquared
      self.maximumCrowding = maximumCrowding
    }

    public func accepts(signalToNoise: Double, sharpness: Double, crowding: Double) -> Bool {
      signalToNoise >= minimumSignalToNoise && sharpness * sharpness <= maximumSharpnessSquared
        && crowding <= maximumCrowding
    }
  }

  /// DOLPHOT's magnitude for a star it lost (99.999); anything ≥ this is "not recovered".
  public static let lostMagnitude = 99.0

  public let bands: [String]
  public let input: [[Double]]
  public let output: [[Double]]
  public let detected: [Bool]
  public var count: Int { detected.count }

  /// - Parameters: per band and star: input and measured magnitude (≥ 99 when lost), S/N,
  ///   sharpness and crowding as DOLPHOT reports them.
  public init(
    bands: [String], input: [[Double]], output: [[Double]], signalToNoise: [[Double]], sharpness: [[Double]],
    crowding: [[Double]], criteria: Criteria = Criteria()
  ) throws(FieldError) {
    let count = input.first?.count ?? 0
    for (name, table) in [
      ("input", input), ("output", output), ("signalToNoise", signalToNoise), ("sharpness", sharpness),
      ("crowding", crowding),
    ] {
      guard table.count == bands.count, table.allSatisfy({ $0.count == count }) else {
        throw FieldError(
          field: "artificialStarTests.\(name)", value: "\(table.map(\.count)) values per band",
          rule: "needs \(bands.count) bands × \(count) stars")
      }
    }
    guard count > 0 else {
      throw FieldError(
        field: "artificialStarTests.stars", value: "0", rule: "needs at least one star")
    }
    self.bands = bands
    self.input = input
    self.output = output
    self.detected = (0..<count).map { star in
      bands.indices.allSatisfy { band in
        output[band][star] < Self.lostMagnitude
          && criteria.accepts(
            signalToNoise: signalToNoise[band][star], sharpness: sharpness[band][star], crowding: crowding[band][star])
      }
    }
  }
}
