/// The text of Linux's `/proc/cpuinfo`, read as "key : value" lines: the one parser behind
/// `OpenBLASCoreType.cpuFlags(fromCPUInfo:)` (the SIMD flags that choose OpenBLAS's kernels) and
/// Pipeline's `MachineDescription` (model name, x86 family and model for benchmark headers).
public enum CPUInfo {
  /// The fields of the first processor's block (up to the first empty line after a field), key
  /// and value trimmed of blanks and tabs; the first occurrence of a key wins. Empty for text
  /// without "key : value" lines.
  public static func firstProcessorFields(_ text: String) -> [String: String] {
    var fields: [String: String] = [:]
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      if line.allSatisfy({ $0 == " " || $0 == "\t" }) {
        if !fields.isEmpty { break }
        continue
      }
      let parts = line.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
      guard parts.count == 2 else { continue }
      let key = trimmed(parts[0])
      if fields[key] == nil { fields[key] = trimmed(parts[1]) }
    }
    return fields
  }

  private static func trimmed(_ text: Substring) -> String {
    let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
    guard let first = text.firstIndex(where: { !isBlank($0) }), let last = text.lastIndex(where: { !isBlank($0) })
    else { return "" }
    return String(text[first...last])
  }
}
