internal import Yams

/// Walks a composed YAML tree, converting values and collecting `RecipeError`s with locations.
/// Every read of a mapping marks its keys as used; `finish` reports the keys nobody read as
/// unknown, with a "did you mean" from the keys that mapping accepts.
final class RecipeNodeReader {
  let sourceName: String
  private(set) var errors: [RecipeError] = []
  private(set) var locations: [String: SourceLocation] = [:]

  init(sourceName: String) { self.sourceName = sourceName }

  func location(_ node: Node?) -> SourceLocation {
    guard let mark = node?.mark else { return SourceLocation(file: sourceName, line: 1, column: 1) }
    return SourceLocation(file: sourceName, line: mark.line, column: mark.column)
  }

  func fail(_ node: Node?, _ path: String, value: String?, _ rule: String) {
    errors.append(RecipeError(location: location(node), fieldPath: path, value: value, rule: rule))
  }

  func record(_ node: Node, _ path: String) { locations[path] = location(node) }

  /// A short rendering of a node for messages.
  static func describe(_ node: Node) -> String {
    switch node {
    case .scalar(let scalar): return "'\(scalar.string)'"
    case .sequence: return "a list"
    case .mapping: return "a mapping"
    case .alias: return "an alias"
    }
  }

  // MARK: Mappings

  /// A mapping's entries by key, with the keys it accepts; reports non-mappings and non-string keys.
  final class MappingView {
    let node: Node
    let path: String
    let entries: [(key: String, keyNode: Node, value: Node)]
    let allowed: [String]
    var used: Set<String> = []

    init(node: Node, path: String, entries: [(String, Node, Node)], allowed: [String]) {
      self.node = node
      self.path = path
      self.entries = entries.map { (key: $0.0, keyNode: $0.1, value: $0.2) }
      self.allowed = allowed
    }

    func childPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
  }

  func mapping(_ node: Node, _ path: String, allowed: [String]) -> MappingView? {
    record(node, path)
    guard case .mapping(let mapping) = node else {
      fail(node, path, value: Self.describe(node), "must be a mapping with keys \(allowed.joined(separator: ", "))")
      return nil
    }
    var entries: [(String, Node, Node)] = []
    for (keyNode, value) in mapping {
      guard case .scalar(let scalar) = keyNode else {
        fail(keyNode, path, value: Self.describe(keyNode), "keys must be plain names")
        continue
      }
      entries.append((scalar.string, keyNode, value))
    }
    return MappingView(node: node, path: path, entries: entries, allowed: allowed)
  }

  func value(_ view: MappingView, _ key: String) -> Node? {
    view.used.insert(key)
    guard let entry = view.entries.first(where: { $0.key == key }) else { return nil }
    record(entry.value, view.childPath(key))
    return entry.value
  }

  func required(_ view: MappingView, _ key: String, _ what: String) -> Node? {
    if let node = value(view, key) { return node }
    fail(view.node, view.childPath(key), value: nil, "is required (\(what))")
    return nil
  }

  /// Reports keys that were never read as unknown, suggesting the closest accepted key.
  func finish(_ view: MappingView) {
    for entry in view.entries where !view.used.contains(entry.key) {
      var rule = "unknown key"
      if let suggestion = Spelling.closest(to: entry.key, among: view.allowed) {
        rule += "; did you mean '\(suggestion)'?"
      } else {
        rule += "; expected one of: \(view.allowed.joined(separator: ", "))"
      }
      fail(entry.keyNode, view.childPath(entry.key), value: "'\(entry.key)'", rule)
    }
  }

  // MARK: Scalars

  func string(_ node: Node, _ path: String) -> String? {
    guard case .scalar(let scalar) = node, !scalar.string.isEmpty else {
      fail(node, path, value: Self.describe(node), "must be a non-empty string")
      return nil
    }
    return scalar.string
  }

  func number(_ node: Node, _ path: String) -> Double? {
    guard case .scalar(let scalar) = node, let value = Double.construct(from: scalar), value.isFinite,
      scalar.style == .plain
    else {
      fail(node, path, value: Self.describe(node), "must be a finite number")
      return nil
    }
    return value
  }

  func integer(_ node: Node, _ path: String) -> Int? {
    guard case .scalar(let scalar) = node, scalar.style == .plain, let value = Int(scalar.string) else {
      fail(node, path, value: Self.describe(node), "must be an integer")
      return nil
    }
    return value
  }

  func boolean(_ node: Node, _ path: String) -> Bool? {
    guard case .scalar(let scalar) = node, scalar.style == .plain,
      let value = ["true": true, "false": false, "yes": true, "no": false][scalar.string.lowercased()]
    else {
      fail(node, path, value: Self.describe(node), "must be true or false")
      return nil
    }
    return value
  }

  func sequence(_ node: Node, _ path: String) -> [Node]? {
    guard case .sequence(let sequence) = node else {
      fail(node, path, value: Self.describe(node), "must be a list")
      return nil
    }
    return Array(sequence)
  }

  func numbers(_ node: Node, _ path: String) -> [Double]? {
    guard let items = sequence(node, path) else { return nil }
    var values: [Double] = []
    for (index, item) in items.enumerated() {
      guard let value = number(item, "\(path)[\(index)]") else { return nil }
      values.append(value)
    }
    return values
  }

  func strings(_ node: Node, _ path: String) -> [String]? {
    guard let items = sequence(node, path) else { return nil }
    var values: [String] = []
    for (index, item) in items.enumerated() {
      guard let value = string(item, "\(path)[\(index)]") else { return nil }
      values.append(value)
    }
    return values
  }

  // MARK: Distributions

  /// Reads a `ParameterDistribution` (see its doc comment for the forms) and checks that every
  /// value it can produce lies in `allowed` (when given), naming the rule in `allowedRule`.
  func distribution(
    _ node: Node, _ path: String, allowed: ClosedRange<Double>? = nil, allowedRule: String = ""
  ) -> ParameterDistribution? {
    if case .scalar = node {
      guard let value = number(node, path) else { return nil }
      return checked(.fixed(value), node, path, allowed, allowedRule)
    }
    guard let view = mapping(node, path, allowed: ParameterDistribution.formNames) else { return nil }
    guard view.entries.count == 1, let entry = view.entries.first else {
      fail(
        node, path, value: Self.describe(node),
        "a distribution is a number or a mapping with exactly one of: "
          + ParameterDistribution.formNames.joined(separator: ", "))
      return nil
    }
    let formPath = view.childPath(entry.key)
    let result: ParameterDistribution?
    switch entry.key {
    case "fixed":
      result = number(entry.value, formPath).map { .fixed($0) }
    case "uniform", "log_uniform":
      guard let pair = numbers(entry.value, formPath) else { return nil }
      guard pair.count == 2, pair[0] < pair[1] else {
        fail(entry.value, formPath, value: "\(pair)", "must be [low, high] with low < high")
        return nil
      }
      if entry.key == "log_uniform" {
        guard pair[0] > 0 else {
          fail(entry.value, formPath, value: "\(pair)", "log_uniform needs low > 0")
          return nil
        }
        result = .logUniform(low: pair[0], high: pair[1])
      } else {
        result = .uniform(low: pair[0], high: pair[1])
      }
    case "normal":
      guard let normal = mapping(entry.value, formPath, allowed: ["mean", "sigma", "min", "max"]) else { return nil }
      defer { finish(normal) }
      let mean = required(normal, "mean", "the centre").flatMap { number($0, normal.childPath("mean")) }
      let sigmaNode = required(normal, "sigma", "the standard deviation")
      let sigma = sigmaNode.flatMap { number($0, normal.childPath("sigma")) }
      let minimum = value(normal, "min").flatMap { number($0, normal.childPath("min")) }
      let maximum = value(normal, "max").flatMap { number($0, normal.childPath("max")) }
      guard let mean, let sigma else { return nil }
      guard sigma > 0 else {
        fail(sigmaNode, normal.childPath("sigma"), value: "\(sigma)", "must be > 0")
        return nil
      }
      if let minimum, let maximum, minimum >= maximum {
        fail(entry.value, formPath, value: "min \(minimum), max \(maximum)", "min must be below max")
        return nil
      }
      result = .normal(mean: mean, sigma: sigma, minimum: minimum, maximum: maximum)
    case "choice":
      if case .sequence = entry.value {
        guard let values = numbers(entry.value, formPath) else { return nil }
        guard !values.isEmpty else {
          fail(entry.value, formPath, value: "[]", "needs at least one value")
          return nil
        }
        result = .choice(values: values, weights: nil)
      } else {
        guard let choice = mapping(entry.value, formPath, allowed: ["values", "weights"]) else { return nil }
        defer { finish(choice) }
        guard let valuesNode = required(choice, "values", "the values to choose from"),
          let values = numbers(valuesNode, choice.childPath("values"))
        else { return nil }
        guard !values.isEmpty else {
          fail(valuesNode, choice.childPath("values"), value: "[]", "needs at least one value")
          return nil
        }
        var weights: [Double]?
        if let weightsNode = value(choice, "weights") {
          guard let read = numbers(weightsNode, choice.childPath("weights")) else { return nil }
          guard read.count == values.count, read.allSatisfy({ $0 >= 0 }), read.contains(where: { $0 > 0 }) else {
            fail(
              weightsNode, choice.childPath("weights"), value: "\(read)",
              "needs one non-negative weight per value (\(values.count)), not all zero")
            return nil
          }
          weights = read
        }
        result = .choice(values: values, weights: weights)
      }
    default:
      finish(view)  // reports the unknown form with a "did you mean"
      return nil
    }
    view.used.insert(entry.key)
    finish(view)
    return result.flatMap { checked($0, node, path, allowed, allowedRule) }
  }

  private func checked(
    _ distribution: ParameterDistribution, _ node: Node, _ path: String, _ allowed: ClosedRange<Double>?,
    _ rule: String
  ) -> ParameterDistribution? {
    guard let allowed else { return distribution }
    let support = distribution.support
    if support.lowerBound < allowed.lowerBound || support.upperBound > allowed.upperBound {
      let shown =
        support.lowerBound == support.upperBound
        ? "\(support.lowerBound)" : "range [\(support.lowerBound), \(support.upperBound)]"
      fail(node, path, value: shown, rule)
      return nil
    }
    return distribution
  }
}

/// "Did you mean" suggestions by Damerau–Levenshtein (optimal string alignment) distance.
enum Spelling {
  static func closest(to word: String, among candidates: [String]) -> String? {
    let scored = candidates.map { ($0, distance(word.lowercased(), $0.lowercased())) }
    guard let best = scored.min(by: { $0.1 < $1.1 }) else { return nil }
    return best.1 <= max(2, word.count / 3) ? best.0 : nil
  }

  static func distance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
        }
      }
    }
    return d[a.count][b.count]
  }
}
