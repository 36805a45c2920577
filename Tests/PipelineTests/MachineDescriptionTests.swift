import Testing

@testable import Pipeline

/// `MachineDescription` parses /proc/cpuinfo and /proc/loadavg texts: the family and model
/// numbers are what tell the project's Zen 3 and Zen 5 VMs apart (both say "AMD EPYC").
@Suite struct MachineDescriptionTests {
  /// Two processors of an x86 /proc/cpuinfo (trimmed); only the first one's fields count.
  static let zen5CPUInfo = """
    processor\t: 0
    vendor_id\t: AuthenticAMD
    cpu family\t: 26
    model\t\t: 2
    model name\t: AMD EPYC
    stepping\t: 1
    flags\t\t: fpu vme avx2 avx512f

    processor\t: 1
    vendor_id\t: AuthenticAMD
    cpu family\t: 25
    model\t\t: 1
    model name\t: Some Other CPU

    """

  @Test func namesTheModelWithFamilyAndModelNumbers() {
    #expect(MachineDescription.cpu(fromCPUInfo: Self.zen5CPUInfo) == "AMD EPYC (family 26, model 2)")
  }

  @Test func keepsTheNameAloneWithoutX86Numbers() {
    let arm = "processor\t: 0\nmodel name\t: Neoverse-N1\nBogoMIPS\t: 50.00\n"
    #expect(MachineDescription.cpu(fromCPUInfo: arm) == "Neoverse-N1")
  }

  @Test func saysUnknownWithoutAModelName() {
    #expect(MachineDescription.cpu(fromCPUInfo: "") == "unknown CPU")
    #expect(MachineDescription.cpu(fromCPUInfo: "processor\t: 0\nCPU implementer\t: 0x41\n") == "unknown CPU")
  }

  @Test func readsTheThreeLoadAverages() {
    #expect(MachineDescription.loadAverage(fromProcLoadavg: "0.93 1.21 1.10 2/171 5123\n") == "0.93, 1.21, 1.10")
    #expect(MachineDescription.loadAverage(fromProcLoadavg: "") == nil)
    #expect(MachineDescription.loadAverage(fromProcLoadavg: "0.93 busy 1.10 2/171 5123") == nil)
  }
}
