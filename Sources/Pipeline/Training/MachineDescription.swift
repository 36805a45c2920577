import Foundation
import LinearAlgebra

/// One-line descriptions of this machine for model cards and benchmark headers: CPU model with
/// its x86 family and model numbers (the model name alone does not tell machines apart: the
/// project's Zen 3 and Zen 5 VMs both report "AMD EPYC"), logical CPUs, OpenBLAS kernels and
/// threads, and the load average that benchmark numbers were taken under.
public enum MachineDescription {
  /// "CPU, N logical CPUs, OpenBLAS K kernels, T thread(s)" (model cards).
  public static func current(threads: Int) -> String {
    "\(cpu(fromCPUInfo: cpuInfoText())), \(ProcessInfo.processInfo.activeProcessorCount) logical CPUs, "
      + "OpenBLAS \(OpenBLAS.coreName) kernels, \(threads) thread(s)"
  }

  /// "CPU, N logical CPUs, load average a, b, c" (benchmark headers: the load shows how shared
  /// the machine was when the numbers were taken; "load average unknown" without /proc/loadavg).
  public static func benchmarkHeader() -> String {
    let load = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)).flatMap(loadAverage(fromProcLoadavg:))
    return "\(cpu(fromCPUInfo: cpuInfoText())), \(ProcessInfo.processInfo.activeProcessorCount) logical CPUs, "
      + (load.map { "load average \($0)" } ?? "load average unknown")
  }

  /// The first processor's "model name", with " (family F, model M)" when /proc/cpuinfo gives
  /// the x86 `cpu family` and `model` numbers (decimal, as the kernel prints them); "unknown CPU"
  /// when there is no model name.
  public static func cpu(fromCPUInfo text: String) -> String {
    let fields = CPUInfo.firstProcessorFields(text)
    guard let name = fields["model name"], !name.isEmpty else { return "unknown CPU" }
    guard let family = fields["cpu family"], let model = fields["model"] else { return name }
    return "\(name) (family \(family), model \(model))"
  }

  /// "a, b, c" (the 1, 5 and 15 minute load averages) from the text of /proc/loadavg; nil when
  /// the text does not start with three numbers.
  public static func loadAverage(fromProcLoadavg text: String) -> String? {
    let fields = text.split(separator: " ").prefix(3)
    guard fields.count == 3, fields.allSatisfy({ Double($0) != nil }) else { return nil }
    return fields.joined(separator: ", ")
  }

  private static func cpuInfoText() -> String {
    (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
  }
}
