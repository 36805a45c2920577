import Foundation
import LinearAlgebra

/// A one-line description of this machine for model cards and benchmark notes: CPU model,
/// logical CPUs, OpenBLAS kernels and threads.
public enum MachineDescription {
  public static func current(threads: Int) -> String {
    let cpuInfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    var model = "unknown CPU"
    if let line = cpuInfo.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
      let value = line.split(separator: ":", maxSplits: 1).last
    {
      model = value.trimmingCharacters(in: .whitespaces)
    }
    return "\(model), \(ProcessInfo.processInfo.activeProcessorCount) logical CPUs, "
      + "OpenBLAS \(OpenBLAS.coreName) kernels, \(threads) thread(s)"
  }
}
