/// A validated recipe: what to simulate and how to write it. Field names follow the YAML keys;
/// `docs/recipes.md` is the reference. The recipe knows no physics: checks that need the
/// isochrone set or the instrument (an age outside the set, a band the instrument lacks) are
/// made by the pipeline's plan, which reports them at `location(of:)`.
public struct Recipe: Sendable {
  public static let currentVersion = 1

  public var version: Int
  public var name: String
  public var seed: UInt64
  /// Samples for `generate` (a grid recipe computes its count from the grid).
  public var samples: Int?
  public var shardSize: Int
  public var compression: ShardCompression
  public var storeCatalogue: Bool

  public var instrument: String
  public var bands: [String]
  public var imageHeightPixels: Int
  public var imageWidthPixels: Int
  public var pixelScaleArcsec: Double

  public var isochrones: String
  public var imf: InitialMassFunctionSpec
  public var distanceModulus: ParameterDistribution
  public var cluster: ClusterSpec
  public var background: BackgroundSpec?
  public var noise: NoiseSpec
  public var labels: [String]
  public var grid: GridSpec?

  /// The recipe's text exactly as read (stored in every shard's provenance).
  public var sourceText: String
  /// The file name used in messages.
  public var sourceName: String
  /// Where each field path was found, for the pipeline's own messages.
  public var locations: [String: SourceLocation]

  /// The location of `fieldPath`, or of its nearest parent present in the file.
  public func location(of fieldPath: String) -> SourceLocation {
    var path = fieldPath
    while true {
      if let location = locations[path] { return location }
      guard let dot = path.lastIndex(of: ".") else { break }
      path = String(path[..<dot])
    }
    return locations[""] ?? SourceLocation(file: sourceName, line: 1, column: 1)
  }
}

public enum ShardCompression: Sendable, Equatable {
  case none
  /// Shuffle + deflate at `level` (1–9). Noisy float32 barely compresses: measure before using.
  case deflate(level: Int)
}

/// The initial mass function of the recipe.
public struct InitialMassFunctionSpec: Sendable, Equatable {
  public enum Kind: String, Sendable, CaseIterable {
    case kroupa, chabrier, salpeter, brokenPowerLaw = "broken_power_law"
  }
  public var kind: Kind
  public var minimumMassSolar: Double
  public var maximumMassSolar: Double
  /// For `broken_power_law`: dN/dm ∝ m^(−slope_k) between consecutive breaks.
  public var slopes: [Double]
  public var breakMassesSolar: [Double]
}

/// The cluster parameters, each drawn per sample.
public struct ClusterSpec: Sendable, Equatable {
  public enum ProfileKind: String, Sendable, CaseIterable { case eff, king, plummer }
  public var logAgeYears: ParameterDistribution
  public var logMassSolar: ParameterDistribution
  public var rHalfLightParsecs: ParameterDistribution
  public var metallicity: ParameterDistribution
  public var extinctionAV: ParameterDistribution
  /// Per-star differential extinction: σ of |N(0, σ)| added to each star's A_V.
  public var differentialAVSigma: ParameterDistribution
  public var profile: ProfileKind
  /// EFF power-law slope γ (Σ ∝ (1 + r²/a²)^(−γ/2)); used when `profile == .eff`.
  public var effGamma: ParameterDistribution
  /// King concentration c = log10(r_t / r_c); used when `profile == .king`.
  public var kingConcentration: ParameterDistribution
  /// EFF and Plummer truncation radius in units of r_h.
  public var truncationRadiusInHalfLightRadii: Double
  public var ellipticity: ParameterDistribution
  public var positionAngleDegrees: ParameterDistribution
  public var centerOffsetPixels: ParameterDistribution
}

/// Which background the cluster is laid on.
public struct BackgroundSpec: Sendable, Equatable {
  public var library: String
  public var flips: Bool
  public var rotations: Bool

  public init(library: String, flips: Bool, rotations: Bool) {
    self.library = library
    self.flips = flips
    self.rotations = rotations
  }
}

public struct NoiseSpec: Sendable, Equatable {
  public var poisson: Bool
  public var readNoise: Bool
}

/// A validation grid: regular nodes over named cluster parameters, `realisations` samples each.
public struct GridSpec: Sendable, Equatable {
  public struct Axis: Sendable, Equatable {
    public var parameter: String
    public var values: [Double]
  }
  public var axes: [Axis]
  public var realisations: Int

  public var nodeCount: Int { axes.reduce(1) { $0 * $1.values.count } }
  public var sampleCount: Int { nodeCount * realisations }
}
