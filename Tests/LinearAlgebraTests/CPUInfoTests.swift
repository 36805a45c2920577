import LinearAlgebra
import Testing

/// `CPUInfo.firstProcessorFields` reads the first processor's "key : value" lines of
/// /proc/cpuinfo, the one parser behind the OpenBLAS kernel choice and the benchmark headers.
@Suite struct CPUInfoTests {
  @Test func readsTheFirstProcessorsFieldsOnly() {
    let text =
      "\nprocessor\t: 0\nmodel name\t: AMD EPYC\nmodel\t\t: 2\nflags\t\t: fpu  avx2 \npower management:\n\n"
      + "processor\t: 1\nmodel name\t: Other\nbogus line\n"
    let fields = CPUInfo.firstProcessorFields(text)
    #expect(fields["processor"] == "0")
    #expect(fields["model name"] == "AMD EPYC")
    #expect(fields["model"] == "2")
    #expect(fields["flags"] == "fpu  avx2")
    #expect(fields["power management"] == "")
    #expect(fields.count == 5)
  }

  @Test func isEmptyWithoutFields() {
    #expect(CPUInfo.firstProcessorFields("").isEmpty)
    #expect(CPUInfo.firstProcessorFields("no fields here\n\n").isEmpty)
  }
}
