import Foundation

/// A benchmark that `starmill bench NAME` runs and prints as a table.
///
/// Benchmarks measure side by side in one run and quote ratios: the machines are shared and
/// noisy, so a number is only meaningful next to its comparison. Never assert a time in a test.
public struct Benchmark: Sendable {
  /// The name used on the command line (`starmill bench gemm`).
  public let name: String
  /// One line saying what is measured.
  public let summary: String
  /// Runs the measurement and returns its tables. `quick` shrinks the work (used by the tests
  /// to check that every benchmark still runs, never to judge speed).
  public let run: @Sendable (_ quick: Bool) throws -> [BenchmarkTable]

  public init(
    name: String, summary: String, run: @escaping @Sendable (_ quick: Bool) throws -> [BenchmarkTable]
  ) {
    self.name = name
    self.summary = summary
    self.run = run
  }
}

/// A printable result table.
public struct BenchmarkTable: Sendable {
  public var title: String
  public var columns: [String]
  public var rows: [[String]]
  public var notes: [String]

  public init(title: String, columns: [String], rows: [[String]] = [], notes: [String] = []) {
    self.title = title
    self.columns = columns
    self.rows = rows
    self.notes = notes
  }

  /// A Markdown table (readable in a terminal, pasteable into docs).
  public func rendered() -> String {
    var widths = columns.map(\.count)
    for row in rows {
      for (index, cell) in row.enumerated() where index < widths.count {
        widths[index] = max(widths[index], cell.count)
      }
    }
    func line(_ cells: [String]) -> String {
      "| "
        + cells.enumerated().map { index, cell in
          cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
        }.joined(separator: " | ") + " |"
    }
    var text = "## \(title)\n\n" + line(columns) + "\n"
    text += "| " + widths.map { String(repeating: "-", count: $0) }.joined(separator: " | ") + " |\n"
    for row in rows { text += line(row) + "\n" }
    for note in notes { text += "\n" + note }
    return text + "\n"
  }
}

/// Wall-clock timing helpers for benchmarks (monotonic clock).
public enum Stopwatch {
  /// Seconds taken by `body`.
  public static func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }

  /// The median of `repetitions` timings of `body`, in seconds.
  public static func medianSeconds(repetitions: Int, _ body: () throws -> Void) rethrows -> Double {
    var times: [Double] = []
    for _ in 0..<max(1, repetitions) { times.append(try seconds(body)) }
    times.sort()
    return times[times.count / 2]
  }
}

/// Every benchmark `starmill bench` knows, in the order `bench all` runs them.
public enum BenchmarkRegistry {
  public static let all: [Benchmark] = [
    GEMMBenchmark.benchmark,
    .hdf5,
    PopulationBenchmark.benchmark,
    RenderBenchmark.benchmark,
    RenderPopulationBenchmark.benchmark,
    RenderNoiseSplitBenchmark.benchmark,
    GenerationBenchmark.benchmark,
    NetworkBenchmark.benchmark,
    IndexBenchmark.benchmark,
  ]

  public static func named(_ name: String) -> Benchmark? {
    all.first { $0.name == name }
  }
}

/// CPU seconds used by the calling thread (`CLOCK_THREAD_CPUTIME_ID`): on a shared machine,
/// unlike wall time, it does not count the time the thread waited for a core.
func threadCPUSeconds() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// CPU seconds used by the whole process, every thread (`CLOCK_PROCESS_CPUTIME_ID`).
func processCPUSeconds() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// The process's anonymous memory on transparent huge pages (`AnonHugePages` of
/// `/proc/self/smaps_rollup`, in MiB), or nil where the kernel does not report it: whether the
/// renderer's stamp tables got the huge pages `HugePageMemory` asks for (0 when the kernel's THP
/// setting is `never`, or it found no free 2 MiB pages).
func anonymousHugePageMebibytes() -> Double? {
  guard let text = try? String(contentsOfFile: "/proc/self/smaps_rollup", encoding: .utf8) else { return nil }
  for line in text.split(separator: "\n") where line.hasPrefix("AnonHugePages:") {
    let fields = line.split(separator: " ")
    if fields.count >= 2, let kibibytes = Double(fields[1]) { return kibibytes / 1024 }
  }
  return nil
}

/// A benchmark note on `anonymousHugePageMebibytes()` (taken while the benchmark's tables live).
func hugePageNote() -> String {
  guard let mebibytes = anonymousHugePageMebibytes() else {
    return "Huge pages: not reported by this kernel (stamp tables on ordinary pages, or unknown)."
  }
  return String(
    format: "Huge pages: %.0f MiB of the process's memory (the stamp tables ask for them: HugePageMemory; "
      + "0 means ordinary 4 KiB pages, e.g. THP set to never: same results, 0–4 %% slower on the Zen 3 VM of session 10).",
    mebibytes)
}

extension ResourceLocator {
  /// The resource roots for benchmarks, as the CLI's commands find them: the current folder,
  /// `$STARMILL_HOME`, and the checkout that holds the running binary.
  static func forBenchmarks() -> ResourceLocator {
    ResourceLocator.standard(
      recipePath: nil, home: ProcessInfo.processInfo.environment["STARMILL_HOME"],
      currentDirectory: FileManager.default.currentDirectoryPath, executablePath: CommandLine.arguments[0])
  }
}
