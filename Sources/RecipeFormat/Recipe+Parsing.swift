internal import Yams

extension Recipe {
  /// Top-level keys a recipe accepts (see `docs/recipes.md`).
  public static let topLevelKeys = [
    "version", "name", "seed", "samples", "shard_size", "compression", "store_catalogue", "instrument", "bands",
    "image", "isochrones", "imf", "distance_modulus", "cluster", "background", "noise", "labels", "grid",
  ]
  /// Cluster parameter keys; grid axes may name any parameter that takes a distribution.
  public static let clusterKeys = [
    "log_age", "log_mass", "r_h_pc", "metallicity", "a_v", "differential_a_v_sigma", "profile", "ellipticity",
    "position_angle_deg", "center_offset_px",
  ]
  public static let gridParameters = [
    "log_age", "log_mass", "r_h_pc", "metallicity", "a_v", "ellipticity", "eff_gamma", "king_concentration",
  ]
  /// Names a recipe may list under `labels` (each becomes `/labels/<name>` in the shards).
  public static let knownLabels = [
    "log_age", "log_mass", "r_h_pc", "log_r_h_pc", "metallicity", "a_v", "ellipticity", "eff_gamma",
    "king_concentration", "log_mass_drawn",
  ]
  public static let defaultLabels = ["log_age", "log_mass", "r_h_pc"]

  /// Reads and validates a recipe's text. Collects every error it finds and throws them together.
  ///
  /// - Parameters:
  ///   - text: the YAML text.
  ///   - sourceName: the file name used in messages (e.g. `Recipes/quickstart.yaml`).
  public static func parse(_ text: String, sourceName: String) throws(RecipeValidationFailure) -> Recipe {
    let reader = RecipeNodeReader(sourceName: sourceName)
    let root: Node
    do {
      guard let composed = try Yams.compose(yaml: text) else {
        throw RecipeValidationFailure([
          RecipeError(
            location: SourceLocation(file: sourceName, line: 1, column: 1), fieldPath: "", value: nil,
            rule: "the recipe is empty")
        ])
      }
      root = composed
    } catch let failure as RecipeValidationFailure {
      throw failure
    } catch {
      throw RecipeValidationFailure([yamlSyntaxError(error, sourceName: sourceName)])
    }
    let recipe = read(root, reader: reader, text: text, sourceName: sourceName)
    if let recipe, reader.errors.isEmpty { return recipe }
    if reader.errors.isEmpty {  // every failing path records an error; this guards that contract
      reader.fail(root, "", value: nil, "the recipe could not be read")
    }
    throw RecipeValidationFailure(
      reader.errors.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) })
  }

  private static func yamlSyntaxError(_ error: Error, sourceName: String) -> RecipeError {
    var line = 1
    var column = 1
    var problem = "\(error)"
    if let yamlError = error as? YamlError {
      switch yamlError {
      case .scanner(_, let message, let mark, _), .parser(_, let message, let mark, _),
        .composer(_, let message, let mark, _):
        line = mark.line
        column = mark.column
        problem = message
      case .duplicatedKeysInMapping(let duplicates, _):
        problem = "duplicated keys: \(duplicates.joined(separator: ", "))"
      default: break
      }
    }
    return RecipeError(
      location: SourceLocation(file: sourceName, line: line, column: column), fieldPath: "", value: nil,
      rule: "not valid YAML: \(problem)")
  }

  // swiftlint:disable:next function_body_length
  private static func read(_ root: Node, reader r: RecipeNodeReader, text: String, sourceName: String) -> Recipe? {
    guard let top = r.mapping(root, "", allowed: topLevelKeys) else { return nil }
    defer { r.finish(top) }

    var version = 0
    if let node = r.required(top, "version", "the recipe format version, currently \(currentVersion)"),
      let value = r.integer(node, "version")
    {
      if value != currentVersion {
        r.fail(
          node, "version", value: "\(value)",
          "unsupported recipe version; this Starmill reads version \(currentVersion)")
      }
      version = value
    }
    let name = r.value(top, "name").flatMap { r.string($0, "name") } ?? defaultName(sourceName)
    var seed: UInt64 = 0
    if let node = r.required(top, "seed", "a non-negative integer that fixes every sample"),
      let value = r.integer(node, "seed")
    {
      if value < 0 { r.fail(node, "seed", value: "\(value)", "must be ≥ 0") } else { seed = UInt64(value) }
    }
    var samples: Int?
    if let node = r.value(top, "samples"), let value = r.integer(node, "samples") {
      if value <= 0 { r.fail(node, "samples", value: "\(value)", "must be > 0") } else { samples = value }
    }
    var shardSize = 1024
    if let node = r.value(top, "shard_size"), let value = r.integer(node, "shard_size") {
      if value <= 0 { r.fail(node, "shard_size", value: "\(value)", "must be > 0") } else { shardSize = value }
    }
    let compression = readCompression(r.value(top, "compression"), r) ?? .none
    let storeCatalogue = r.value(top, "store_catalogue").flatMap { r.boolean($0, "store_catalogue") } ?? false
    let instrument = r.value(top, "instrument").flatMap { r.string($0, "instrument") } ?? "phat"

    var bands: [String] = []
    if let node = r.required(top, "bands", "the bands to render, e.g. [F336W, F475W, F814W]"),
      let values = r.strings(node, "bands")
    {
      if values.isEmpty { r.fail(node, "bands", value: "[]", "needs at least one band") }
      var seen: Set<String> = []
      for band in values where !seen.insert(band).inserted {
        r.fail(node, "bands", value: "'\(band)'", "each band may appear once")
      }
      bands = values
    }

    var height = 64
    var width = 64
    var pixelScale = 0.05
    if let node = r.value(top, "image"),
      let image = r.mapping(node, "image", allowed: ["size_px", "pixel_scale_arcsec"])
    {
      if let sizeNode = r.value(image, "size_px") {
        let path = "image.size_px"
        if case .sequence = sizeNode {
          if let pair = r.numbers(sizeNode, path) {
            if pair.count == 2, pair.allSatisfy({ $0 == $0.rounded() && $0 >= 8 && $0 <= 4096 }) {
              height = Int(pair[0])
              width = Int(pair[1])
            } else {
              r.fail(sizeNode, path, value: "\(pair)", "must be [height, width], whole numbers from 8 to 4096")
            }
          }
        } else if let size = r.integer(sizeNode, path) {
          if size < 8 || size > 4096 {
            r.fail(sizeNode, path, value: "\(size)", "must be from 8 to 4096 pixels")
          } else {
            height = size
            width = size
          }
        }
      }
      if let scaleNode = r.value(image, "pixel_scale_arcsec"),
        let scale = r.number(scaleNode, "image.pixel_scale_arcsec")
      {
        if scale <= 0 || scale > 10 {
          r.fail(scaleNode, "image.pixel_scale_arcsec", value: "\(scale)", "must be in (0, 10] arcsec")
        } else {
          pixelScale = scale
        }
      }
      r.finish(image)
    }

    let isochrones =
      r.required(top, "isochrones", "an isochrone set name or folder").flatMap { r.string($0, "isochrones") } ?? ""
    let imf = readIMF(r.value(top, "imf"), r) ?? defaultIMF
    let distanceModulus =
      r.value(top, "distance_modulus").flatMap {
        r.distribution($0, "distance_modulus", allowed: 0...40, allowedRule: "must lie in [0, 40] mag")
      } ?? .fixed(24.47)

    let cluster = r.required(top, "cluster", "the cluster parameters").flatMap { readCluster($0, r) }

    var background: BackgroundSpec?
    if let node = r.value(top, "background") {
      if case .scalar(let scalar) = node, scalar.string == "none" {
        background = nil
      } else if let view = r.mapping(node, "background", allowed: ["library", "flips", "rotations"]) {
        let library =
          r.required(view, "library", "a background library name or folder").flatMap {
            r.string($0, "background.library")
          } ?? ""
        let flips = r.value(view, "flips").flatMap { r.boolean($0, "background.flips") } ?? true
        let rotations = r.value(view, "rotations").flatMap { r.boolean($0, "background.rotations") } ?? true
        r.finish(view)
        background = BackgroundSpec(library: library, flips: flips, rotations: rotations)
      }
    }

    var noise = NoiseSpec(poisson: true, readNoise: true)
    if let node = r.value(top, "noise"), let view = r.mapping(node, "noise", allowed: ["poisson", "read_noise"]) {
      noise.poisson = r.value(view, "poisson").flatMap { r.boolean($0, "noise.poisson") } ?? true
      noise.readNoise = r.value(view, "read_noise").flatMap { r.boolean($0, "noise.read_noise") } ?? true
      r.finish(view)
    }

    var labels = defaultLabels
    if let node = r.value(top, "labels"), let values = r.strings(node, "labels") {
      if values.isEmpty { r.fail(node, "labels", value: "[]", "needs at least one label") }
      for label in values where !knownLabels.contains(label) {
        var rule = "unknown label"
        if let suggestion = Spelling.closest(to: label, among: knownLabels) {
          rule += "; did you mean '\(suggestion)'?"
        }
        r.fail(node, "labels", value: "'\(label)'", rule + " (known: \(knownLabels.joined(separator: ", ")))")
      }
      if Set(values).count != values.count { r.fail(node, "labels", value: "\(values)", "each label may appear once") }
      labels = values
    }

    let grid = r.value(top, "grid").flatMap { readGrid($0, r) }
    if grid == nil, samples == nil, r.value(top, "grid") == nil {
      r.fail(
        root, "samples", value: nil, "is required (how many samples `generate` writes) unless the recipe has a grid")
    }

    guard let cluster else { return nil }
    return Recipe(
      version: version, name: name, seed: seed, samples: samples, shardSize: shardSize, compression: compression,
      storeCatalogue: storeCatalogue, instrument: instrument, bands: bands, imageHeightPixels: height,
      imageWidthPixels: width, pixelScaleArcsec: pixelScale, isochrones: isochrones, imf: imf,
      distanceModulus: distanceModulus, cluster: cluster, background: background, noise: noise, labels: labels,
      grid: grid, sourceText: text, sourceName: sourceName, locations: r.locations)
  }

  private static func defaultName(_ sourceName: String) -> String {
    let file = sourceName.split(separator: "/").last.map(String.init) ?? sourceName
    return file.hasSuffix(".yaml") ? String(file.dropLast(5)) : file
  }

  static let defaultIMF = InitialMassFunctionSpec(
    kind: .kroupa, minimumMassSolar: 0.08, maximumMassSolar: 150, slopes: [], breakMassesSolar: [])

  private static func readCompression(_ node: Node?, _ r: RecipeNodeReader) -> ShardCompression? {
    guard let node else { return nil }
    if case .scalar(let scalar) = node {
      switch scalar.string {
      case "none": return ShardCompression.none
      case "deflate": return .deflate(level: 1)
      default:
        r.fail(node, "compression", value: "'\(scalar.string)'", "must be none, deflate or {deflate: LEVEL}")
        return nil
      }
    }
    guard let view = r.mapping(node, "compression", allowed: ["deflate"]) else { return nil }
    defer { r.finish(view) }
    guard let levelNode = r.required(view, "deflate", "a level from 1 to 9"),
      let level = r.integer(levelNode, "compression.deflate")
    else { return nil }
    guard (1...9).contains(level) else {
      r.fail(levelNode, "compression.deflate", value: "\(level)", "must be from 1 to 9")
      return nil
    }
    return .deflate(level: level)
  }

  private static func readIMF(_ node: Node?, _ r: RecipeNodeReader) -> InitialMassFunctionSpec? {
    guard let node else { return nil }
    let kinds = InitialMassFunctionSpec.Kind.allCases.map(\.rawValue)
    if case .scalar(let scalar) = node {
      guard let kind = InitialMassFunctionSpec.Kind(rawValue: scalar.string), kind != .brokenPowerLaw else {
        r.fail(node, "imf", value: "'\(scalar.string)'", "must be kroupa, chabrier, salpeter or a mapping")
        return nil
      }
      var spec = defaultIMF
      spec.kind = kind
      return spec
    }
    guard let view = r.mapping(node, "imf", allowed: ["kind", "min_mass", "max_mass", "slopes", "break_masses"])
    else { return nil }
    defer { r.finish(view) }
    var spec = defaultIMF
    if let kindNode = r.required(view, "kind", kinds.joined(separator: ", ")), let name = r.string(kindNode, "imf.kind")
    {
      if let kind = InitialMassFunctionSpec.Kind(rawValue: name) {
        spec.kind = kind
      } else {
        let hint = Spelling.closest(to: name, among: kinds).map { "; did you mean '\($0)'?" } ?? ""
        r.fail(kindNode, "imf.kind", value: "'\(name)'", "unknown IMF (known: \(kinds.joined(separator: ", ")))\(hint)")
        return nil
      }
    }
    if spec.kind == .chabrier { spec.minimumMassSolar = 0.08 }
    if let n = r.value(view, "min_mass"), let v = r.number(n, "imf.min_mass") {
      if v <= 0 {
        r.fail(n, "imf.min_mass", value: "\(v)", "must be > 0 solar masses")
      } else {
        spec.minimumMassSolar = v
      }
    }
    if let n = r.value(view, "max_mass"), let v = r.number(n, "imf.max_mass") {
      if v <= spec.minimumMassSolar {
        r.fail(n, "imf.max_mass", value: "\(v)", "must exceed imf.min_mass (\(spec.minimumMassSolar))")
      } else {
        spec.maximumMassSolar = v
      }
    }
    let slopesNode = r.value(view, "slopes")
    let breaksNode = r.value(view, "break_masses")
    if spec.kind == .brokenPowerLaw {
      guard let slopesNode, let slopes = r.numbers(slopesNode, "imf.slopes"), !slopes.isEmpty else {
        if slopesNode == nil { r.fail(view.node, "imf.slopes", value: nil, "is required for broken_power_law") }
        return nil
      }
      let breaks = breaksNode.flatMap { r.numbers($0, "imf.break_masses") } ?? []
      if breaks.count != slopes.count - 1 {
        r.fail(
          breaksNode ?? slopesNode, "imf.break_masses", value: "\(breaks)",
          "needs one break mass fewer than slopes (\(slopes.count - 1))")
        return nil
      }
      let edges = [spec.minimumMassSolar] + breaks + [spec.maximumMassSolar]
      if zip(edges, edges.dropFirst()).contains(where: { $0 >= $1 }) {
        r.fail(
          breaksNode ?? view.node, "imf.break_masses", value: "\(breaks)",
          "break masses must increase strictly between min_mass and max_mass")
        return nil
      }
      spec.slopes = slopes
      spec.breakMassesSolar = breaks
    } else if let extra = slopesNode ?? breaksNode {
      r.fail(extra, "imf", value: nil, "slopes and break_masses are only for kind broken_power_law")
    }
    return spec
  }

  private static func readCluster(_ node: Node, _ r: RecipeNodeReader) -> ClusterSpec? {
    guard let view = r.mapping(node, "cluster", allowed: clusterKeys) else { return nil }
    defer { r.finish(view) }
    func dist(
      _ key: String, required: Bool = false, _ allowed: ClosedRange<Double>? = nil, _ rule: String = "",
      default fallback: ParameterDistribution
    ) -> ParameterDistribution? {
      let node = required ? r.required(view, key, "a number or a distribution") : r.value(view, key)
      guard let node else { return required ? nil : fallback }
      return r.distribution(node, view.childPath(key), allowed: allowed, allowedRule: rule)
    }
    let logAge = dist("log_age", required: true, 5...10.5, "log10(age/yr) must lie in [5, 10.5]", default: .fixed(8))
    let logMass = dist("log_mass", required: true, 0...8, "log10(mass/M☉) must lie in [0, 8]", default: .fixed(3))
    let rh = dist("r_h_pc", required: true, 0.01...100, "r_h must lie in [0.01, 100] pc (positive)", default: .fixed(1))
    let metallicity = dist("metallicity", -3...1, "[M/H] must lie in [-3, 1]", default: .fixed(0))
    let av = dist("a_v", 0...10, "A_V must lie in [0, 10] mag", default: .fixed(0))
    let dav = dist("differential_a_v_sigma", 0...5, "must lie in [0, 5] mag", default: .fixed(0))
    let ellipticity = dist("ellipticity", 0...0.9, "ellipticity 1 − b/a must lie in [0, 0.9]", default: .fixed(0))
    let pa = dist(
      "position_angle_deg", -360...360, "must lie in [−360, 360] degrees", default: .uniform(low: 0, high: 180))
    let offset = dist("center_offset_px", -1000...1000, "must lie in [−1000, 1000] pixels", default: .fixed(0))

    var profile = ClusterSpec.ProfileKind.eff
    var gamma = ParameterDistribution.fixed(2.6)
    var concentration = ParameterDistribution.fixed(1.0)
    var truncation = 10.0
    if let profileNode = r.value(view, "profile"),
      let p = r.mapping(profileNode, "cluster.profile", allowed: ["kind", "gamma", "concentration", "truncation_r_h"])
    {
      let kinds = ClusterSpec.ProfileKind.allCases.map(\.rawValue)
      if let kindNode = r.required(p, "kind", kinds.joined(separator: ", ")),
        let name = r.string(kindNode, "cluster.profile.kind")
      {
        if let kind = ClusterSpec.ProfileKind(rawValue: name) {
          profile = kind
        } else {
          let hint = Spelling.closest(to: name, among: kinds).map { "; did you mean '\($0)'?" } ?? ""
          r.fail(
            kindNode, "cluster.profile.kind", value: "'\(name)'", "unknown profile (known: eff, king, plummer)\(hint)")
        }
      }
      if let g = r.value(p, "gamma") {
        if profile != .eff { r.fail(g, "cluster.profile.gamma", value: nil, "gamma is only for kind eff") }
        gamma =
          r.distribution(
            g, "cluster.profile.gamma", allowed: 2.05...10,
            allowedRule: "EFF γ must lie in (2, 10] (γ ≤ 2 has infinite light)"
          ) ?? gamma
      }
      if let c = r.value(p, "concentration") {
        if profile != .king {
          r.fail(c, "cluster.profile.concentration", value: nil, "concentration is only for kind king")
        }
        concentration =
          r.distribution(
            c, "cluster.profile.concentration", allowed: 0.1...3,
            allowedRule: "King concentration log10(r_t/r_c) must lie in [0.1, 3]") ?? concentration
      }
      if let t = r.value(p, "truncation_r_h"), let value = r.number(t, "cluster.profile.truncation_r_h") {
        if value < 2 || value > 1000 {
          r.fail(t, "cluster.profile.truncation_r_h", value: "\(value)", "must lie in [2, 1000] half-light radii")
        } else {
          truncation = value
        }
      }
      r.finish(p)
    }
    guard let logAge, let logMass, let rh, let metallicity, let av, let dav, let ellipticity, let pa, let offset else {
      return nil
    }
    return ClusterSpec(
      logAgeYears: logAge, logMassSolar: logMass, rHalfLightParsecs: rh, metallicity: metallicity, extinctionAV: av,
      differentialAVSigma: dav, profile: profile, effGamma: gamma, kingConcentration: concentration,
      truncationRadiusInHalfLightRadii: truncation, ellipticity: ellipticity, positionAngleDegrees: pa,
      centerOffsetPixels: offset)
  }

  private static func readGrid(_ node: Node, _ r: RecipeNodeReader) -> GridSpec? {
    guard let view = r.mapping(node, "grid", allowed: ["axes", "realisations"]) else { return nil }
    defer { r.finish(view) }
    var realisations = 1
    if let n = r.value(view, "realisations"), let k = r.integer(n, "grid.realisations") {
      if k <= 0 { r.fail(n, "grid.realisations", value: "\(k)", "must be > 0") } else { realisations = k }
    }
    guard let axesNode = r.required(view, "axes", "the grid's parameter axes"),
      let axesView = r.mapping(axesNode, "grid.axes", allowed: gridParameters)
    else { return nil }
    defer { r.finish(axesView) }
    var axes: [GridSpec.Axis] = []
    for entry in axesView.entries where gridParameters.contains(entry.key) {
      let path = axesView.childPath(entry.key)
      _ = r.value(axesView, entry.key)
      var values: [Double]?
      if case .sequence = entry.value {
        values = r.numbers(entry.value, path)
      } else if let spec = r.mapping(entry.value, path, allowed: ["from", "to", "count"]) {
        let from = r.required(spec, "from", "first node").flatMap { r.number($0, "\(path).from") }
        let to = r.required(spec, "to", "last node").flatMap { r.number($0, "\(path).to") }
        let countNode = r.required(spec, "count", "number of nodes")
        let count = countNode.flatMap { r.integer($0, "\(path).count") }
        r.finish(spec)
        if let from, let to, let count, let countNode {
          if count < 1 || count > 10_000 {
            r.fail(countNode, "\(path).count", value: "\(count)", "must be from 1 to 10000")
          } else {
            values = (0..<count).map { count == 1 ? from : from + (to - from) * Double($0) / Double(count - 1) }
          }
        }
      }
      guard let values else { continue }
      if values.isEmpty {
        r.fail(entry.value, path, value: "[]", "an axis needs at least one value")
      } else if zip(values, values.dropFirst()).contains(where: { $0 >= $1 }) {
        r.fail(entry.value, path, value: "\(values)", "axis values must increase strictly")
      } else {
        axes.append(GridSpec.Axis(parameter: entry.key, values: values))
      }
    }
    if axes.isEmpty, axesView.entries.isEmpty {
      r.fail(axesNode, "grid.axes", value: nil, "needs at least one axis (\(gridParameters.joined(separator: ", ")))")
    }
    return GridSpec(axes: axes, realisations: realisations)
  }
}
