import ArgumentParser
import Datasets
import Foundation
import Pipeline
import RecipeFormat
import Synchronization

/// Options shared by `generate` and `grid`.
struct GenerationOptions: ParsableArguments {
  @Argument(help: "Recipe file (YAML).")
  var recipe: String

  @Option(help: "Output folder for the shards (default: shards/<recipe name>).")
  var out: String?

  @Option(help: "Worker threads (default: all cores). The output is the same bytes for any count.")
  var threads: Int?

  @Flag(help: "Keep complete shards already in the output folder and write the rest.")
  var resume = false

  @Flag(help: "Print the summary as JSON.")
  var json = false

  @Option(
    help: """
      This task's index in a partitioned run; it writes a contiguous block of whole shards \
      (default: ($SLURM_ARRAY_TASK_ID − $SLURM_ARRAY_TASK_MIN) / $SLURM_ARRAY_TASK_STEP).
      """)
  var taskIndex: Int?

  @Option(help: "Number of tasks in a partitioned run (default: $SLURM_ARRAY_TASK_COUNT, else 1).")
  var taskCount: Int?
}

struct GenerateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Write a training set: the recipe's samples as labelled HDF5 shards.")

  @OptionGroup var options: GenerationOptions

  func run() throws { try CLIFailure.reporting { try GenerationRunner.run(options, expectGrid: false) } }
}

struct GridCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "grid",
    abstract: "Write a validation grid: the recipe's grid nodes × realisations as labelled HDF5 shards.")

  @OptionGroup var options: GenerationOptions

  func run() throws { try CLIFailure.reporting { try GenerationRunner.run(options, expectGrid: true) } }
}

enum GenerationRunner {
  static func run(_ options: GenerationOptions, expectGrid: Bool) throws {
    let recipe: Recipe
    do {
      recipe = try RecipeLoader.load(path: options.recipe)
    } catch {
      throw CLIFailure(error.description, exitCode: 65)
    }
    if expectGrid && recipe.grid == nil {
      throw CLIFailure("\(options.recipe): has no `grid:` section; use `starmill generate` for training sets")
    }
    if !expectGrid && recipe.grid != nil {
      throw CLIFailure("\(options.recipe): is a grid recipe; use `starmill grid` to write it")
    }
    let environment = ProcessInfo.processInfo.environment
    let resources = ResourceLocator.standard(
      recipePath: options.recipe, home: environment["STARMILL_HOME"],
      currentDirectory: FileManager.default.currentDirectoryPath, executablePath: CommandLine.arguments[0])
    let plan: DatasetPlan
    do {
      plan = try DatasetPlanner.plan(recipe, resources: resources)
    } catch let failure as RecipeValidationFailure {
      throw CLIFailure(failure.description, exitCode: 65)
    }

    let (taskIndex, taskCount) = try partition(options, environment: environment)
    let threads = max(1, options.threads ?? ProcessInfo.processInfo.activeProcessorCount)
    let output = options.out ?? "shards/\(recipe.name)"
    let generation = ShardedGeneration(
      layout: plan.layout, outputDirectory: output, threadCount: threads, resume: options.resume,
      taskIndex: taskIndex, taskCount: taskCount, recipeSHA256: recipe.sha256,
      metadata: { plan.metadata(shard: $0, range: $1) },
      simulate: { try plan.simulate(sampleIndex: $0) })

    let stop = InterruptFlag.install()
    let progress = ProgressPrinter(label: recipe.name)
    let summary: GenerationSummary
    do {
      summary = try generation.run(shouldStop: { stop.isSet }, report: progress.update)
    } catch let interrupted as GenerationInterrupted {
      progress.finish()
      throw CLIFailure(interrupted.description, exitCode: 130)
    } catch let error as ShardError {
      progress.finish()
      throw CLIFailure(error.description)
    }
    progress.finish()
    if options.json {
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
      print(String(decoding: try encoder.encode(summary), as: UTF8.self))
    } else {
      let shards = plan.layout.shards(forTask: taskIndex, of: taskCount)
      let task =
        taskCount == 1
        ? ""
        : "task \(taskIndex) of \(taskCount) (shards \(shards.lowerBound)..<\(shards.upperBound) of \(plan.layout.shardCount)): "
      print(
        task + "\(summary.samplesWritten) samples in \(summary.shardsWritten.count) shards written to \(output)"
          + (summary.shardsSkipped.isEmpty ? "" : " (\(summary.shardsSkipped.count) complete shards kept)")
          + String(
            format: " in %.1f s: %.1f samples/s on %d threads", summary.elapsedSeconds, summary.samplesPerSecond,
            threads))
    }
  }

  static func partition(_ options: GenerationOptions, environment: [String: String]) throws -> (Int, Int) {
    do {
      let partition = try TaskPartition.resolve(
        taskIndex: options.taskIndex, taskCount: options.taskCount, environment: environment)
      return (partition.taskIndex, partition.taskCount)
    } catch {
      throw CLIFailure(error.description, exitCode: 64)
    }
  }
}

/// A failure the CLI reports as one message on stderr with an exit code (no stack, no usage).
struct CLIFailure: Error, CustomStringConvertible {
  var message: String
  var exitCode: Int32
  init(_ message: String, exitCode: Int32 = 1) {
    self.message = message
    self.exitCode = exitCode
  }
  var description: String { message }

  /// Runs `body`, turning a `CLIFailure` into its message on stderr and its exit code.
  static func reporting(_ body: () throws -> Void) throws {
    do {
      try body()
    } catch let failure as CLIFailure {
      FileHandle.standardError.write(Data("starmill: \(failure.message)\n".utf8))
      throw ExitCode(failure.exitCode)
    }
  }
}

/// Set by SIGINT/SIGTERM; generation polls it between samples and stops after cleaning up.
final class InterruptFlag: Sendable {
  private let flag = Atomic<Bool>(false)
  var isSet: Bool { flag.load(ordering: .relaxed) }

  nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

  static func install() -> InterruptFlag {
    let interrupt = InterruptFlag()
    for signalNumber in [SIGINT, SIGTERM] {
      signal(signalNumber, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
      source.setEventHandler {
        if interrupt.isSet { exit(130) }  // a second Ctrl-C stops at once
        interrupt.flag.store(true, ordering: .relaxed)
        FileHandle.standardError.write(Data("\nstopping after the current samples (Ctrl-C again to abort)\n".utf8))
      }
      source.resume()
      sources.append(source)
    }
    return interrupt
  }
}
